import { describe, expect, it } from "vitest";
import { ApiError, toApiError } from "./errors";

describe("toApiError", () => {
  it("reads the JSON the Go error formatter sends", () => {
    const e = toApiError(
      new Error(JSON.stringify({ message: "Reason is required", fields: [{ field: "reason", rule: "required", message: "Say why" }] })),
    );
    expect(e).toBeInstanceOf(ApiError);
    expect(e.message).toBe("Reason is required");
    expect(e.field("reason")).toBe("Say why");
    expect(e.field("owner")).toBeUndefined();
  });
  it("keeps a plain message as it is", () => {
    expect(toApiError(new Error("database is locked")).message).toBe("database is locked");
    expect(toApiError("boom").message).toBe("boom");
    expect(toApiError(new Error("{not json")).message).toBe("{not json");
  });
});

import { describe, expect, it } from "vitest";
import { ApiError, formErrors, toApiError } from "./errors";

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

describe("formErrors", () => {
  it("puts each message beside its field and keeps the rest", () => {
    const e = new ApiError("a; b; c", [
      { field: "conditions[0].owner", rule: "required", message: "Every action needs an owner" },
      { field: "blocked", rule: "required", message: "Say what becomes of COM-03" },
      { field: "mystery", rule: "x", message: "Something else" },
    ]);
    const { fields, other } = formErrors(e, (f) => f.startsWith("conditions") || f === "blocked");
    expect(fields["conditions[0].owner"]).toBe("Every action needs an owner");
    expect(fields["blocked"]).toBe("Say what becomes of COM-03");
    expect(other).toBe("Something else");
  });
  it("shows a plain error whole", () => {
    expect(formErrors(new Error("disk full"), () => true).other).toBe("disk full");
  });
});

import { describe, expect, it } from "vitest";
import type { PeerView } from "../../api";
import {
  countdown,
  expiresText,
  isPresent,
  joinCandidates,
  joinTarget,
  joinErrorText,
  looksLikeAddress,
  peerLabel,
  presenceText,
  REFUSED,
  remainingMs,
  sharingLabel,
  sortPeers,
  syncErrorText,
  syncText,
  tidyCode,
  typeableAddress,
} from "./peers";

const now = Date.parse("2026-12-04T12:00:00Z");
const minutesAgo = (m: number) => new Date(now - m * 60_000).toISOString();
const peer = (p: Partial<{ paired: boolean; online: boolean; name: string; short: string }>) => ({
  paired: false,
  online: false,
  name: "",
  short: "0000000000000000",
  ...p,
});

describe("peer labels", () => {
  it("names a paired teammate, and never an unpaired device", () => {
    expect(peerLabel({ paired: true, name: "Sam's laptop", short: "ab12cd34ef56ab78" })).toBe("Sam's laptop");
    expect(peerLabel({ paired: false, name: "Mallory", short: "ab12cd34ef56ab78" })).toBe("Unpaired device ab12cd34ef56ab78");
    expect(peerLabel({ paired: true, name: "  ", short: "ab12cd34ef56ab78" })).toBe("Teammate ab12cd34ef56ab78");
  });

  it("keeps hostile text as the text it is", () => {
    const name = '<img src=x onerror="alert(1)">';
    expect(peerLabel({ paired: true, name, short: "ab" })).toBe(name);
  });
});

describe("sync state in words", () => {
  it("says last synced, never synced or syncing", () => {
    expect(syncText({ paired: true, syncing: false, lastSync: minutesAgo(2) }, now)).toBe("Last synced 2 min ago");
    expect(syncText({ paired: true, syncing: false, lastSync: minutesAgo(0.2) }, now)).toBe("Last synced just now");
    expect(syncText({ paired: true, syncing: false, lastSync: minutesAgo(180) }, now)).toBe("Last synced 3 h ago");
    expect(syncText({ paired: true, syncing: false, lastSync: minutesAgo(3 * 24 * 60) }, now)).toMatch(/^Last synced on 1 Dec/);
    expect(syncText({ paired: true, syncing: false, lastSync: null }, now)).toBe("Never synced");
    expect(syncText({ paired: true, syncing: true, lastSync: minutesAgo(2) }, now)).toBe("Syncing…");
  });

  it("does not pretend to sync with an unpaired device", () => {
    expect(syncText({ paired: false, syncing: false, lastSync: null }, now)).toMatch(/^Not paired/);
  });

  it("says where a device was last seen", () => {
    expect(presenceText({ online: true, lastSeen: minutesAgo(1) }, now)).toBe("Online");
    expect(presenceText({ online: false, lastSeen: minutesAgo(5) }, now)).toBe("Last seen 5 min ago");
    expect(presenceText({ online: false, lastSeen: null }, now)).toBe("Not seen on the network");
  });

  it("counts a device in touch lately as present when discovery cannot see it", () => {
    expect(isPresent({ online: true, lastSeen: null }, now)).toBe(true);
    expect(isPresent({ online: false, lastSeen: minutesAgo(1) }, now)).toBe(true);
    expect(isPresent({ online: false, lastSeen: minutesAgo(3) }, now)).toBe(false);
    expect(isPresent({ online: false, lastSeen: null }, now)).toBe(false);
  });

  it("puts a sync error in a sentence, and nothing when there is none", () => {
    expect(syncErrorText("not reachable: 10.0.0.2:47474: connection refused")).toBe(
      "Sync failed: not reachable: 10.0.0.2:47474: connection refused",
    );
    expect(syncErrorText(undefined)).toBe("");
    expect(syncErrorText("")).toBe("");
  });
});

describe("peer order", () => {
  it("lists paired devices first, online first, then by name", () => {
    const list = [
      peer({ short: "u2", online: true }),
      peer({ short: "p3", paired: true, name: "Zed" }),
      peer({ short: "p1", paired: true, name: "Bea", online: true }),
      peer({ short: "u1" }),
      peer({ short: "p2", paired: true, name: "Al" }),
    ];
    expect(sortPeers(list).map((p) => p.short)).toEqual(["p1", "p2", "p3", "u2", "u1"]);
    expect(list[0].short).toBe("u2"); // the input is left as it was
  });
});

describe("invite countdown", () => {
  const in10 = new Date(now + 10 * 60_000).toISOString();
  it("counts down minutes and seconds", () => {
    expect(countdown(in10, now)).toBe("10:00");
    expect(countdown(in10, now + 18_500)).toBe("9:42");
    expect(countdown(in10, now + 599_001)).toBe("0:01");
    expect(expiresText(in10, now + 60_000)).toBe("Expires in 9:00");
  });
  it("says expired at and after the time, and for junk", () => {
    expect(countdown(in10, now + 600_000)).toBe("Expired");
    expect(expiresText(in10, now + 900_000)).toBe("Expired");
    expect(remainingMs("not a time", now)).toBe(0);
  });
  it("shows hours when there are any", () => {
    expect(countdown(new Date(now + 3_723_000).toISOString(), now)).toBe("1:02:03");
  });
});

describe("typing an invite code", () => {
  it("groups in fours, in capitals, at most 16 characters", () => {
    expect(tidyCode("k7qmx2pa9rtdhw4n")).toBe("K7QM-X2PA-9RTD-HW4N");
    expect(tidyCode(" K7QM X2PA-9rtd ")).toBe("K7QM-X2PA-9RTD");
    expect(tidyCode("K7QM-")).toBe("K7QM");
    expect(tidyCode("K7QM-X2PA-9RTD-HW4N-EXTRA")).toBe("K7QM-X2PA-9RTD-HW4N");
    expect(tidyCode("")).toBe("");
  });
});

describe("join errors", () => {
  it("explains a refused code without saying why", () => {
    expect(joinErrorText(JSON.stringify({ message: "joining: invite code not accepted", code: "invite-refused" }))).toBe(REFUSED);
    // The wording alone does not make a refusal: the code does.
    expect(joinErrorText(new Error("joining: invite code not accepted"))).not.toBe(REFUSED);
    expect(REFUSED).toBe("Invite code not accepted — it may be wrong, used, expired or revoked");
  });
  it("passes other errors through as a sentence", () => {
    expect(joinErrorText(new Error("the peer cannot be reached: 127.0.0.1:1: connection refused"))).toBe(
      "The peer cannot be reached: 127.0.0.1:1: connection refused",
    );
  });
  it("checks the shape of a typed address", () => {
    expect(looksLikeAddress("192.168.1.20:47474")).toBe(true);
    expect(looksLikeAddress("laptop.local:47474")).toBe(true);
    expect(looksLikeAddress("[fe80::1]:47474")).toBe(true);
    expect(looksLikeAddress("192.168.1.20")).toBe(false);
    expect(looksLikeAddress("a b:1")).toBe(false);
  });
});

describe("this device's address", () => {
  it("gives a concrete address as it is", () => {
    expect(typeableAddress("127.0.0.1:41234")).toEqual({ text: "127.0.0.1:41234", exact: true });
    expect(typeableAddress("[fe80::1]:47474")).toEqual({ text: "[fe80::1]:47474", exact: true });
  });
  it("turns a wildcard into the port to type with any address", () => {
    expect(typeableAddress("[::]:47474")).toEqual({ text: "Port 47474", exact: false });
    expect(typeableAddress("0.0.0.0:47474")).toEqual({ text: "Port 47474", exact: false });
    expect(typeableAddress(":47474")).toEqual({ text: "Port 47474", exact: false });
  });
});

describe("sharing in words", () => {
  it("says private, or which teams", () => {
    expect(sharingLabel([])).toBe("Private");
    expect(sharingLabel([{ name: "Platform", shared: false }])).toBe("Private");
    expect(sharingLabel([{ name: "Platform", shared: true }, { name: "Ops", shared: false }])).toBe("Shared with Platform");
    expect(sharingLabel([{ name: "Platform", shared: true }, { name: "Ops", shared: true }])).toBe("Shared with 2 teams");
  });
});

describe("choosing the inviter", () => {
  const seen = (p: Partial<PeerView>): PeerView => ({
    device: "",
    short: "0",
    paired: false,
    teams: [],
    addrs: [],
    online: false,
    lastSeen: null,
    lastSync: null,
    syncing: false,
    pulled: 0,
    ...p,
  });
  it("lists devices on the network with an address, paired first", () => {
    const list = [
      seen({ short: "s1", online: true, addrs: ["192.168.1.7:47474"] }),
      seen({ short: "gone", online: false, addrs: ["192.168.1.8:47474"] }),
      seen({ short: "noaddr", online: true }),
      seen({ short: "p1", device: "AAAA-BBBB", paired: true, name: "Ana", online: true, addrs: ["192.168.1.9:47474"] }),
    ];
    expect(joinCandidates(list).map((p) => p.short)).toEqual(["p1", "s1"]);
  });
  it("asks a sighting at its address and a paired device by its id", () => {
    expect(joinTarget(seen({ short: "0123456789abcdef", addrs: ["192.168.1.7:47474", "[fe80::1]:47474"] }))).toEqual({ device: "0123456789abcdef" });
    expect(joinTarget(seen({ device: "AAAA-BBBB", addrs: ["192.168.1.9:47474"] }))).toEqual({ device: "AAAA-BBBB" });
  });
});

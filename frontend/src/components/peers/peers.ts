import { toApiError } from "../../api/errors";
import type { PeerView } from "../../api";
import { timeAgo } from "../common/status";

// Words for the Team & peers screen. The Go side decides who is paired,
// what is held back and what went wrong; this only says it.

/** What to call a device: its name only when paired (a sighting's name is not trusted). */
export function peerLabel(p: Pick<PeerView, "paired" | "name" | "short">): string {
  if (!p.paired) return `Unpaired device ${p.short}`;
  return p.name?.trim() ? p.name : `Teammate ${p.short}`;
}

/** "Syncing…", "Last synced 2 min ago", "Never synced"; unpaired devices are not synced with. */
export function syncText(p: Pick<PeerView, "paired" | "syncing" | "lastSync">, now = Date.now()): string {
  if (!p.paired) return "Not paired: nothing is shared with it";
  if (p.syncing) return "Syncing…";
  if (!p.lastSync) return "Never synced";
  return `Last synced ${when(p.lastSync, now)}`;
}

/** "Online" (seen on the network, or in touch lately), "Last seen 5 min ago", "Not seen on the network". */
export function presenceText(p: Pick<PeerView, "online" | "lastSeen">, now = Date.now()): string {
  if (p.online) return "Online";
  if (!p.lastSeen) return "Not seen on the network";
  return `Last seen ${when(p.lastSeen, now)}`;
}

/** How recently a device must have been in touch to count as present without discovery. */
export const PRESENT_MS = 2 * 60_000;

/**
 * Whether to show a device as present: seen on the network now, or in touch
 * (it called, or answered a pull) within the last two minutes, which is what
 * tells when discovery is off.
 */
export function isPresent(p: Pick<PeerView, "online" | "lastSeen">, now = Date.now()): boolean {
  if (p.online) return true;
  if (!p.lastSeen) return false;
  const t = Date.parse(p.lastSeen);
  return !Number.isNaN(t) && now - t <= PRESENT_MS;
}

/** "just now", "2 min ago", "3 h ago", else "on 4 Dec, 14:02". */
function when(iso: string, now: number): string {
  const ago = timeAgo(iso, now);
  return ago === "just now" || ago.endsWith(" ago") ? ago : `on ${ago}`;
}

/** Paired before unpaired, then online first, then by name (or short id). */
export function sortPeers<T extends Pick<PeerView, "paired" | "online" | "name" | "short">>(peers: readonly T[]): T[] {
  return [...peers].sort((a, b) => {
    if (a.paired !== b.paired) return a.paired ? -1 : 1;
    if (a.online !== b.online) return a.online ? -1 : 1;
    return peerLabel(a).localeCompare(peerLabel(b)) || a.short.localeCompare(b.short);
  });
}

/** Milliseconds left until an RFC 3339 time (0 once it has passed or if unreadable). */
export function remainingMs(iso: string, now = Date.now()): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 0;
  return Math.max(0, t - now);
}

/** "9:42" for the time left, "Expired" when none. */
export function countdown(iso: string, now = Date.now()): string {
  const ms = remainingMs(iso, now);
  if (ms <= 0) return "Expired";
  const s = Math.ceil(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}

/** "Expires in 9:42" / "Expired", for a screen reader as well as the eye. */
export function expiresText(iso: string, now = Date.now()): string {
  const c = countdown(iso, now);
  return c === "Expired" ? c : `Expires in ${c}`;
}

/**
 * Tidies an invite code as it is typed: capitals, groups of four joined by
 * dashes, at most 16 letters and digits. Lenient on purpose (the Go side
 * parses it, reading O as 0 and I or L as 1).
 */
export function tidyCode(s: string): string {
  const raw = s.toUpperCase().replace(/[^0-9A-Z]/g, "").slice(0, 16);
  return raw.replace(/(.{4})(?=.)/g, "$1-");
}

export const REFUSED = "Invite code not accepted — it may be wrong, used, expired or revoked";

/** A refusal from the inviter in words a joiner can act on (by its code); anything else as the Go side said it. */
export function joinErrorText(e: unknown): string {
  const err = toApiError(e);
  if (err.code === "invite-refused") return REFUSED;
  return err.message.charAt(0).toUpperCase() + err.message.slice(1);
}

/** A sync error as a sentence: "Sync failed: not reachable: …". */
export function syncErrorText(error: string | undefined): string {
  return error ? `Sync failed: ${error}` : "";
}

/** "host:port" looks typed right (the Go side checks it properly). */
export function looksLikeAddress(s: string): boolean {
  return /^(\[[0-9a-fA-F:.%\w]+\]|[^\s:[\]]+):\d{1,5}$/.test(s.trim());
}

/**
 * The address a teammate can type to reach this device, from where it
 * listens: "192.168.1.20:47474" as it is; a wildcard host ("[::]:47474",
 * ":47474") becomes "Port 47474", since any of the computer's addresses will do.
 */
export function typeableAddress(listening: string): { text: string; exact: boolean } {
  const i = listening.lastIndexOf(":");
  if (i < 0) return { text: listening, exact: listening !== "" };
  const host = listening.slice(0, i).replace(/^\[|\]$/g, "");
  const port = listening.slice(i + 1);
  if (host === "" || host === "::" || host === "0.0.0.0") return { text: `Port ${port}`, exact: false };
  return { text: listening, exact: true };
}

/** "Private", "Shared with Platform", "Shared with 2 teams". */
export function sharingLabel(teams: readonly { name: string; shared: boolean }[]): string {
  const on = teams.filter((t) => t.shared);
  if (on.length === 0) return "Private";
  if (on.length === 1) return `Shared with ${on[0].name}`;
  return `Shared with ${on.length} teams`;
}

/** Devices a joiner can pick from: seen on the network now, with an address to reach them at. */
export function joinCandidates<T extends Pick<PeerView, "paired" | "online" | "name" | "short" | "addrs">>(peers: readonly T[]): T[] {
  return sortPeers(peers.filter((p) => p.online && p.addrs.length > 0));
}

/**
 * Where to send a join for a device picked from the list: by its id — the
 * full id of a paired device, the id a mere sighting announces (the inviting
 * screen shows which: the id it announces while its code is open). The Go
 * side tries every address the device was seen at and checks, before sending
 * anything, that the certificate there is that device's (for an invite's id,
 * with the code).
 */
export function joinTarget(p: Pick<PeerView, "device" | "short">): { device: string } {
  return { device: p.device || p.short };
}

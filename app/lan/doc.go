// Package lan is Ready Room's network edge: the install's identity,
// discovery of teammates on the local network (mDNS: our responder,
// hashicorp/mdns's browser), pairing with one-time invite codes, and sync
// of shared records over mutual TLS. It is
// the only package that touches TLS and mDNS; it reaches the database only
// through two small interfaces of its own, ChangeLog (the records' changes)
// and State (its key-value state), which the app provides over app/store.
//
// # Identity
//
// Each install has an ECDSA P-256 key (device-key.pem, mode 0600) and a
// self-signed certificate (device-cert.pem) in its data directory, made
// from the key alone: serial from the public key's SHA-256, subject
// CN=readyroom, valid from 2000-01-01 to 9999-12-31 23:59:59 UTC (nothing
// in it tells when the device was set up), signed deterministically (RFC
// 6979), so that the same key always gives the same bytes. The device id is
// the SHA-256 of the certificate's DER bytes, shown as 52 base32 characters
// in groups of four; it is never announced (see Announcement).
//
// Teammates pin the device id, so it never changes unseen. The LAN state
// keeps a copy of the certificate (identity/cert), written at the first
// start when absent. An existing key is never overwritten: a missing
// certificate is made again from the key when that gives the copy's id (an
// install made since certificates come from the key alone), or restored
// from the copy when it belongs to the key (an older install, whose
// certificate had a random serial and the time of install). Anything else —
// a key without a certificate to match, a certificate without its key, a
// pair that does not belong together, a key that is a directory, a link to
// nothing or not a key — is refused in words that say how to restore it,
// and nothing is written. A data directory opened for reading only writes
// nothing. With neither file there, a new identity is made.
//
// # Announcement (discovery.go, announce.go)
//
// Service "_readyroom._tcp" in "local.", one instance per announced id,
// "rr-<id>" on host "rr-<id>.local.", on one named interface with its own
// addresses (never the library's defaults), port = the sync server's. The
// TXT record is exactly "v=1" and "id=<id>": never a name, team, record
// title, secret, or the device id. The id is a token, the first 16 hex
// digits of
//
//	HMAC-SHA256(announce key, "readyroom-announce-v1" 0x00 network 0x00 hour)
//
// where the announce key is 32 random bytes the device keeps
// (identity/announce) and gives its teammates in its own entry of each team,
// network is the interface's lowest IPv4 network as a masked prefix
// ("192.168.1.0/24"; without IPv4, its lowest global IPv6 one), and hour is
// the number of whole hours since 1970, 8 bytes big-endian. So the id
// changes with the network and every hour, and a stranger cannot link two
// of them by the id. (The addresses announced are the device's own: on one
// network an address links what comes from it, as it does any traffic. And
// the TLS handshake shows anyone who connects the certificate, so the
// device id: the ids keep listeners, not callers, from linking sightings.)
// A teammate computes each member's ids on the network a sighting
// arrived on, for the hour before, of and after its own clock's, and maps
// the sighting to the member (devices on one LAN must agree on its prefix
// length to recognise each other; otherwise they reach each other at the
// addresses the team gives). A sighting whose id is a member's short
// device id (the first 16 hex digits of its id, which a Ready Room before
// these tokens announced) is recognised too.
//
// While an invite is open, the inviter also announces, for each of its
// newest 4 open invites, the first 16 hex digits of HMAC-SHA256(code,
// "readyroom-invite-v1" 0x00 inviter's device id), and shows that id with
// the code: the joiner, holding the code, checks the certificate against
// it before anything is sent (see Pairing). To anyone without the code the
// id is random; it lasts as long as the invite, whatever the hour.
//
// Each id is answered by its own responder (the library's browser keeps
// only the last instance of an answer). The ids and the addresses are
// looked at again every second, so a device that moves to another network
// announces another id at once. Browsing sends one query a second and
// reads answers after each query returns; answers that are malformed,
// oversized (more than 8 TXT strings or 512 bytes), of another version, or
// without a usable address are dropped; at most 256 devices are
// remembered, each forgotten 30 s after its last answer. Discovery is a
// hint: an address is only ever dialled with the certificate pinned, so a
// spoofed or stale sighting costs one refused handshake and is skipped for
// the next address.
//
// # Transport
//
// HTTPS/1.1 over TLS 1.3 only, both sides presenting their certificate
// (self-signed; the server asks for any client certificate, and each request
// is authorised by the caller's device id). A client pins the server's
// device id in VerifyPeerCertificate, so a mismatch fails the handshake
// before a byte of a request is sent. Versioning: paths start with /v1 and
// every request and answer carries "Readyroom-Protocol: 1"; a request may
// carry "Readyroom-Port: N", the port the caller listens on, so the server
// can call it back (its remote port is ephemeral).
//
// A device listens on the addresses of the interface it announces on and on
// loopback, at one port (47474 unless taken), not on every interface, and
// follows the interface's addresses as they change (listen.go); the app's
// --listen chooses otherwise.
//
// # Pairing (invite.go)
//
// The inviter makes a one-time code: 16 characters of Crockford's base32
// (K7QM-X2PA-9RTD-HW4N), valid for 10 minutes. The first six characters name
// the invite; the other ten are 50 secret bits. There are 2^30 ids: trying
// them all would take 3.6 days at the 3,455 tries a second one connection
// made before joins were rate-limited (issue 11), and 11 years at the 3 a
// second now allowed from one address; an invite lives 10 minutes. The
// joiner opens a TLS connection to the inviter — chosen from the discovered
// devices by the id the invite shows (see Announcement), whose certificate
// it then checks against that id with the code before anything else; or by
// the inviter's device id, every device seen being tried with the
// certificate pinned when none is known to be it; or at a typed address —
// and on that same connection sends
//
//	POST /v1/join {"invite": "K7QMX2", "proof": hex, "name": "Ben"}
//
// where proof = HMAC-SHA256(key = code, "readyroom join joiner\x00" ||
// EKM || inviter id || joiner id), and EKM is 32 bytes of the session's
// exported keying material (label "EXPORTER-readyroom-join-v1", RFC 8446
// §7.5). A proof replayed on another connection does not match. A wrong
// proof counts against the invite and the fifth revokes it; a used, expired
// or revoked invite is refused; every refusal is the same 403 "invite code
// not accepted", after the same work: an id that names no invite is checked
// against a decoy code, and wrong tries are counted in memory and written to
// disk a second later, off the request path, so that neither the answer nor
// its time tells an unpaired device whether an invite exists. More than 3
// join attempts a second from one address (10 at once) are answered 429
// before anything is read. On success the inviter adds the joiner (with the
// address it called from) to the team and answers
//
//	{"proof": hex HMAC of the same with role "inviter", "team": Team}
//
// which the joiner checks before pinning the inviter and storing the team.
//
// # Teams
//
// A team (Team, team.go) lists members (device id → name, removed, the
// ip:port addresses on a local network where the member listens, its
// announce key, a clock stamp; a member writes its addresses and key
// itself) and shared records (record id → shared, stamp). Members merge
// copies: each entry is a last-writer-wins register, and removal is final for
// a device id. A removed device is refused by every member that has merged
// the removal, and no member pulls from it (membership is checked before
// every page). A copy with an entry stamped more than 5 minutes ahead of the
// receiver's clock is refused; a join that returns a team the joiner already
// holds is refused unless the inviter is a current member of it.
//
// Any member may write the shared list, so it alone decides nothing: a
// device sends and accepts a record's changes through a team only if it
// shared the record with that team itself, or the record first arrived here
// through that team (a "grant", kept locally). A member that marks someone's
// private record as shared neither reads nor writes it, and a record a device
// stopped sharing stays private whatever others write later.
//
//	GET /v1/teams/{team} → Team
//
// answers only a current member of a team this device is also a member of;
// anything else — no such team, not a member, removed — is the same 404
// {"error": "no such team here, or this device is not a member"}.
//
// # Sync
//
// Pull-based. Every change a database stores gets the next local arrival
// number. A member first reads the index of the team's changes that arrived
// after its cursor:
//
//	GET /v1/teams/{team}/changes?after=N → {"keys": ["record/change id"...], "next": N, "more": bool, "shares": epoch}
//
// at most 5,000 keys (1 MiB), with "shares", the server's share epoch for the
// team: a counter it moves when a record whose changes may lie before a
// puller's cursor joins what it carries (a record it shares, or one it holds
// that the team shares again), but not when a record arrives through the
// team (its changes arrive with it, after every cursor). The server reads the
// epoch first, then the number of the last change that arrived, then the
// team and its grants, and lists changes only up to that number: a share
// moves the epoch once more after storing the team that lists the record,
// so an index that leaves out a record being shared never carries the epoch
// after that share; and a record arriving through the team is let travel
// from before its transaction commits, so an index never passes a stored
// change it leaves out. The puller
// checks every key (a well-formed record and change id, of a record shared
// with the team, as the team it read before the index says; a record it does
// not share there makes it read the team again, up to three times a pull, in case the server
// shared it in between) and the cursor moving forward, drops the keys of changes it holds already (its own, or
// those another member sent first) and of records it keeps private, and asks
// for the rest, at most 500 at a time:
//
//	POST /v1/teams/{team}/changes {"keys": [...]} → {"changes": [Change...], "more": bool}
//
// (body 64 KiB). The answer holds only changes asked for, in the order asked,
// at most 4 MiB; "more" says it stopped at that size and the rest of the
// batch is asked for again; a change the server no longer carries (its record
// was unshared meanwhile) is left out. Each answer is checked whole (limits,
// every change well formed and asked for) and stored in one transaction; the
// new cursor is written in the transaction of the index's last answer (alone,
// when nothing was missing), so the cursor never passes a change not stored,
// and a fetch cut short is resumed from the same index. A change already held
// is a no-op; concurrent edits of a path become a conflict in the record,
// never a silent loss (see readiness). A change stamped more than 5 minutes
// ahead of the puller's clock is held back (stored apart, shown as held, and
// applied once the clock catches up); it does not move the puller's clock.
// When the server's epoch differs from the one saved with the cursor, the
// index is read again from zero so that records shared later arrive whole
// (only what is missing is fetched); a device that shares a record forgets
// its own cursors into that team for the same reason. A cursor keeps the
// epoch of the first page of the reading that saved it, so a record shared
// between two pages is read from zero by the next pull.
// At most 10,000 changes are held; one that its record refuses when its time
// comes is dropped (and logged) without blocking the others.
//
// A record's creating change holds a seed, not the record: the new-record
// details and the template's id, version and SHA-256 (readiness.Seed). A
// shipped template version never changes, so every replica instantiates the
// same record; one that lacks the version (an older Ready Room) refuses the
// answer in words ("update Ready Room") and stores nothing, and the sync
// resumes once it is updated.
//
// A record may be made from, or upgraded to, a version of the
// organisation's own template (readiness.Catalog), which a member may lack.
// Before a page is stored, the puller asks the member that sent it for each
// such version it lacks:
//
//	GET /v1/teams/{team}/templates/{digest} → the version's canonical text
//
// (at most 1 MiB, at most 64 versions a pull), checks that the text's SHA-256
// is the digest the changes name and stores it; a version the member cannot
// send, or sends with other text, fails the pull with nothing stored. A
// template can also be shared with a team on its own, so that members' new
// records can use it:
//
//	GET /v1/teams/{team}/templates → {"templates": [TemplateRef...]}
//
// lists every version of the templates the member shares with the team (at
// most 256); the puller fetches those it lacks the same way, after the
// changes. A member of an older Ready Room answers 404, which is no error.
//
//	POST /v1/teams/{team}/poke → 204
//
// asks the member to pull from the caller soon; it carries nothing. A local
// change pokes every member of the teams that share its record (at most one
// poke in flight per member); each member is also pulled every 15 s, at most
// one pull per peer at a time.
//
// # Limits
//
// Connections: a whole ClientHello within 2 s of connecting, the whole TLS
// handshake within 10 s; at most 128 open in all. A connection from an
// address this device knows as a team member's (where a member says in the
// team it listens, where this device reached it, or where it called from)
// is a member's, any other a stranger's: strangers' connections hold at most
// 96 of the 128, and at most 16 handshake at once, with 16 more for members'
// so that a member never waits behind strangers; one address holds at most 8
// handshaking and 32 open. A connection over a limit is closed on accept;
// running out of file descriptors pauses accepting, never stops it. Log
// lines anyone can cause (refused connections, failed handshakes, refused
// joins, malformed mDNS packets, the mDNS library's complaints) are written
// 5 of a kind a minute, then counted ("… and N more").
//
// Headers 8 KiB; join attempts 3 a second from one address, 10 at once;
// join bodies 4 KiB; a team answer 4 MiB;
// an index 5,000 keys and 1 MiB; a fetch 500 keys (64 KiB) and its answer
// 500 changes and 4 MiB; one change's value 256 KiB and a record
// 256 KiB, not counting its template's text (readiness); a team 256 members and 20,000 shared records; 64
// parents per change. Anything over a limit is refused with an error in
// words and nothing stored changes.
//
// # Layout
//
// The package reaches the database through ChangeLog (the records' changes)
// and State (its own key-value state, under the keys named in state.go),
// which the app provides. Each part below owns its state, and its mutex
// guards that state alone; no part takes another's lock or touches its
// fields, only its methods:
//
//   - Node (node.go): the lifecycle (Start, StartOn, Close, the interval
//     loop), the wiring of the parts, and what the app asks of the LAN
//     (teams, sharing, invites, Join in join.go, Status in peers.go). Its
//     mutex guards the server, the listeners and the cancel of a run.
//   - teamStore (teamstore.go): the teams, the grants, the share epochs and
//     the cursors (team/, grant/, epoch/, cursor/); its mutex guards the
//     in-memory copy of teams and grants.
//   - addressBook (addressbook.go): where each teammate may be reached:
//     discovery's sightings (the Finder), where it called from this run,
//     where this device reached it (peer/), its team entries; and the set
//     of members' addresses admission asks for. Its mutex guards the finder,
//     what it heard this run and that set.
//   - puller (puller.go): pulls (the team, the index, the fetch), pokes, the
//     coalescing of both per peer, and held changes; its mutex guards each
//     peer's sync state this run and the count of held changes, its wait
//     group the pulls and pokes under way.
//   - peerClients (client.go): the HTTP client pinned to each peer, under
//     its mutex, and the TLS configurations of calls and joins.
//   - handlers (handlers.go): the answers to peers' requests; the join lock
//     (one join at a time) and the join limiter (ratelimit.go).
//   - invites (invite.go): invite/ and the wrong tries not saved yet
//     (inviteTries, under its own mutex).
//
// Smaller owners: handshakeListener and admission (server.go,
// admission.go) for accepted connections, multiListener (listen.go),
// Discovery (discovery.go) for sightings, logLimiter (loglimit.go).
// Locks are taken in one order: the join lock before any other; the
// address book's before the team store's (it reads the teams while it
// builds its set); the node's before the listener's. The team store calls
// nothing under its lock but the state, and the hook that marks the
// address book's set out of date (an atomic counter).
package lan

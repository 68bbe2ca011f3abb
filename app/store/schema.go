package store

// The registry of everything the database holds. Every bucket and meta key is
// named here, with the schema version that added it; nothing else in the
// program spells a bucket name.
var (
	// bucketMeta holds the keys below. (schema 1)
	bucketMeta = []byte("meta")
	// bucketChanges holds every change ever applied, keyed by
	// "<recordID>/<changeID>" so that a record's log is one prefix scan in
	// clock order. Values are readiness.Change JSON (schema 1); from schema 4
	// without the id, record, stamp and replica the key gives (see
	// appendStoredChange in encode.go); from schema 8 with one-letter names
	// and no parents when there are none.
	bucketChanges = []byte("changes")
	// bucketRecords holds each record's materialised readiness.Doc, keyed by
	// record id. It is derived from bucketChanges and kept for fast reads. (schema 1)
	// A record is stored without its template's text, and, from schema 3,
	// without the items still as the template made them; the doc's "texts"
	// names what to put back ("gold@1", "gold@1+items"). (schema 3) A created
	// record's doc is deflated (see pack.go). (schema 4)
	bucketRecords = []byte("records")
	// bucketSummaries holds a small readiness.Summary per record for the home
	// screen and portfolio, keyed by record id; derived like bucketRecords. (schema 1)
	// It names the record's ceremonies, for `readyroom list`. (schema 4)
	bucketSummaries = []byte("summaries")
	// bucketAttention holds each record's readiness.AttentionItem list (items
	// blocked or open with a due date), keyed by record id; derived like
	// bucketRecords and kept apart so that listing records stays small. (schema 1)
	// Deflated from 256 bytes (see pack.go). (schema 4)
	bucketAttention = []byte("attention")
	// bucketSearch holds each record's readiness.SearchEntry list, keyed by
	// record id; derived like bucketRecords, read whole to build the search
	// index. (schema 1) From schema 3 the list leaves out the text checklist
	// items take from the template: {"texts":"gold@1","entries":[...]}. (schema 3)
	// Deflated (see pack.go). (schema 4)
	bucketSearch = []byte("search")
	// bucketSettings holds user settings such as the display name. (schema 1)
	bucketSettings = []byte("settings")

	// bucketSeq indexes bucketChanges in arrival order: an 8-byte big-endian
	// sequence number (local to this database) to the change's key. A peer
	// pulls "changes after sequence N". Schema 2 built it for the changes
	// already held. (schema 2)
	bucketSeq = []byte("seq")
	// bucketPaths indexed bucketChanges by path: "<record>/<path>\x00<change>"
	// with an empty value, so that folding a change that arrives out of order
	// read only its path's changes. Schema 2 built it (schema 2); schema 4
	// removes it: it took a sixth of a seeded record's bytes and a write for
	// every change, to spare reading one record's log now and then (see
	// recordLogs in store.go).
	bucketPaths = []byte("paths")
	// bucketHeld holds changes from peers stamped too far in the future,
	// keyed like bucketChanges; they are applied once the clock catches up. (schema 2)
	bucketHeld = []byte("held")
	// bucketLAN holds the LAN package's own state (teams, invites, peers,
	// pull cursors) as JSON values under keys it chooses; see app/lan. (schema 2)
	bucketLAN = []byte("lan")

	// bucketTemplates holds the organisation's published template
	// versions: the SHA-256 of a version's canonical text (64 hex digits)
	// to that text (a record names the digest). Not derived: a version
	// cannot be made from the log. Its sequence counts what was stored, so
	// that a transaction sees whether the catalog it has is current
	// (templates.go). (schema 5)
	bucketTemplates = []byte("templates")
	// bucketDrafts holds this device's template drafts, by template id: a
	// readiness.Template JSON without a version. Drafts are not shared.
	// (schema 5)
	bucketDrafts = []byte("drafts")

	allBuckets = [][]byte{bucketMeta, bucketChanges, bucketRecords, bucketSummaries, bucketAttention, bucketSearch, bucketSettings, bucketSeq, bucketHeld, bucketLAN, bucketTemplates, bucketDrafts}

	// derivedBuckets are made from bucketChanges alone: when one is
	// missing or disagrees with the log, it is rebuilt from the log (the
	// log is the truth; see repair.go).
	derivedBuckets = [][]byte{bucketRecords, bucketSummaries, bucketAttention, bucketSearch, bucketSeq}
)

// bucketSince is the schema version that added a bucket: a database at an
// older schema lacks it until its migration makes it.
func bucketSince(name []byte) int {
	switch string(name) {
	case string(bucketSeq), string(bucketHeld), string(bucketLAN):
		return 2
	case string(bucketTemplates), string(bucketDrafts):
		return 5
	}
	return 1
}

func isDerived(name []byte) bool {
	for _, d := range derivedBuckets {
		if string(d) == string(name) {
			return true
		}
	}
	return false
}

// Keys in bucketMeta.
var (
	// keySchema is the schema version as a decimal string. (schema 1)
	keySchema = []byte("schema")
	// keyReplica is this database's replica id, made at creation. (schema 1)
	keyReplica = []byte("replica")
	// keyCreated is when the database was created, RFC 3339. (schema 1)
	keyCreated = []byte("created")
	// keyClock is the latest clock stamp of any change stored, so that this
	// replica's clock never reads earlier after a restart, even if the wall
	// clock was set back. (schema 2)
	keyClock = []byte("clock")
)

// Keys in bucketSettings.
const (
	// SettingAuthor is the display name written into changes. (schema 1)
	SettingAuthor = "author"
	// SettingLastBackup is when the last automatic backup was taken, RFC 3339. (schema 1)
	SettingLastBackup = "lastBackup"
	// SettingBackupKeep is how many daily backups are kept, a decimal
	// number; unset keeps seven. (schema 5)
	SettingBackupKeep = "backupKeep"
	// SettingBackupFolder is a folder outside the data directory where each
	// daily backup is also copied (a network share, a synced folder); unset
	// for none. (schema 5)
	SettingBackupFolder = "backupFolder"
	// SettingFreezes are the organisation's change freezes, a JSON list of
	// {name, from, to} (readiness.Freeze): go-lives inside one are flagged.
	SettingFreezes = "freezes"
	// SettingReminders are the desktop reminders' settings, JSON
	// {off: [kinds], digestHour}; SettingRemindersSent what was sent, JSON
	// {digest: day, urgent: {key: day}}. This device's, never sent to
	// teammates.
	// SettingStandardChange is the id of the template the organisation
	// designates for standard changes: suggested for a service whose
	// track record is a run of clean releases; unset for none.
	SettingStandardChange = "standardChange"
	SettingReminders      = "reminders"
	SettingRemindersSent  = "remindersSent"
	// SettingLinkPatterns is the link patterns that turn ticket keys into
	// addresses, a JSON list of {project, url}; unset for none. A setting
	// of this device, never sent to teammates. (schema 5)
	SettingLinkPatterns = "linkPatterns"
)

package readiness

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// ChangeID is globally unique and sorts in clock order: the change's clock
// stamp, a dash, and the replica that made it.
type ChangeID string

// NewChangeID joins a stamp and a replica.
func NewChangeID(s Stamp, r ReplicaID) ChangeID { return ChangeID(s.String() + "-" + string(r)) }

// ChangeKey names a change within everything a replica holds: its record,
// a slash, and its id. Stores key changes by it and peers list them by it,
// so a record's changes sort together in clock order.
func ChangeKey(rec RecordID, id ChangeID) string { return string(rec) + "/" + string(id) }

// Parse splits a change id into its stamp and replica.
func (id ChangeID) Parse() (Stamp, ReplicaID, error) {
	stamp, replica, ok := strings.Cut(string(id), "-")
	if !ok {
		return Stamp{}, "", fmt.Errorf("change id %q has no replica part", string(id))
	}
	st, err := ParseStamp(stamp)
	if err != nil {
		return Stamp{}, "", fmt.Errorf("change id %q: %w", string(id), err)
	}
	rep, err := ParseReplicaID(replica)
	if err != nil {
		return Stamp{}, "", fmt.Errorf("change id %q: %w", string(id), err)
	}
	return st, rep, nil
}

// Change is one edit of one path of one record. Parents are the changes the
// author saw as the path's current value (its heads); a path's first edit has
// none. A change is immutable once made and is applied at most once.
type Change struct {
	ID      ChangeID        `json:"id"`
	Record  RecordID        `json:"record"`
	Path    Path            `json:"path"`
	Value   json.RawMessage `json:"value"`
	Parents []ChangeID      `json:"parents"`
	HLC     Stamp           `json:"hlc"`
	Replica ReplicaID       `json:"replica"`
	Author  string          `json:"author"`
	// Undoes names the change this one reverts, for the history panel.
	Undoes ChangeID `json:"undoes,omitempty"`
}

// MaxChangeValue is the largest value one change may carry (the creating
// change holds a whole record).
const MaxChangeValue = 256 << 10

// Check verifies a change's structure: well-formed ids that agree with its
// stamp and replica, a known path, a JSON value within limits, and parents
// that come before it. A change that fails is refused whole.
func (c *Change) Check() error {
	st, rep, err := c.ID.Parse()
	if err != nil {
		return err // it names the change
	}
	if st != c.HLC || rep != c.Replica {
		return fmt.Errorf("change %s: id does not match its clock stamp and replica", c.ID)
	}
	if _, err := ParseRecordID(string(c.Record)); err != nil {
		return fmt.Errorf("change %s: %w", c.ID, err)
	}
	if c.Path != PathCreate {
		if _, err := parsePath(c.Path); err != nil {
			return fmt.Errorf("change %s: %w", c.ID, err)
		}
	}
	if len(c.Value) > MaxChangeValue {
		return fmt.Errorf("change %s: value of %d bytes is over the %d-byte limit", c.ID, len(c.Value), MaxChangeValue)
	}
	if !json.Valid(c.Value) {
		return fmt.Errorf("change %s: value is not JSON", c.ID)
	}
	if len(c.Author) > 200 {
		return fmt.Errorf("change %s: author name is over 200 bytes", c.ID)
	}
	if !CleanLine(c.Author) {
		return fmt.Errorf("change %s: author name is not a single line of plain text (control characters or bidirectional overrides)", c.ID)
	}
	if len(c.Parents) > 64 {
		return fmt.Errorf("change %s: %d parents is over the limit of 64", c.ID, len(c.Parents))
	}
	for _, p := range c.Parents {
		ps, _, err := p.Parse()
		if err != nil {
			return fmt.Errorf("change %s: parent: %w", c.ID, err)
		}
		if !ps.Less(c.HLC) {
			return fmt.Errorf("change %s: parent %s is not older than the change", c.ID, p)
		}
	}
	return nil
}

// DecodeChange reads and checks one change from JSON.
func DecodeChange(b []byte) (Change, error) {
	var c Change
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Change{}, fmt.Errorf("decoding change: %w", err)
	}
	if dec.More() {
		return Change{}, fmt.Errorf("decoding change: trailing data")
	}
	return c, c.Check()
}

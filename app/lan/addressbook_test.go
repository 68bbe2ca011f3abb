package lan

import (
	"log"
	"slices"
	"strings"
	"testing"
)

// A record of where a teammate was reached that cannot be read is logged,
// and the teammate is still tried where it called from and where its team
// entry says it listens.
func TestAddrsOfLogsARecordItCannotRead(t *testing.T) {
	var lines lineLog
	ana := newPeer(t, "Ana", manual, func(c *Config) { c.Logger = log.New(&lines, "", 0) })
	ben := newPeer(t, "Ben", manual)
	teamOf(t, ana, ben)
	idle(t, ana, ben) // the pull the join started would write the record again
	err := ana.db.LANUpdate(prefixPeer+ben.node.ID().String(), func([]byte) ([]byte, error) { return []byte("{damaged"), nil })
	if err != nil {
		t.Fatal(err)
	}
	if got := ana.node.book.addrsOf(ben.node.ID()); !slices.Contains(got, ben.addr()) {
		t.Fatalf("Ben is tried at %v, not at %s", got, ben.addr())
	}
	want := "reading where " + ben.node.ID().Short() + " was reached before"
	if !slices.ContainsFunc(lines.all(), func(l string) bool { return strings.Contains(l, want) }) {
		t.Fatalf("the log does not say %q:\n%s", want, strings.Join(lines.all(), "\n"))
	}
}

package store

import (
	"slices"
	"testing"
	"time"

	"readyroom/readiness"
)

// Every transaction that stores changes is announced once, after it
// commits, with the records it touched and where the changes came from; one
// that stores nothing new is not announced.
func TestCommitsAreAnnouncedOnceEach(t *testing.T) {
	db, _ := openTest(t)
	var got []Commit
	stop := db.Subscribe(func(c Commit) {
		// The commit is visible to readers when subscribers are told.
		for _, id := range c.Records {
			if _, err := db.Log(id); err != nil {
				t.Errorf("reading %s in the announcement: %v", id, err)
			}
		}
		got = append(got, c)
	})
	seed(t, db) // a create, then an edit: two transactions
	if len(got) != 2 || !slices.Equal(got[0].Records, []readiness.RecordID{recID}) || got[0].FromPeer {
		t.Fatalf("after two local transactions: %+v", got)
	}
	log, _ := db.Log(recID)
	if _, err := db.Apply(log...); err != nil { // already held: nothing new
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("a no-op was announced: %+v", got)
	}
	other, _ := openTest(t)
	src := goldChanges(t, 3)
	var peer []Commit
	other.Subscribe(func(c Commit) { peer = append(peer, c) })
	if _, err := other.ApplyPulled(src, time.Now().Add(time.Hour), nil); err != nil {
		t.Fatal(err)
	}
	if len(peer) != 1 || len(peer[0].Records) != 3 || !peer[0].FromPeer || !slices.IsSorted(peer[0].Records) {
		t.Fatalf("a pulled page of three records: %+v", peer)
	}
	stop()
	seedMore := maker(db)
	d, _ := db.Doc(recID)
	c, _ := seedMore.Edit(&d, "title", "Renamed")
	if _, err := db.Apply(c); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatal("an unsubscribed function was told")
	}
}

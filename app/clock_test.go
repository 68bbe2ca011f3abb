package app

import (
	"testing"
	"time"

	"readyroom/app/store"
	"readyroom/readiness"
)

// A wall clock set back between two runs must not make this replica stamp a
// change earlier than one it already made: ids would repeat or sort wrongly.
func TestClockNeverReadsEarlierAfterARestart(t *testing.T) {
	dir := t.TempDir()
	open := func(now time.Time) (*store.DB, *Records) {
		db, err := store.Open(dir, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		recs, err := NewRecords(db, func() time.Time { return now })
		if err != nil {
			t.Fatal(err)
		}
		return db, recs
	}
	db, recs := open(today)
	v, err := recs.Create(readiness.NewRecord{Service: "Payments", Title: "Tokenisation v3", Squad: "Falcon", SDM: "Priya",
		MaintenanceTeam: "Run", GoLive: "2026-12-01", Tier: readiness.Silver})
	if err != nil {
		t.Fatal(err)
	}
	first, _ := db.Log(v.Record.ID)
	db.Close()

	db, recs = open(today.Add(-time.Hour)) // the wall clock went back an hour
	defer db.Close()
	if _, err := recs.Edit(string(v.Record.ID), "title", "Tokenisation v3.1"); err != nil {
		t.Fatal(err)
	}
	log, _ := db.Log(v.Record.ID)
	if len(log) != 2 {
		t.Fatalf("log has %d changes, want 2 (the edit was lost?)", len(log))
	}
	if !first[0].HLC.Less(log[1].HLC) || log[1].ID <= first[0].ID {
		t.Fatalf("the edit after the restart is stamped %s, not after %s", log[1].ID, first[0].ID)
	}
}

package store

import "testing"

// Edits that arrive before their record's creating change (a peer's page
// in another order, a creating change held back) are stored and read back,
// and the record folds whole once its creation arrives.
func TestEditsBeforeTheirRecordsCreation(t *testing.T) {
	db, _ := openTest(t)
	src, _ := openTest(t)
	seed(t, src)
	log, err := src.Log(recID)
	if err != nil || len(log) < 2 {
		t.Fatalf("log: %d, %v", len(log), err)
	}
	if _, err := db.Apply(log[1:]...); err != nil {
		t.Fatalf("the edits first: %v", err)
	}
	if rep, err := db.Verify(false); err != nil || !rep.OK() {
		t.Fatalf("verify with the edits only: %v %v", err, rep.Problems)
	}
	if _, err := db.Doc(recID); err == nil {
		t.Fatal("a record not created yet reads as a record")
	}
	if _, err := db.Apply(log[0]); err != nil {
		t.Fatalf("the creation second: %v", err)
	}
	want, _ := src.Doc(recID)
	got, err := db.Doc(recID)
	if err != nil || got.Record.Item(want.Record.Sections[len(want.Record.Sections)-1].Items[0].ID).Status != "done" {
		t.Fatalf("the record after its creation arrived: %v", err)
	}
	if rep, err := db.Verify(false); err != nil || !rep.OK() {
		t.Fatalf("verify: %v %v", err, rep.Problems)
	}
}

package store

import (
	"os"
	"testing"
)

func TestStatsSayWhereTheBytesGo(t *testing.T) {
	db, _ := openTest(t)
	seed(t, db)
	st, err := db.Stats()
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	if st.FileBytes != fi.Size() || st.PageSize <= 0 || int64(st.Pages)*int64(st.PageSize) > st.FileBytes {
		t.Errorf("file %d bytes, %d pages of %d: want the file's size and pages inside it", st.FileBytes, st.Pages, st.PageSize)
	}
	byName := map[string]BucketStats{}
	for _, b := range st.Buckets {
		byName[b.Name] = b
	}
	for _, name := range allBuckets {
		if _, ok := byName[string(name)]; !ok {
			t.Errorf("bucket %s is not listed", name)
		}
	}
	if c := byName[string(bucketChanges)]; c.Keys != 2 || c.KeyBytes == 0 || c.ValueBytes == 0 {
		t.Errorf("changes: %+v, want the 2 changes made, with their bytes", c)
	}
	if r := byName[string(bucketRecords)]; r.Keys != 1 || r.PageBytes == 0 || r.InUse > r.PageBytes {
		t.Errorf("records: %+v, want one record on pages of its own", r)
	}
}

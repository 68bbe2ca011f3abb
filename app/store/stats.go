package store

import (
	"os"

	bolt "go.etcd.io/bbolt"
)

// FileStats says where a database file's bytes go, bucket by bucket: what
// `readyroom stats` prints for support and for sizing the storage format.
type FileStats struct {
	// FileBytes is the file's size on disk (its length; bbolt grows it in
	// steps, so the tail may be pages not used yet).
	FileBytes int64 `json:"fileBytes"`
	PageSize  int   `json:"pageSize"`
	// Pages is how far the pages in use reach (bbolt's high-water mark).
	Pages int `json:"pages"`
	// FreePages are pages inside that reach that hold nothing (free or
	// waiting to be freed).
	FreePages int           `json:"freePages"`
	Buckets   []BucketStats `json:"buckets"`
}

// BucketStats is what one bucket holds and the pages it takes.
type BucketStats struct {
	Name       string `json:"name"`
	Keys       int    `json:"keys"`
	KeyBytes   int64  `json:"keyBytes"`
	ValueBytes int64  `json:"valueBytes"`
	// Pages are its branch, leaf and overflow pages; PageBytes their size,
	// InUse the bytes of them used (keys, values and page headers).
	Pages     int   `json:"pages"`
	PageBytes int64 `json:"pageBytes"`
	InUse     int64 `json:"inUse"`
	Depth     int   `json:"depth"`
}

// Stats reads every bucket of the file (keys and values too: its cost
// grows with the file) and says what each takes.
func (db *DB) Stats() (FileStats, error) {
	var st FileStats
	if fi, err := os.Stat(db.Path()); err == nil {
		st.FileBytes = fi.Size()
	}
	st.PageSize = db.bolt.Info().PageSize
	free := db.bolt.Stats()
	st.FreePages = free.FreePageN + free.PendingPageN
	err := db.view(func(tx *bolt.Tx) error {
		st.Pages = int(tx.Size() / int64(st.PageSize))
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			bs := b.Stats()
			s := BucketStats{Name: string(name), Keys: bs.KeyN, Depth: bs.Depth,
				Pages:     bs.BranchPageN + bs.BranchOverflowN + bs.LeafPageN + bs.LeafOverflowN,
				PageBytes: int64(bs.BranchAlloc + bs.LeafAlloc), InUse: int64(bs.BranchInuse + bs.LeafInuse)}
			err := b.ForEach(func(k, v []byte) error {
				s.KeyBytes += int64(len(k))
				s.ValueBytes += int64(len(v))
				return nil
			})
			st.Buckets = append(st.Buckets, s)
			return err
		})
	})
	return st, err
}

package store

import (
	"slices"
	"sync"

	"readyroom/readiness"
)

// Commit is what a committed transaction changed: the records it stored
// changes of, and where the changes came from.
type Commit struct {
	Records []readiness.RecordID
	// FromPeer is set for changes pulled from a teammate (ApplyPulled, and
	// held changes released later); unset for this device's own edits,
	// imports and generated records.
	FromPeer bool
}

// commits are the subscribers told of each commit.
type commits struct {
	mu   sync.Mutex
	next int
	subs map[int]func(Commit)
}

// Subscribe has fn told of every transaction that stores new changes, once,
// after it has committed and bbolt's locks are released, in the goroutine
// that committed. fn must not block; it may read the database. It returns
// the function that stops the subscription.
func (db *DB) Subscribe(fn func(Commit)) (unsubscribe func()) {
	c := &db.commits
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.subs == nil {
		c.subs = map[int]func(Commit){}
	}
	id := c.next
	c.next++
	c.subs[id] = fn
	return func() {
		c.mu.Lock()
		delete(c.subs, id)
		c.mu.Unlock()
	}
}

// announce tells the subscribers of a commit that stored changes.
func (db *DB) announce(ids []readiness.RecordID, fromPeer bool) {
	if len(ids) == 0 {
		return
	}
	c := &db.commits
	c.mu.Lock()
	subs := make([]func(Commit), 0, len(c.subs))
	keys := make([]int, 0, len(c.subs))
	for k := range c.subs {
		keys = append(keys, k)
	}
	slices.Sort(keys) // in the order they subscribed
	for _, k := range keys {
		subs = append(subs, c.subs[k])
	}
	c.mu.Unlock()
	ids = slices.Clone(ids)
	slices.Sort(ids)
	for _, fn := range subs {
		fn(Commit{Records: ids, FromPeer: fromPeer})
	}
}

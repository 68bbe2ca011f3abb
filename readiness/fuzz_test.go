package readiness

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"
)

// FuzzDecodeChange: whatever arrives from a peer, decoding either refuses it
// or yields a change that passes its checks and survives a round trip; it
// never panics.
func FuzzDecodeChange(f *testing.F) {
	m := testMaker("00000000000000a1", "Ana", 1000)
	d, create := func() (Doc, Change) {
		c, _ := m.Create(testRecord, testInput(), nil)
		var d Doc
		d.Apply(c, nil, nil)
		return d, c
	}()
	edit, _ := m.Edit(&d, "title", "Tokenisation <script>alert(1)</script> ‮")
	for _, c := range []Change{create, edit} {
		b, _ := json.Marshal(c)
		f.Add(b)
	}
	f.Add([]byte(`{"id":"0000000003e9000f-00000000000000a1","record":"01JD0000000000000000000001","path":"title","value":"x","parents":null,"hlc":{"wall":1001,"logical":15},"replica":"00000000000000a1","author":"A"}`))
	f.Add([]byte(`{"id":"x"}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"value":` + string(make([]byte, 10)) + `}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := DecodeChange(b)
		if err != nil {
			return
		}
		if err := c.Check(); err != nil {
			t.Fatalf("decoded a change that fails its checks: %v", err)
		}
		again, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		c2, err := DecodeChange(again)
		if err != nil {
			t.Fatalf("a decoded change does not decode after encoding: %v", err)
		}
		if !reflect.DeepEqual(normal(c), normal(c2)) {
			t.Fatalf("round trip changed the change:\n%+v\n%+v", c, c2)
		}
	})
}

func normal(c Change) Change {
	var v any
	json.Unmarshal(c.Value, &v)
	c.Value, _ = json.Marshal(v)
	if len(c.Parents) == 0 {
		c.Parents = nil
	}
	return c
}

// FuzzMergeOrder: a history of concurrent edits by three replicas, applied
// in an order and with duplicates the fuzzer chooses, folds to the same
// record as applying it in clock order.
func FuzzMergeOrder(f *testing.F) {
	f.Add(uint64(1), uint8(40), []byte{3, 1, 4, 1, 5, 9, 2, 6})
	f.Add(uint64(7), uint8(120), []byte{0})
	f.Add(uint64(99), uint8(10), []byte{255, 254, 253})
	f.Fuzz(func(t *testing.T, seed uint64, steps uint8, order []byte) {
		reps := []*Maker{
			testMaker("00000000000000a1", "Ana", 1000),
			testMaker("00000000000000b2", "Ben", 1000),
			testMaker("00000000000000c3", "Cy", 1000),
		}
		_, create := created(t, reps[0])
		rng := rand.New(rand.NewPCG(seed, 1))
		paths := []func() (Path, any){
			func() (Path, any) { return "title", "T" + string(rune('a'+rng.IntN(26))) },
			func() (Path, any) { return ItemPath("COM-01", "owner"), "O" + string(rune('a'+rng.IntN(26))) },
			func() (Path, any) {
				return ItemPath("COM-02", "status"), StatusValue{Status: []Status{Done, InProgress, Blocked}[rng.IntN(3)], Reason: "r"}
			},
			func() (Path, any) { return EntryPath("actions", "01JD0000000000000000000009"), nil },
			func() (Path, any) {
				return EntryPath("actions", "01JD0000000000000000000009"), Action{ID: "01JD0000000000000000000009", Text: "t", Owner: "o", Due: "2026-12-01"}
			},
		}
		views := make([]Doc, len(reps))
		logs := make([]*memLog, len(reps))
		for i := range views {
			logs[i] = &memLog{}
			logs[i].apply(t, &views[i], create)
		}
		all := []Change{create}
		for step := 0; step < int(steps); step++ {
			i := rng.IntN(len(reps))
			p, v := paths[rng.IntN(len(paths))]()
			c, err := reps[i].Edit(&views[i], p, v)
			if err != nil {
				t.Fatalf("step %d: %v", step, err)
			}
			logs[i].apply(t, &views[i], c)
			all = append(all, c)
			if rng.IntN(3) == 0 {
				j := rng.IntN(len(reps))
				for _, x := range all {
					logs[j].apply(t, &views[j], x)
				}
			}
		}
		want, err := Fold(all, nil)
		if err != nil {
			t.Fatal(err)
		}
		// The fuzzer's bytes pick the order: each byte swaps two changes,
		// and repeats some (applying a change twice is a no-op).
		shuffled := append([]Change(nil), all...)
		for k, b := range order {
			i, j := int(b)%len(shuffled), (k*31+int(b))%len(shuffled)
			shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
			if b%4 == 0 {
				shuffled = append(shuffled, shuffled[i])
			}
		}
		var got Doc
		log := &memLog{}
		for _, c := range shuffled {
			log.apply(t, &got, c)
		}
		if !sameDoc(t, want, got) {
			ja, _ := json.Marshal(want)
			jb, _ := json.Marshal(got)
			a, b := string(ja), string(jb)
			i := 0
			for i < len(a) && i < len(b) && a[i] == b[i] {
				i++
			}
			t.Fatalf("applying in another order gave a different record; first difference at byte %d:\nwant …%s…\ngot  …%s…", i, a[max(0, i-300):min(len(a), i+200)], b[max(0, i-300):min(len(b), i+200)])
		}
	})
}

package lan

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"readyroom/readiness"
)

func testDevice(b byte) DeviceID { var d DeviceID; d[0] = b; return d }

func TestTeamMergeConverges(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	base, err := NewTeam("01JDTEAM0000000000000000AA", "Payments", testDevice(1), "Ana", readiness.Stamp{Wall: 1})
	if err != nil {
		t.Fatal(err)
	}
	recs := []readiness.RecordID{"01JDREC0000000000000000001", "01JDREC0000000000000000002", "01JDREC0000000000000000003"}
	for round := 0; round < 200; round++ {
		// Three replicas each make random writes, then merge in random orders.
		copies := make([]Team, 3)
		for i := range copies {
			copies[i] = clone(base)
			for w := 0; w < 5; w++ {
				st := readiness.Stamp{Wall: int64(rng.IntN(20) + 2), Logical: uint16(i)}
				switch rng.IntN(3) {
				case 0:
					copies[i].Members[testDevice(byte(rng.IntN(4)+1))] = Member{Name: "n" + string(rune('a'+rng.IntN(3))), Stamp: st, Removed: rng.IntN(4) == 0,
						Announce: strings.Repeat(string(rune('a'+rng.IntN(3))), MemberAnnounceLen)}
				case 1:
					copies[i].Records[recs[rng.IntN(3)]] = Sharing{Shared: rng.IntN(2) == 0, Stamp: st}
				default:
					copies[i].Name, copies[i].Renamed = "T"+string(rune('a'+rng.IntN(3))), st
				}
			}
		}
		var results []Team
		for _, order := range [][]int{{0, 1, 2}, {2, 1, 0}, {1, 2, 0}, {1, 0, 2, 1, 0}} {
			acc := clone(base)
			for _, i := range order {
				acc.Merge(copies[i])
			}
			results = append(results, acc)
		}
		for _, r := range results[1:] {
			if !reflect.DeepEqual(r, results[0]) {
				t.Fatalf("round %d: merge order changed the result:\n%+v\n%+v", round, results[0], r)
			}
		}
		again := clone(results[0])
		if again.Merge(results[0]) {
			t.Fatalf("round %d: merging a copy into itself reported a change", round)
		}
	}
}

func clone(t Team) Team {
	c := t
	c.Members = map[DeviceID]Member{}
	for k, v := range t.Members {
		c.Members[k] = v
	}
	c.Records = map[readiness.RecordID]Sharing{}
	for k, v := range t.Records {
		c.Records[k] = v
	}
	return c
}

func TestTeamRemovalIsFinal(t *testing.T) {
	team, _ := NewTeam("01JDTEAM0000000000000000AA", "Payments", testDevice(1), "Ana", readiness.Stamp{Wall: 1})
	team.Members[testDevice(2)] = Member{Name: "Ben", Stamp: readiness.Stamp{Wall: 5}}
	removed := clone(team)
	removed.Members[testDevice(2)] = Member{Name: "Ben", Removed: true, Stamp: readiness.Stamp{Wall: 6}}
	// Ben writes himself back in with a later stamp; the removal still wins.
	sneaky := clone(team)
	sneaky.Members[testDevice(2)] = Member{Name: "Ben", Stamp: readiness.Stamp{Wall: 99}}
	team.Merge(removed)
	team.Merge(sneaky)
	if team.IsMember(testDevice(2)) || !team.IsRemoved(testDevice(2)) {
		t.Fatalf("removed member came back: %+v", team.Members[testDevice(2)])
	}
	if got := team.ActiveMembers(); len(got) != 1 || got[0] != testDevice(1) {
		t.Fatalf("active members = %v", got)
	}
}

func TestTeamCheck(t *testing.T) {
	ok, _ := NewTeam("01JDTEAM0000000000000000AA", "Payments", testDevice(1), "Ana", readiness.Stamp{Wall: 1})
	cases := []struct {
		name string
		edit func(*Team)
		want string
	}{
		{"good", func(*Team) {}, ""},
		{"bad id", func(t *Team) { t.ID = "x" }, "not a 26-character ULID"},
		{"version", func(t *Team) { t.V = 9 }, "version 9"},
		{"empty name", func(t *Team) { t.Name = "" }, "team name"},
		{"longest name", func(t *Team) { t.Name = strings.Repeat("n", 120) }, ""},
		{"long name", func(t *Team) { t.Name = strings.Repeat("n", 121) }, "team name"},
		{"newline in name", func(t *Team) { t.Name = "a\nb" }, "team name"},
		{"zero member", func(t *Team) { t.Members[DeviceID{}] = Member{} }, "no device id"},
		{"too many members", func(t *Team) {
			for i := 0; i <= MaxTeamMembers; i++ {
				var d DeviceID
				d[0], d[1] = byte(i), byte(i>>8)+1
				t.Members[d] = Member{}
			}
		}, "over the limit"},
		{"bad record", func(t *Team) { t.Records["nope"] = Sharing{} }, "record id"},
		{"announce key", func(t *Team) { t.Members[testDevice(1)] = Member{Announce: strings.Repeat("0f", 32)} }, ""},
		{"short announce key", func(t *Team) { t.Members[testDevice(1)] = Member{Announce: "0f0f"} }, "announce key"},
		{"upper-case announce key", func(t *Team) { t.Members[testDevice(1)] = Member{Announce: strings.Repeat("0F", 32)} }, "announce key"},
		{"announce key not hex", func(t *Team) { t.Members[testDevice(1)] = Member{Announce: strings.Repeat("zz", 32)} }, "announce key"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			team := clone(ok)
			c.edit(&team)
			err := team.Check()
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
		})
	}
}

func TestLocalAddress(t *testing.T) {
	for s, want := range map[string]bool{
		"192.168.1.20:47474": true, "10.0.0.1:1": true, "172.16.5.4:47474": true, "127.0.0.1:47474": true,
		"[fe80::1%eth0]:47474": true, "[fd00::1]:47474": true, "100.100.1.2:47474": true,
		"8.8.8.8:53": false, "[2001:db8::1]:47474": false, "intranet:22": false, "192.168.1.20": false,
		"192.168.1.20:0": false, "": false, "localhost:47474": false,
	} {
		if got := localAddress(s); got != want {
			t.Errorf("localAddress(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestTeamNamesAreSingleLines(t *testing.T) {
	team, _ := NewTeam("01JDTEAM0000000000000000AA", "Payments", testDevice(1), "Ana", readiness.Stamp{Wall: 1})
	team.Members[testDevice(2)] = Member{Name: "Ben\x1b]0;owned\x07", Stamp: readiness.Stamp{Wall: 2}}
	if err := team.Check(); err == nil {
		t.Fatal("a member name with terminal escapes passed the check")
	}
}

// A name that travels to teammates may not carry the bidirectional
// controls that make "abc\u202Egnp.exe" read as "abcexe.png": team names
// and member names (readiness checks the author of every change). Right-to-
// left names need none of them and pass.
func TestTeamNamesRefuseBidiControls(t *testing.T) {
	for _, r := range []rune{'\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'} {
		name := "abc" + string(r) + "gnp.exe"
		team, _ := NewTeam("01JDTEAM0000000000000000AA", "Payments", testDevice(1), "Ana", readiness.Stamp{Wall: 1})
		team.Name = name
		if err := team.Check(); err == nil {
			t.Errorf("team name with U+%04X passed the check", r)
		}
		team, _ = NewTeam("01JDTEAM0000000000000000AA", "Payments", testDevice(1), "Ana", readiness.Stamp{Wall: 1})
		team.Members[testDevice(2)] = Member{Name: name, Stamp: readiness.Stamp{Wall: 2}}
		if err := team.Check(); err == nil {
			t.Errorf("member name with U+%04X passed the check", r)
		}
	}
	for _, name := range []string{"فريق المدفوعات", "צוות התשלומים", "Ана", "Zoë \u200F(RLM)", "支付团队"} {
		team, _ := NewTeam("01JDTEAM0000000000000000AA", name, testDevice(1), name, readiness.Stamp{Wall: 1})
		if err := team.Check(); err != nil {
			t.Errorf("team %q: %v", name, err)
		}
	}
}

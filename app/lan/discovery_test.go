package lan

import (
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/mdns"
)

const (
	testShort    = "0123456789abcdef"
	testInstance = "rr-0123456789abcdef._readyroom._tcp.local."
)

// goodEntry is an answer as a well-behaved peer's would arrive.
func goodEntry() *mdns.ServiceEntry {
	return &mdns.ServiceEntry{
		Name:       testInstance,
		Host:       "rr-0123456789abcdef.local.",
		AddrV4:     net.IPv4(10, 77, 0, 11),
		Port:       40001,
		Info:       "v=1|id=" + testShort,
		InfoFields: []string{"v=1", "id=" + testShort},
	}
}

func TestDiscoverySightingFrom(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name   string
		edit   func(e *mdns.ServiceEntry)
		want   []string // addresses of the sighting; nil: refused
		reason string   // part of the refusal
	}{
		{name: "good", edit: func(*mdns.ServiceEntry) {}, want: []string{"10.77.0.11"}},
		{name: "keys in another order", edit: func(e *mdns.ServiceEntry) { e.InfoFields = []string{"id=" + testShort, "v=1"} }, want: []string{"10.77.0.11"}},
		{name: "IPv4 and IPv6, IPv4 first", edit: func(e *mdns.ServiceEntry) {
			e.AddrV6IPAddr = &net.IPAddr{IP: net.ParseIP("fd00::11")}
		}, want: []string{"10.77.0.11", "fd00::11"}},
		{name: "IPv6 link-local with zone", edit: func(e *mdns.ServiceEntry) {
			e.AddrV4 = nil
			e.AddrV6IPAddr = &net.IPAddr{IP: net.ParseIP("fe80::1"), Zone: "rr0"}
		}, want: []string{"fe80::1%rr0"}},
		{name: "IPv4 as 16 bytes", edit: func(e *mdns.ServiceEntry) { e.AddrV4 = net.ParseIP("10.77.0.11") }, want: []string{"10.77.0.11"}},
		{name: "name in TXT is ignored", edit: func(e *mdns.ServiceEntry) {
			e.InfoFields = append(e.InfoFields, "name=Alice's laptop", "team=Payments")
		}, want: []string{"10.77.0.11"}},
		{name: "other service", edit: func(e *mdns.ServiceEntry) { e.Name = "rr-x._http._tcp.local." }, reason: "not a _readyroom._tcp instance"},
		{name: "bare service name", edit: func(e *mdns.ServiceEntry) { e.Name = "._readyroom._tcp.local." }, reason: "not a _readyroom._tcp instance"},
		{name: "wrong version", edit: func(e *mdns.ServiceEntry) { e.InfoFields[0] = "v=2" }, reason: "version"},
		{name: "version 1.0", edit: func(e *mdns.ServiceEntry) { e.InfoFields[0] = "v=1.0" }, reason: "version"},
		{name: "no version", edit: func(e *mdns.ServiceEntry) { e.InfoFields = e.InfoFields[1:] }, reason: "no version"},
		{name: "two versions", edit: func(e *mdns.ServiceEntry) { e.InfoFields = append(e.InfoFields, "v=1") }, reason: "two versions"},
		{name: "missing id", edit: func(e *mdns.ServiceEntry) { e.InfoFields = e.InfoFields[:1] }, reason: "no id"},
		{name: "two ids", edit: func(e *mdns.ServiceEntry) { e.InfoFields = append(e.InfoFields, "id=fedcba9876543210") }, reason: "two ids"},
		{name: "long id", edit: func(e *mdns.ServiceEntry) { e.InfoFields[1] = "id=" + testShort + "0" }, reason: "16 lowercase hex"},
		{name: "short id", edit: func(e *mdns.ServiceEntry) { e.InfoFields[1] = "id=0123" }, reason: "16 lowercase hex"},
		{name: "upper-case id", edit: func(e *mdns.ServiceEntry) { e.InfoFields[1] = "id=0123456789ABCDEF" }, reason: "16 lowercase hex"},
		{name: "id not hex", edit: func(e *mdns.ServiceEntry) { e.InfoFields[1] = "id=0123456789abcdeg" }, reason: "16 lowercase hex"},
		{name: "huge TXT", edit: func(e *mdns.ServiceEntry) {
			e.InfoFields = append(e.InfoFields, "pad="+strings.Repeat("x", 250), "pad="+strings.Repeat("x", 250), "pad="+strings.Repeat("x", 250))
		}, reason: "oversized"},
		{name: "many TXT strings", edit: func(e *mdns.ServiceEntry) {
			for range 200 {
				e.InfoFields = append(e.InfoFields, "k")
			}
		}, reason: "oversized"},
		{name: "port 0", edit: func(e *mdns.ServiceEntry) { e.Port = 0 }, reason: "port"},
		{name: "port too big", edit: func(e *mdns.ServiceEntry) { e.Port = 70000 }, reason: "port"},
		{name: "no address", edit: func(e *mdns.ServiceEntry) { e.AddrV4 = nil }, reason: "no usable address"},
		{name: "loopback address", edit: func(e *mdns.ServiceEntry) { e.AddrV4 = net.IPv4(127, 0, 0, 1) }, reason: "no usable address"},
		{name: "unspecified address", edit: func(e *mdns.ServiceEntry) { e.AddrV4 = net.IPv4zero }, reason: "no usable address"},
		{name: "multicast address", edit: func(e *mdns.ServiceEntry) { e.AddrV4 = net.IPv4(224, 0, 0, 251) }, reason: "no usable address"},
		{name: "broadcast address", edit: func(e *mdns.ServiceEntry) { e.AddrV4 = net.IPv4bcast }, reason: "no usable address"},
		{name: "link-local IPv6 without zone", edit: func(e *mdns.ServiceEntry) {
			e.AddrV4 = nil
			e.AddrV6IPAddr = &net.IPAddr{IP: net.ParseIP("fe80::1")}
		}, reason: "no usable address"},
		{name: "garbage address bytes", edit: func(e *mdns.ServiceEntry) { e.AddrV4 = net.IP{1, 2, 3} }, reason: "no usable address"},
		{name: "oversized name", edit: func(e *mdns.ServiceEntry) { e.Name = strings.Repeat("a", 300) + "._readyroom._tcp.local." }, reason: "not a _readyroom._tcp instance"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := goodEntry()
			tt.edit(e)
			s, err := sightingFrom(e, now)
			if tt.want == nil {
				if err == nil {
					t.Fatalf("accepted %+v as %+v", e, s)
				}
				if !strings.Contains(err.Error(), tt.reason) {
					t.Errorf("refused with %q, want it to say %q", err, tt.reason)
				}
				if len(err.Error()) > 200 {
					t.Errorf("refusal quotes too much of the answer: %d bytes", len(err.Error()))
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			var got []string
			for _, a := range s.Addrs {
				got = append(got, a.String())
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("addresses %v, want %v", got, tt.want)
			}
			if s.Short != testShort || s.Port != 40001 || !s.Seen.Equal(now) {
				t.Errorf("sighting %+v", s)
			}
			if text := fmt.Sprintf("%+v", s); strings.Contains(text, "Alice") || strings.Contains(text, "Payments") {
				t.Errorf("sighting keeps announced names: %s", text)
			}
		})
	}
	if _, err := sightingFrom(nil, now); err == nil {
		t.Error("accepted a nil entry")
	}
}

func sighting(short string, addrs ...string) Sighting {
	s := Sighting{Short: short, Port: 40000}
	for _, a := range addrs {
		s.Addrs = append(s.Addrs, netip.MustParseAddr(a))
	}
	return s
}

func TestDiscoverySightingSetChangesAndExpiry(t *testing.T) {
	set := sightingSet{max: maxSightings}
	t0 := time.Unix(1000, 0)
	a, b := "aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"

	steps := []struct {
		name    string
		at      time.Duration
		round   []Sighting
		changed bool
		want    string
	}{
		{"first answers", 0, []Sighting{sighting(b, "10.0.0.2"), sighting(a, "10.0.0.1")}, true, "aaaaaaaaaaaaaaaa[10.0.0.1] bbbbbbbbbbbbbbbb[10.0.0.2]"},
		{"same again", time.Second, []Sighting{sighting(a, "10.0.0.1"), sighting(b, "10.0.0.2")}, false, "aaaaaaaaaaaaaaaa[10.0.0.1] bbbbbbbbbbbbbbbb[10.0.0.2]"},
		{"quiet round", 2 * time.Second, nil, false, "aaaaaaaaaaaaaaaa[10.0.0.1] bbbbbbbbbbbbbbbb[10.0.0.2]"},
		{"address changed", 3 * time.Second, []Sighting{sighting(a, "10.0.0.9")}, true, "aaaaaaaaaaaaaaaa[10.0.0.9] bbbbbbbbbbbbbbbb[10.0.0.2]"},
		{"b expires", 12 * time.Second, []Sighting{sighting(a, "10.0.0.9")}, true, "aaaaaaaaaaaaaaaa[10.0.0.9]"},
		{"a stays within expiry", 22 * time.Second, nil, false, "aaaaaaaaaaaaaaaa[10.0.0.9]"},
		{"a expires", 23 * time.Second, nil, true, ""},
	}
	for _, st := range steps {
		changed := set.update(t0.Add(st.at), st.round, 10*time.Second)
		var got []string
		for _, s := range set.list() {
			got = append(got, fmt.Sprint(s.Short, s.Addrs))
		}
		if changed != st.changed || strings.Join(got, " ") != st.want {
			t.Errorf("%s: changed %v, set %q; want %v, %q", st.name, changed, strings.Join(got, " "), st.changed, st.want)
		}
	}
}

func TestDiscoverySightingSetCap(t *testing.T) {
	set := sightingSet{max: maxSightings}
	now := time.Unix(1000, 0)
	known := "0000000000000000"
	set.update(now, []Sighting{sighting(known, "10.0.0.1")}, time.Minute)

	var flood []Sighting
	for i := range 1000 {
		flood = append(flood, sighting(fmt.Sprintf("%016x", 0x1000+i), "10.0.0.2"))
	}
	flood = append(flood, sighting(known, "10.0.0.1"))
	set.update(now.Add(time.Second), flood, time.Minute)
	if n := len(set.list()); n != maxSightings {
		t.Fatalf("%d sightings after a flood of 1000, want the cap %d", n, maxSightings)
	}
	if set.dropped != 1000-(maxSightings-1) {
		t.Errorf("dropped %d, want %d", set.dropped, 1000-(maxSightings-1))
	}
	if s := set.m[known]; !s.Seen.Equal(now.Add(time.Second)) {
		t.Errorf("a device known before the flood was not refreshed: %+v", s)
	}
}

func TestDiscoveryMergeSameID(t *testing.T) {
	var round []Sighting
	round = mergeSighting(round, sighting(testShort, "10.0.0.2"))
	round = mergeSighting(round, sighting(testShort, "10.0.0.1", "fd00::1"))
	round = mergeSighting(round, sighting(testShort, "10.0.0.2"))
	for i := range 20 {
		round = mergeSighting(round, sighting(testShort, fmt.Sprintf("10.0.1.%d", i)))
	}
	if len(round) != 1 {
		t.Fatalf("%d sightings for one id", len(round))
	}
	got := round[0].Addrs
	if len(got) != maxSightingAddrs || got[0] != netip.MustParseAddr("10.0.0.1") || got[1] != netip.MustParseAddr("10.0.0.2") {
		t.Errorf("merged addresses %v: want at most %d, sorted, without duplicates", got, maxSightingAddrs)
	}
}

// An answer impersonating a device, from another address and port, adds an
// endpoint: the device's own is kept, whichever answer came first.
func TestDiscoveryMergeKeepsEveryEndpoint(t *testing.T) {
	real, fake := sighting(testShort, "10.0.0.11"), sighting(testShort, "10.0.0.19")
	fake.Port = 9999
	for _, order := range [][]Sighting{{real, fake}, {fake, real}} {
		var round []Sighting
		for _, s := range order {
			round = mergeSighting(round, s)
		}
		s := round[0]
		want := []string{"10.0.0.11:40000", "10.0.0.19:9999"}
		if !slices.Equal(s.HostPorts(), want) || s.Port != 40000 {
			t.Errorf("merged %v (port %d), want %v (port 40000)", s.HostPorts(), s.Port, want)
		}
	}
}

// TestDiscoveryConfigRefused covers configurations that StartDiscovery must
// refuse before it opens any socket (this test runs on the machine's real
// network, so none of these may get that far).
func TestDiscoveryConfigRefused(t *testing.T) {
	ok := DiscoveryConfig{Iface: "rrnosuchif0", Announce: fixedID(testShort), Port: 40000}
	tests := []struct {
		name   string
		edit   func(c *DiscoveryConfig)
		reason string
	}{
		{"no interface", func(c *DiscoveryConfig) { c.Iface = "" }, "no network interface named"},
		{"nothing to announce", func(c *DiscoveryConfig) { c.Announce = nil }, "nothing to announce"},
		{"port 0", func(c *DiscoveryConfig) { c.Port = 0 }, "port 0"},
		{"port too big", func(c *DiscoveryConfig) { c.Port = 65536 }, "port 65536"},
		{"loopback address to announce", func(c *DiscoveryConfig) { c.Addrs = []net.IP{net.IPv4(127, 0, 0, 1)} }, "not an address a peer could connect to"},
		{"unknown interface", func(c *DiscoveryConfig) {}, `finding network interface "rrnosuchif0"`},
		{"unknown interface, browse only", func(c *DiscoveryConfig) { c.Announce, c.Port, c.BrowseOnly = nil, 0, true }, `finding network interface "rrnosuchif0"`},
		{"loopback", func(c *DiscoveryConfig) { c.Iface = loopbackName(t) }, "loopback"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := ok
			tt.edit(&cfg)
			d, err := StartDiscovery(cfg)
			if err == nil {
				d.Close()
				t.Fatal("started")
			}
			if !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("error %q, want it to say %q", err, tt.reason)
			}
		})
	}
}

// fixedID announces one id whatever the network and time.
func fixedID(id string) func(netip.Prefix, time.Time) []string {
	return func(netip.Prefix, time.Time) []string { return []string{id} }
}

// loopbackName is the name of this machine's loopback interface.
func loopbackName(t *testing.T) string {
	ifs, err := net.Interfaces()
	if err != nil {
		t.Fatal(err)
	}
	for _, ifi := range ifs {
		if ifi.Flags&net.FlagLoopback != 0 {
			return ifi.Name
		}
	}
	t.Skip("no loopback interface")
	return ""
}

func TestDiscoveryValidShort(t *testing.T) {
	var id DeviceID
	for i := range id {
		id[i] = byte(i * 37)
	}
	for s, want := range map[string]bool{
		id.Short():            true,
		testShort:             true,
		"":                    false,
		"0123456789abcde":     false,
		"0123456789abcdef0":   false,
		"0123456789abcdeF":    false,
		"0123456789abcde ":    false,
		"０123456789abcde":     false,
		"0123456789abcd\x00f": false,
	} {
		if got := validShort(s); got != want {
			t.Errorf("validShort(%q) = %v, want %v", s, got, want)
		}
	}
}

// Ignored answers are limited in the log reason by reason: what a reason
// quotes of the answer (its name, its values) does not make a kind of its
// own, so a stranger varying them cannot get past the limit.
func TestIgnoredAnswerKinds(t *testing.T) {
	kind := func(s string) string { return quoted.ReplaceAllString(s, "…") }
	same := [][2]string{
		{`"rr-1._readyroom._tcp.local.": version "9" is not supported`, `"evil\"name": version "2" is not supported`},
		{`"a": TXT record has 9 strings (oversized)`, `"b": TXT record has 300 strings (oversized)`},
	}
	for _, p := range same {
		if kind(p[0]) != kind(p[1]) {
			t.Errorf("%q and %q are limited apart: %q, %q", p[0], p[1], kind(p[0]), kind(p[1]))
		}
	}
	if kind(`"a": TXT record has no id`) == kind(`"a": TXT record has no version`) {
		t.Error("two reasons are limited as one")
	}
}

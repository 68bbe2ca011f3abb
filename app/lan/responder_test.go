package lan

import (
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// sent is a packet the responder sent: to nil is by multicast.
type sent struct {
	m  *dns.Msg
	to *net.UDPAddr
}

// testResponder answers for ids without sockets: what it sends is kept.
func testResponder(t *testing.T, ids ...string) (*responder, *[]sent, *time.Time) {
	t.Helper()
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	var out []sent
	r := &responder{port: 47474, now: func() time.Time { return now }, multicast: map[string]time.Time{},
		log: newLogLimiter(func(string) {}, time.Now)}
	r.out = func(b []byte, to *net.UDPAddr) {
		var m dns.Msg
		if err := m.Unpack(b); err != nil {
			t.Fatalf("sent a packet that does not unpack: %v", err)
		}
		out = append(out, sent{&m, to})
	}
	r.mu.Lock()
	r.ids, r.ips = ids, []net.IP{net.IPv4(10, 77, 0, 11), net.ParseIP("fd77::11")}
	r.mu.Unlock()
	return r, &out, &now
}

func query(id uint16, qu bool, qs ...string) *dns.Msg {
	m := &dns.Msg{MsgHdr: dns.MsgHdr{Id: id}}
	for _, q := range qs {
		name, typ, _ := strings.Cut(q, " ")
		class := uint16(dns.ClassINET)
		if qu {
			class |= 1 << 15
		}
		m.Question = append(m.Question, dns.Question{Name: name, Qtype: dns.StringToType[typ], Qclass: class})
	}
	return m
}

var (
	fromMDNS   = &net.UDPAddr{IP: net.IPv4(10, 77, 0, 12), Port: mdnsPort}
	fromLegacy = &net.UDPAddr{IP: net.IPv4(10, 77, 0, 12), Port: 49025}
)

const (
	idA = "0123456789abcdef"
	idB = "fedcba9876543210"
)

// A query from a port other than 5353 (dig, and hashicorp/mdns's browser)
// gets a unicast reply per instance, each with its id and question, short
// TTLs and no cache-flush bits (RFC 6762 §6.7): a browser keeping only the
// last instance of a reply sees every one.
func TestResponderLegacyUnicast(t *testing.T) {
	r, out, _ := testResponder(t, idA, idB)
	r.answer(query(4242, false, "_readyroom._tcp.local. PTR"), fromLegacy)
	if len(*out) != 2 {
		t.Fatalf("%d replies for two instances, want 2", len(*out))
	}
	if b := (*out)[1]; b.m.Id != 4242 || len(b.m.Question) != 1 || len(b.m.Answer) != 1 || b.m.Answer[0].(*dns.PTR).Ptr != "rr-"+idB+"._readyroom._tcp.local." {
		t.Fatalf("the second instance's reply: %v", b.m)
	}
	got := (*out)[0]
	if got.to != fromLegacy || got.m.Id != 4242 || len(got.m.Question) != 1 || got.m.Question[0].Name != "_readyroom._tcp.local." || !got.m.Response || !got.m.Authoritative {
		t.Fatalf("legacy reply to %v: %v", got.to, got.m)
	}
	if len(got.m.Answer) != 1 || got.m.Answer[0].(*dns.PTR).Ptr != "rr-"+idA+"._readyroom._tcp.local." {
		t.Fatalf("answer %v", got.m.Answer)
	}
	for _, rr := range append(got.m.Answer, got.m.Extra...) {
		if h := rr.Header(); h.Ttl > ttlLegacy || h.Class != dns.ClassINET {
			t.Errorf("legacy record %v: TTL over %d or cache-flush set", rr, ttlLegacy)
		}
	}
	// The SRV, TXT and addresses come with it, for a browser to connect.
	var kinds []string
	for _, rr := range got.m.Extra {
		kinds = append(kinds, dns.TypeToString[rr.Header().Rrtype])
	}
	if strings.Join(kinds, " ") != "SRV TXT A AAAA" {
		t.Errorf("additional records %v", kinds)
	}
}

// A query repeating a question a hundred times is answered once: no reply
// bigger than the query's own worth, to an address a stranger may name.
func TestResponderRepeatedQuestionAnsweredOnce(t *testing.T) {
	r, out, _ := testResponder(t, idA, idB)
	qs := make([]string, 100)
	for i := range qs {
		qs[i] = "_readyroom._tcp.local. PTR"
	}
	q := query(7, true, qs...)
	qb, _ := q.Pack()
	r.answer(q, fromMDNS)
	if len(*out) != 2 {
		t.Fatalf("%d replies to a QU query for two instances, want one each", len(*out))
	}
	total := 0
	for _, s := range *out {
		b, _ := s.m.Pack()
		total += len(b)
		if s.to != fromMDNS || len(s.m.Answer) != 1 || s.m.Id != 0 || len(s.m.Question) != 0 {
			t.Errorf("QU reply to %v: %v", s.to, s.m)
		}
	}
	if total > len(qb) {
		t.Errorf("a %d-byte query made %d bytes of replies", len(qb), total)
	}
}

// A question from port 5353 without the QU bit is answered by multicast,
// unique records with the cache-flush bit; the same instance is not
// multicast again within a second (§6); known answers are left out (§7.1).
func TestResponderMulticastAnswers(t *testing.T) {
	r, out, now := testResponder(t, idA)
	r.answer(query(0, false, "rr-"+idA+"._readyroom._tcp.local. SRV"), fromMDNS)
	if len(*out) != 1 || (*out)[0].to != nil {
		t.Fatalf("replies %v, want one by multicast", *out)
	}
	srv := (*out)[0].m.Answer[0]
	if srv.Header().Class != dns.ClassINET|1<<15 || srv.Header().Ttl != ttlHost || srv.(*dns.SRV).Port != 47474 {
		t.Fatalf("SRV %v", srv)
	}
	r.answer(query(0, false, "rr-"+idA+"._readyroom._tcp.local. SRV"), fromMDNS)
	if len(*out) != 1 {
		t.Fatalf("multicast again within a second: %d replies", len(*out))
	}
	*now = now.Add(time.Second)
	known := query(0, false, "_readyroom._tcp.local. PTR")
	ptr := &dns.PTR{Hdr: dns.RR_Header{Name: "_readyroom._tcp.local.", Rrtype: dns.TypePTR, Class: dns.ClassINET, Ttl: ttlOther / 2}, Ptr: "rr-" + idA + "._readyroom._tcp.local."}
	known.Answer = []dns.RR{ptr}
	r.answer(known, fromMDNS)
	if len(*out) != 1 {
		t.Fatalf("a known answer with half its TTL left was given again: %v", (*out)[1].m)
	}
	ptr.Hdr.Ttl = ttlOther/2 - 1
	r.answer(known, fromMDNS)
	if len(*out) != 2 {
		t.Fatal("a known answer near its end was not given again")
	}
}

// Questions about another name, type or class, and replies, are not
// answered; a flood of unicast questions is cut at maxUnicastPerSecond.
func TestResponderAnswersOnlyItsOwn(t *testing.T) {
	r, out, now := testResponder(t, idA)
	for _, q := range []*dns.Msg{
		query(1, true, "_http._tcp.local. PTR"),
		query(2, true, "rr-"+idB+"._readyroom._tcp.local. SRV"),
		query(3, true, "rr-"+idA+".local. MX"),
		{MsgHdr: dns.MsgHdr{Opcode: dns.OpcodeUpdate}, Question: query(0, true, "_readyroom._tcp.local. PTR").Question},
	} {
		r.answer(q, fromMDNS)
	}
	if len(*out) != 0 {
		t.Fatalf("answered %v", (*out)[0].m)
	}
	// A flood from one address is cut at maxUnicastPerSource a second,
	// and a teammate is still answered.
	for range 10 * maxUnicastPerSource {
		r.answer(query(9, false, "rr-"+idA+".local. A"), fromLegacy)
	}
	if len(*out) != maxUnicastPerSource {
		t.Fatalf("%d unicast replies to one address in a second, want %d", len(*out), maxUnicastPerSource)
	}
	teammate := &net.UDPAddr{IP: net.IPv4(10, 77, 0, 13), Port: 40123}
	r.answer(query(10, false, "rr-"+idA+".local. A"), teammate)
	if len(*out) != maxUnicastPerSource+1 || (*out)[len(*out)-1].to != teammate {
		t.Fatalf("a teammate was not answered during a stranger's flood: %d replies", len(*out))
	}
	*now = now.Add(time.Second)
	r.answer(query(9, false, "rr-"+idA+".local. A"), fromLegacy)
	if a := (*out)[len(*out)-1].m.Answer; len(*out) != maxUnicastPerSource+2 || len(a) != 1 || !a[0].(*dns.A).A.Equal(net.IPv4(10, 77, 0, 11)) {
		t.Fatalf("the next second: %d replies, last %v", len(*out), a)
	}
}

// A new instance is announced twice a second apart, all of them again
// when the addresses change; one no longer announced, and every one at
// close, gets a goodbye (TTL 0).
func TestResponderAnnouncesAndSaysGoodbye(t *testing.T) {
	r, out, _ := testResponder(t)
	r.mu.Lock()
	r.ids, r.ips = nil, nil
	r.mu.Unlock()
	ips := []net.IP{net.IPv4(10, 77, 0, 11)}
	announcements := func(id string, ttl uint32) int {
		r.mu.Lock() // the second announcement is sent from a timer
		defer r.mu.Unlock()
		n := 0
		for _, s := range *out {
			if s.to == nil && len(s.m.Answer) == 4 && s.m.Answer[0].(*dns.PTR).Ptr == "rr-"+id+"._readyroom._tcp.local." &&
				s.m.Answer[0].Header().Ttl == ttl && s.m.Answer[1].Header().Ttl == min(ttl, ttlHost) {
				n++
			}
		}
		return n
	}
	r.set([]string{idA}, ips)
	if n := announcements(idA, ttlOther); n != 1 {
		t.Fatalf("%d announcements of a new instance at once, want 1", n)
	}
	deadline := time.Now().Add(5 * time.Second)
	for announcements(idA, ttlOther) < 2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := announcements(idA, ttlOther); n != 2 {
		t.Fatalf("announced %d times, want 2", n)
	}
	r.set([]string{idA, idB}, ips)
	if b, a := announcements(idB, ttlOther), announcements(idA, ttlOther); b < 1 || a != 2 {
		t.Errorf("adding an instance: %d announcements of it, %d of the other (want 1 or 2, and 2)", b, a)
	}
	r.set([]string{idB}, []net.IP{net.IPv4(10, 79, 0, 11)})
	if gone, kept := announcements(idA, 0), announcements(idB, ttlOther); gone != 1 || kept < 2 {
		t.Errorf("moving: %d goodbyes to the instance gone, %d announcements of the one kept (want 1 and at least 2)", gone, kept)
	}
	r.mu.Lock()
	oldAddress := slices.ContainsFunc(*out, func(s sent) bool {
		return len(s.m.Answer) == 1 && s.m.Answer[0].Header().Ttl == 0 && s.m.Answer[0].Header().Name == "rr-"+idB+".local." &&
			s.m.Answer[0].(*dns.A).A.Equal(net.IPv4(10, 77, 0, 11))
	})
	r.mu.Unlock()
	if !oldAddress {
		t.Error("no goodbye to the address the kept instance left")
	}
	r.close()
	if n := announcements(idB, 0); n != 1 {
		t.Errorf("%d goodbyes at close, want 1", n)
	}
}

// A response naming another device's instance wakes the browser; one
// naming only ours does not.
func TestResponderHearsOthers(t *testing.T) {
	r, _, _ := testResponder(t, idA)
	heard := 0
	r.heard = func() { heard++ }
	resp := func(id string) *dns.Msg {
		return &dns.Msg{MsgHdr: dns.MsgHdr{Response: true}, Answer: []dns.RR{&dns.PTR{
			Hdr: dns.RR_Header{Name: "_readyroom._tcp.local.", Rrtype: dns.TypePTR, Class: dns.ClassINET, Ttl: 4500},
			Ptr: "rr-" + id + "._readyroom._tcp.local."}}}
	}
	r.hear(resp(idA))
	if heard != 0 {
		t.Fatal("woke the browser for its own announcement")
	}
	r.hear(resp(idB))
	if heard != 1 {
		t.Fatal("did not wake the browser for another device's announcement")
	}
}

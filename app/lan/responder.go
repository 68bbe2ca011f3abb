package lan

// The mDNS responder: this device's answers to queries for _readyroom._tcp,
// by RFC 6762 and RFC 6763, with miekg/dns for the wire format.
//
// hashicorp/mdns's responder, used before, answered a query from a port
// other than 5353 (dig, nslookup: "legacy unicast") without its id or
// question, so such a querier threw the answer away; answered a repeated
// question once per copy (a 3 KB query made a 55 KB reply, sent to whatever
// source the packet named); answered multicast questions by unicast; never
// announced itself, so a browser that had backed off saw a new device only
// minutes later; sent no goodbye, so a device that stopped stayed listed
// for the records' two minutes; and logged two lines for every malformed
// packet anyone sent.
//
// What it does instead:
//   - Each announced id is a service instance "rr-<id>._readyroom._tcp.local."
//     on host "rr-<id>.local.": PTR (shared), SRV, TXT and A/AAAA records
//     (unique: the cache-flush bit set in multicast answers), with the TTLs
//     RFC 6762 §10 recommends (120 s for those naming a host, 75 min for the
//     rest), and the service type in _services._dns-sd._udp.local.
//   - A query is answered once per instance whatever it repeats, leaving
//     out what the querier listed as a known answer with at least half its
//     TTL left (§7.1). A question from port 5353 is answered by multicast
//     (at most once a second per instance, §6) unless it asks for unicast
//     (the QU bit, §5.4); a question from any other port is a legacy
//     unicast query (§6.7): a reply per instance to its source, each with
//     its id and question (a browser keeping one instance per answer, as
//     hashicorp/mdns's does, sees them all), TTLs at most 10 s and no
//     cache-flush bits. Queries are read only as sent to the multicast
//     group, which no router passes on, so every one comes from the link
//     (§11), whatever network its source address names (a device that has
//     just moved to another network on the same link is still answered).
//     At most maxUnicastPerSource queries a second from one address, and
//     maxUnicastPerSecond in all, are answered by unicast, so the
//     responder cannot be used to flood an address that a stranger names
//     as a packet's source, nor one stranger starve the teammates.
//   - A new instance, and every instance when the addresses change, is
//     announced twice, a second apart (§8.3); an instance no longer
//     announced, an address no longer held, and every instance at close,
//     is said goodbye to with TTL 0 (§10.1). It does not probe first (§8.1): its names are random 64-bit
//     tokens, and a device answering for another's is an impostor, which
//     the TLS handshake refuses whatever mDNS said.
//   - Packets go out with an IP TTL (hop limit) of 255 (§11).
//   - A malformed packet is logged as one line of a kind limited to
//     logBurst a minute.
//   - A response from port 5353 (§11) that names a _readyroom._tcp
//     instance other than ours (an announcement, or an answer to someone
//     else's question) is passed to heard, so the browser can ask at once
//     instead of at its next, backed-off, round.
//   - A packet is sent with a short write deadline: a send buffer that
//     stays full loses the packet instead of holding the responder.

import (
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"
	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"
)

const (
	mdnsPort = 5353
	// ttlHost is the TTL of records naming a host (SRV, A, AAAA); ttlOther
	// of the rest (PTR, TXT), as RFC 6762 §10 recommends.
	ttlHost  = 120
	ttlOther = 75 * 60
	// ttlLegacy caps TTLs in a legacy unicast reply (§6.7).
	ttlLegacy = 10
	// maxMDNSPacket is the largest packet read or sent (§17).
	maxMDNSPacket = 9000
	// maxQuestions is the most questions of one query looked at.
	maxQuestions = 32
	// maxUnicastPerSecond bounds the queries answered by unicast a second,
	// maxUnicastPerSource those from one address.
	maxUnicastPerSecond = 200
	maxUnicastPerSource = 5
	// sendTimeout is how long one packet may wait to be sent.
	sendTimeout = 100 * time.Millisecond
	// announceGap is the time between an instance's two announcements.
	announceGap = time.Second
	// logMalformed is the log kind of packets that do not parse.
	logMalformed = "malformed mDNS packets"
)

var (
	mdnsGroup4 = &net.UDPAddr{IP: net.IPv4(224, 0, 0, 251), Port: mdnsPort}
	mdnsGroup6 = &net.UDPAddr{IP: net.ParseIP("ff02::fb"), Port: mdnsPort}
)

// responder answers for this device's instances on one interface.
type responder struct {
	ifi   *net.Interface
	port  int
	v6    bool           // an IPv6 socket was asked for
	conns []*net.UDPConn // IPv4, then IPv6 when usable
	log   *logLimiter
	heard func() // called when another device's instance is heard of; may be nil
	now   func() time.Time
	// out sends a packed message: by multicast (to nil) or to an address.
	out func(b []byte, to *net.UDPAddr)

	mu        sync.Mutex
	ids       []string             // the instances announced, in order
	ips       []net.IP             // their addresses
	multicast map[string]time.Time // instance id -> last multicast answer
	unicast   struct {
		second time.Time
		sent   int
		from   map[string]int // queries answered this second, by source address
	}
	closed bool

	wg sync.WaitGroup
}

// startResponder listens for queries on the interface (IPv6 too when
// ipv6 is set) and answers for no instance until set is called.
func startResponder(ifi *net.Interface, port int, ipv6on bool, log *logLimiter, heard func()) (*responder, error) {
	r := &responder{ifi: ifi, port: port, v6: ipv6on, log: log, heard: heard, now: time.Now, multicast: map[string]time.Time{}}
	r.out = r.write
	c4, err := net.ListenMulticastUDP("udp4", ifi, mdnsGroup4)
	if err != nil {
		return nil, fmt.Errorf("answering on %s: %w", ifi.Name, err)
	}
	p4 := ipv4.NewPacketConn(c4)
	// Errors only make the packets less tidy (a TTL of 1, the default
	// interface): nothing to refuse over.
	_ = p4.SetMulticastInterface(ifi)
	_ = p4.SetMulticastTTL(255)
	_ = p4.SetTTL(255)
	r.conns = append(r.conns, c4)
	if ipv6on {
		if c6, err := net.ListenMulticastUDP("udp6", ifi, mdnsGroup6); err == nil {
			p6 := ipv6.NewPacketConn(c6)
			_ = p6.SetMulticastInterface(ifi)
			_ = p6.SetMulticastHopLimit(255)
			_ = p6.SetHopLimit(255)
			r.conns = append(r.conns, c6)
		}
	}
	for _, c := range r.conns {
		r.wg.Add(1)
		go r.serve(c)
	}
	return r, nil
}

// set announces these ids at these addresses: new instances are
// announced (all of them when the addresses change), gone ones said
// goodbye to.
func (r *responder) set(ids []string, ips []net.IP) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return
	}
	moved := !slices.EqualFunc(ips, r.ips, net.IP.Equal)
	for _, id := range r.ids {
		if !slices.Contains(ids, id) {
			r.sendLocked(r.goodbye(id, r.ips), nil)
			delete(r.multicast, id)
		}
	}
	if gone := slices.DeleteFunc(slices.Clone(r.ips), func(ip net.IP) bool { return slices.ContainsFunc(ips, ip.Equal) }); len(gone) > 0 {
		// An address no longer held: the instances kept say so (their
		// announcement's cache-flush bit flushes only records of the
		// types it carries, and an AAAA may have gone with IPv6).
		for _, id := range r.ids {
			if slices.Contains(ids, id) {
				r.sendLocked(r.addressGoodbye(id, gone), nil)
			}
		}
	}
	var fresh []string
	for _, id := range ids {
		if moved || !slices.Contains(r.ids, id) {
			fresh = append(fresh, id)
		}
	}
	r.ids, r.ips = slices.Clone(ids), slices.Clone(ips)
	for _, id := range fresh {
		r.announceLocked(id)
	}
	if len(fresh) > 0 {
		// A timer firing after close finds it closed and sends nothing.
		time.AfterFunc(announceGap, func() {
			r.mu.Lock()
			defer r.mu.Unlock()
			for _, id := range fresh {
				if !r.closed && slices.Contains(r.ids, id) {
					r.announceLocked(id)
				}
			}
		})
	}
}

// announced lists the ids answered for.
func (r *responder) announced() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.ids)
}

// close says goodbye for every instance and stops listening.
func (r *responder) close() {
	r.mu.Lock()
	if !r.closed {
		for _, id := range r.ids {
			r.sendLocked(r.goodbye(id, r.ips), nil)
		}
		r.closed = true
	}
	r.mu.Unlock()
	for _, c := range r.conns {
		c.Close()
	}
	r.wg.Wait()
}

func (r *responder) announceLocked(id string) {
	m := r.response(id, r.ips, nil, false)
	r.multicast[id] = r.now()
	r.sendLocked(m, nil)
}

// goodbye is every record of an instance, at these addresses, with TTL 0.
func (r *responder) goodbye(id string, ips []net.IP) *dns.Msg {
	m := r.response(id, ips, nil, false)
	for _, rr := range m.Answer {
		rr.Header().Ttl = 0
	}
	return m
}

// addressGoodbye is an instance's host at addresses gone, with TTL 0.
func (r *responder) addressGoodbye(id string, gone []net.IP) *dns.Msg {
	m := r.goodbye(id, gone)
	m.Answer = slices.DeleteFunc(m.Answer, func(rr dns.RR) bool {
		t := rr.Header().Rrtype
		return t != dns.TypeA && t != dns.TypeAAAA
	})
	return m
}

// serve reads packets until the connection is closed.
func (r *responder) serve(c *net.UDPConn) {
	defer r.wg.Done()
	buf := make([]byte, maxMDNSPacket)
	for {
		n, from, err := c.ReadFromUDP(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue // a transient error (an ICMP error surfacing on Linux): keep reading
		}
		var m dns.Msg
		if err := m.Unpack(buf[:n]); err != nil {
			// A response miekg/dns cannot read is someone else's business
			// (python-zeroconf's carry an NSEC record with an empty type
			// bitmap, which it refuses); a query is ours to answer.
			if n > 2 && buf[2]&0x80 == 0 {
				r.log.logf(logMalformed, "lan: discovery: a query from %s is not DNS: %.80v", from, err)
			}
			continue
		}
		if m.Response {
			if from.Port == mdnsPort { // §11: other responses are not mDNS
				r.hear(&m)
			}
			continue
		}
		r.answer(&m, from)
	}
}

// hear passes on a response naming another device's instance.
func (r *responder) hear(m *dns.Msg) {
	if r.heard == nil {
		return
	}
	suffix := "." + discoveryName
	for _, rr := range append(m.Answer, m.Extra...) {
		ptr, ok := rr.(*dns.PTR)
		if !ok || !strings.HasSuffix(strings.ToLower(ptr.Ptr), suffix) {
			continue
		}
		id := strings.TrimPrefix(strings.TrimSuffix(strings.ToLower(ptr.Ptr), suffix), "rr-")
		r.mu.Lock()
		own := slices.Contains(r.ids, id)
		r.mu.Unlock()
		if !own {
			r.heard()
			return
		}
	}
}

// answer answers a query: once per instance, what it asks of that
// instance and does not know already.
func (r *responder) answer(q *dns.Msg, from *net.UDPAddr) {
	if q.Opcode != dns.OpcodeQuery || q.Rcode != dns.RcodeSuccess || len(q.Question) == 0 {
		return
	}
	legacy := from.Port != mdnsPort
	unicast := legacy
	questions := q.Question[:min(len(q.Question), maxQuestions)]
	for _, qq := range questions {
		if qq.Qclass&(1<<15) != 0 {
			unicast = true
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return
	}
	// One reply per instance: a browser keeping one instance per
	// answer (hashicorp/mdns's does) sees them all.
	type reply struct {
		id string
		m  *dns.Msg
	}
	var replies []reply
	for _, id := range r.ids {
		if m := r.response(id, r.ips, questions, legacy); m != nil {
			m.Answer = knownAnswersOut(m.Answer, q.Answer)
			if len(m.Answer) > 0 {
				replies = append(replies, reply{id, m})
			}
		}
	}
	if len(replies) == 0 {
		return
	}
	now := r.now()
	if unicast {
		if !r.unicastAllowedLocked(from.IP, now) {
			return
		}
		for _, rp := range replies {
			if legacy {
				// As a unicast DNS server answers: the query's id and
				// questions.
				rp.m.Id, rp.m.Question = q.Id, slices.Clone(questions)
			}
			r.sendLocked(rp.m, from)
		}
		return
	}
	for _, rp := range replies {
		if last, ok := r.multicast[rp.id]; ok && now.Sub(last) < time.Second {
			continue
		}
		r.multicast[rp.id] = now
		r.sendLocked(rp.m, nil)
	}
}

// unicastAllowedLocked counts a query to be answered by unicast against
// this second's budgets: its source's and everyone's.
func (r *responder) unicastAllowedLocked(ip net.IP, now time.Time) bool {
	if now.Sub(r.unicast.second) >= time.Second || r.unicast.from == nil {
		r.unicast.second, r.unicast.sent, r.unicast.from = now, 0, map[string]int{}
	}
	key := ip.String()
	if r.unicast.sent >= maxUnicastPerSecond || r.unicast.from[key] >= maxUnicastPerSource {
		return false
	}
	r.unicast.sent++
	r.unicast.from[key]++
	return true
}

// response is one instance's answers, at these addresses, to the
// questions (every record, as an announcement, when questions is nil), nil
// when it has none; a legacy reply has short TTLs and no cache-flush bits.
func (r *responder) response(id string, ips []net.IP, questions []dns.Question, legacy bool) *dns.Msg {
	service := discoveryName
	instance := "rr-" + id + "." + service
	host := "rr-" + id + "." + discoveryDomain
	hdr := func(name string, typ uint16, ttl uint32, unique bool) dns.RR_Header {
		class := uint16(dns.ClassINET)
		if legacy {
			ttl = min(ttl, ttlLegacy)
		} else if unique {
			class |= 1 << 15 // cache flush
		}
		return dns.RR_Header{Name: name, Rrtype: typ, Class: class, Ttl: ttl}
	}
	ptr := &dns.PTR{Hdr: hdr(service, dns.TypePTR, ttlOther, false), Ptr: instance}
	types := &dns.PTR{Hdr: hdr("_services._dns-sd._udp."+discoveryDomain, dns.TypePTR, ttlOther, false), Ptr: service}
	srv := &dns.SRV{Hdr: hdr(instance, dns.TypeSRV, ttlHost, true), Port: uint16(r.port), Target: host}
	txt := &dns.TXT{Hdr: hdr(instance, dns.TypeTXT, ttlOther, true), Txt: []string{"v=" + discoveryVersion, "id=" + id}}
	var addrs []dns.RR
	for _, ip := range ips {
		if ip4 := ip.To4(); ip4 != nil {
			addrs = append(addrs, &dns.A{Hdr: hdr(host, dns.TypeA, ttlHost, true), A: ip4})
		} else {
			addrs = append(addrs, &dns.AAAA{Hdr: hdr(host, dns.TypeAAAA, ttlHost, true), AAAA: ip})
		}
	}
	m := &dns.Msg{MsgHdr: dns.MsgHdr{Response: true, Authoritative: true}}
	if questions == nil {
		m.Answer = append([]dns.RR{ptr, srv, txt}, addrs...)
		return m
	}
	var answer, extra []dns.RR
	for _, q := range questions {
		name, typ := strings.ToLower(dns.Fqdn(q.Name)), q.Qtype
		all := typ == dns.TypeANY
		switch name {
		case "_services._dns-sd._udp." + discoveryDomain:
			if all || typ == dns.TypePTR {
				answer = append(answer, types)
			}
		case service:
			if all || typ == dns.TypePTR {
				answer = append(answer, ptr)
				extra = append(extra, srv, txt)
				extra = append(extra, addrs...)
			}
		case instance:
			if all || typ == dns.TypeSRV {
				answer = append(answer, srv)
				extra = append(extra, addrs...)
			}
			if all || typ == dns.TypeTXT {
				answer = append(answer, txt)
			}
		case host:
			for _, a := range addrs {
				if all || a.Header().Rrtype == typ {
					answer = append(answer, a)
				}
			}
		}
	}
	if len(answer) == 0 {
		return nil
	}
	m.Answer = dedupe(answer)
	m.Extra = slices.DeleteFunc(dedupe(extra), func(rr dns.RR) bool {
		return slices.ContainsFunc(m.Answer, func(a dns.RR) bool { return sameRecord(a, rr) })
	})
	return m
}

// sameRecord: the same name, type, class and data, whatever the TTL and
// the cache-flush bit.
func sameRecord(a, b dns.RR) bool {
	if a.Header().Class&^(1<<15) != b.Header().Class&^(1<<15) {
		return false
	}
	b = dns.Copy(b)
	b.Header().Class = a.Header().Class
	return dns.IsDuplicate(a, b)
}

// dedupe keeps the first of records that are the same.
func dedupe(rrs []dns.RR) []dns.RR {
	var out []dns.RR
	for _, rr := range rrs {
		if !slices.ContainsFunc(out, func(o dns.RR) bool { return sameRecord(o, rr) }) {
			out = append(out, rr)
		}
	}
	return out
}

// knownAnswersOut leaves out the records the querier already holds with
// at least half their TTL left (RFC 6762 §7.1).
func knownAnswersOut(answers, known []dns.RR) []dns.RR {
	return slices.DeleteFunc(answers, func(a dns.RR) bool {
		return slices.ContainsFunc(known, func(k dns.RR) bool {
			return sameRecord(a, k) && k.Header().Ttl >= a.Header().Ttl/2
		})
	})
}

// sendLocked sends a message (see out).
func (r *responder) sendLocked(m *dns.Msg, to *net.UDPAddr) {
	b, err := m.Pack()
	if err != nil || len(b) > maxMDNSPacket {
		return
	}
	r.out(b, to)
}

// write sends a packed message by multicast on every connection (to ==
// nil) or by unicast to one address, over the connection of its family.
func (r *responder) write(b []byte, to *net.UDPAddr) {
	for i, c := range r.conns {
		dst := to
		if dst == nil {
			dst = mdnsGroup4
			if i > 0 {
				dst = &net.UDPAddr{IP: mdnsGroup6.IP, Port: mdnsPort, Zone: r.ifi.Name}
			}
		} else if (dst.IP.To4() != nil) != (i == 0) {
			continue
		}
		_ = c.SetWriteDeadline(time.Now().Add(sendTimeout))
		_, _ = c.WriteToUDP(b, dst) // a lost packet is asked for again
	}
}

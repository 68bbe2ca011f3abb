package lan

import (
	"net/netip"
	"sync"
	"time"
)

// Join attempts are limited per remote address, so that a scan of invite
// ids from one address is slower still than the id space makes it (see
// invite.go), and does not slow a joiner at another address.
const (
	JoinRate  = 3  // join attempts a second from one address, on average
	JoinBurst = 10 // join attempts one address may make at once
	// maxJoinAddrs is how many addresses the limiter remembers at most.
	maxJoinAddrs = 1024
)

// addrBuckets is a token bucket for each remote address: an address gains
// rate tokens a second, up to burst, and each attempt spends one; one with
// none left is refused. A bucket that has filled up again is forgotten
// when room is needed (it is no different from a new one); while every
// remembered address still has attempts to pay for, a new address is
// refused.
type addrBuckets struct {
	mu      sync.Mutex
	rate    float64
	burst   float64
	max     int
	buckets map[netip.Addr]*tokenBucket
}

type tokenBucket struct {
	tokens float64
	at     time.Time
}

func newAddrBuckets(rate, burst float64, max int) *addrBuckets {
	return &addrBuckets{rate: rate, burst: burst, max: max, buckets: map[netip.Addr]*tokenBucket{}}
}

// allow spends a token of ip's bucket, if it has one.
func (b *addrBuckets) allow(ip netip.Addr, now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	tb, ok := b.buckets[ip]
	if !ok {
		if len(b.buckets) >= b.max {
			b.forgetFull(now)
		}
		if len(b.buckets) >= b.max {
			return false
		}
		tb = &tokenBucket{tokens: b.burst, at: now}
		b.buckets[ip] = tb
	}
	b.refill(tb, now)
	if tb.tokens < 1 {
		return false
	}
	tb.tokens--
	return true
}

func (b *addrBuckets) refill(tb *tokenBucket, now time.Time) {
	if d := now.Sub(tb.at); d > 0 {
		tb.tokens = min(b.burst, tb.tokens+d.Seconds()*b.rate)
	}
	tb.at = now
}

func (b *addrBuckets) forgetFull(now time.Time) {
	for ip, tb := range b.buckets {
		if b.refill(tb, now); tb.tokens >= b.burst {
			delete(b.buckets, ip)
		}
	}
}

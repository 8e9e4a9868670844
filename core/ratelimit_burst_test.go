package core_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
)

// kvStore is a SecondaryStorage test double with Better Auth's atomic
// increment and a network's latency (each call waits a millisecond before
// it reaches the store); fail makes every call fail.
type kvStore struct {
	mu   sync.Mutex
	m    map[string]kvEntry
	fail bool
}

const kvLatency = time.Millisecond

type kvEntry struct {
	v   string
	exp time.Time
}

var errKVDown = errors.New("kv: connection refused to 10.9.8.7:6379")

func newKV() *kvStore { return &kvStore{m: map[string]kvEntry{}} }

func (s *kvStore) get(k string) (kvEntry, bool) {
	e, ok := s.m[k]
	if ok && !e.exp.IsZero() && time.Now().After(e.exp) {
		delete(s.m, k)
		return kvEntry{}, false
	}
	return e, ok
}

func (s *kvStore) Get(_ context.Context, k string) (string, error) {
	time.Sleep(kvLatency)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail {
		return "", errKVDown
	}
	e, _ := s.get(k)
	return e.v, nil
}

func (s *kvStore) Set(_ context.Context, k, v string, ttl time.Duration) error {
	time.Sleep(kvLatency)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail {
		return errKVDown
	}
	e := kvEntry{v: v}
	if ttl > 0 {
		e.exp = time.Now().Add(ttl)
	}
	s.m[k] = e
	return nil
}

func (s *kvStore) Delete(_ context.Context, k string) error {
	time.Sleep(kvLatency)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail {
		return errKVDown
	}
	delete(s.m, k)
	return nil
}

// Increment is INCR plus an expiry set on creation only.
func (s *kvStore) Increment(_ context.Context, k string, ttl time.Duration) (int64, error) {
	time.Sleep(kvLatency)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail {
		return 0, errKVDown
	}
	e, ok := s.get(k)
	n := int64(1)
	if ok {
		n, _ = strconv.ParseInt(e.v, 10, 64)
		n++
	} else {
		e.exp = time.Now().Add(ttl)
	}
	e.v = strconv.FormatInt(n, 10)
	s.m[k] = e
	return n, nil
}

// getSetOnly is a SecondaryStorage without Increment.
type getSetOnly struct{ kv *kvStore }

func (s getSetOnly) Get(ctx context.Context, k string) (string, error) { return s.kv.Get(ctx, k) }
func (s getSetOnly) Set(ctx context.Context, k, v string, ttl time.Duration) error {
	return s.kv.Set(ctx, k, v, ttl)
}
func (s getSetOnly) Delete(ctx context.Context, k string) error { return s.kv.Delete(ctx, k) }

// burst sends n concurrent wrong-password sign-ins to base (a server URL
// with its base path), the i-th with the headers hdr(i), and returns the
// statuses by count.
func burst(t *testing.T, base string, n int, hdr func(i int) []string) map[int]int {
	t.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	got := map[int]int{}
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", base+"/sign-in/email", strings.NewReader(`{"email":"burst@example.com","password":"wrong password"}`))
			req.Header.Set("Content-Type", "application/json")
			h := hdr(i)
			for j := 0; j+1 < len(h); j += 2 {
				req.Header.Set(h[j], h[j+1])
			}
			<-start
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			mu.Lock()
			got[res.StatusCode]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	return got
}

func oneAddress(addr string) func(int) []string {
	return func(int) []string { return []string{"X-Forwarded-For", addr} }
}

// allowedOf checks that every answer is 401 (allowed, wrong password) or
// 429 and returns the number of 401s.
func allowedOf(t *testing.T, got map[int]int) int {
	t.Helper()
	for status := range got {
		if status != 401 && status != 429 {
			t.Fatalf("statuses %v", got)
		}
	}
	return got[401]
}

func kvOptions(kv core.SecondaryStorage, o core.Options) core.Options {
	o.SecondaryStorage = kv
	o.Session.StoreSessionInDatabase = true
	o.Verification.StoreInDatabase = true
	return o
}

// 20 concurrent wrong-password sign-ins from one address get the 3 that
// /sign-in/* allows per 10 s, whatever the storage.
func TestRateLimitConcurrentBurst(t *testing.T) {
	on := true
	rl := core.RateLimitOptions{Enabled: &on}
	run := func(t *testing.T, d string, o core.Options) {
		a, _ := newAuth(t, d, enabled(o))
		base := startServer(t, a).base
		if n := allowedOf(t, burst(t, base, 20, oneAddress("203.0.113.20"))); n != 3 {
			t.Fatalf("%d of 20 allowed, want 3", n)
		}
		// Another address has its own bucket.
		if n := allowedOf(t, burst(t, base, 5, oneAddress("203.0.113.21"))); n != 3 {
			t.Fatalf("second address: %d of 5 allowed, want 3", n)
		}
	}
	t.Run("memory", func(t *testing.T) {
		t.Parallel()
		o := core.Options{RateLimit: rl}
		o.RateLimit.Storage = core.RateLimitMemory
		run(t, core.DialectSQLite, o)
	})
	t.Run("secondary-storage", func(t *testing.T) {
		t.Parallel()
		run(t, core.DialectSQLite, kvOptions(newKV(), core.Options{RateLimit: rl}))
	})
	t.Run("database", func(t *testing.T) {
		forEachDialect(t, func(t *testing.T, d string) {
			o := core.Options{RateLimit: rl}
			o.RateLimit.Storage = core.RateLimitDatabase
			run(t, d, o)
		})
	})
}

// A failing store refuses the request instead of letting it through, and
// leaks nothing: an empty 500 for the database, a 503 for SecondaryStorage.
func TestRateLimitStorageFailure(t *testing.T) {
	on := true
	check := func(t *testing.T, c *client) {
		t.Helper()
		c.do("POST", "/sign-in/email", map[string]any{"email": "down@example.com", "password": "wrong password"})
		if c.status != 500 || len(c.raw) != 0 {
			t.Fatalf("got %d %q, want an empty 500", c.status, c.raw)
		}
	}
	t.Run("secondary-storage", func(t *testing.T) {
		kv := newKV()
		a, _ := newAuth(t, core.DialectSQLite, enabled(kvOptions(kv, core.Options{RateLimit: core.RateLimitOptions{Enabled: &on}})))
		c := startServer(t, a)
		kv.mu.Lock()
		kv.fail = true
		kv.mu.Unlock()
		// SecondaryStorage failing: the 503 that says so (issue 16), naming
		// no address.
		for _, path := range []string{"/sign-in/email", "/get-session"} {
			c.do("POST", path, map[string]any{"email": "down@example.com", "password": "wrong password"})
			if path == "/get-session" {
				c.do("GET", path, nil)
			}
			if c.status != 503 || string(c.raw) != unavailableBody {
				t.Fatalf("%s: got %d %q, want 503 %s", path, c.status, c.raw, unavailableBody)
			}
		}
	})
	t.Run("database", func(t *testing.T) {
		forEachDialect(t, func(t *testing.T, d string) {
			a, db := newAuth(t, d, enabled(core.Options{RateLimit: core.RateLimitOptions{Enabled: &on, Storage: core.RateLimitDatabase}}))
			c := startServer(t, a)
			c.do("GET", "/ok", nil)
			c.expect(200, `{"ok":true}`)
			if _, err := db.Exec("DROP TABLE " + q(d, "rateLimit")); err != nil {
				t.Fatal(err)
			}
			check(t, c)
		})
	})
}

// Rate limits in SecondaryStorage need its atomic increment: Open fails
// without one, and only when rate limits are on.
func TestRateLimitSecondaryStorageNeedsIncrement(t *testing.T) {
	on, off := true, false
	a, _ := newAuth(t, core.DialectSQLite, enabled(kvOptions(getSetOnly{newKV()}, core.Options{RateLimit: core.RateLimitOptions{Enabled: &on}})))
	if err := a.Open(context.Background()); err == nil || !strings.Contains(err.Error(), "SecondaryStorageIncrementer") {
		t.Fatalf("Open: %v", err)
	}
	b, _ := newAuth(t, core.DialectSQLite, enabled(kvOptions(getSetOnly{newKV()}, core.Options{RateLimit: core.RateLimitOptions{Enabled: &off}})))
	if err := b.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Memory storage chosen explicitly does not need it.
	c, _ := newAuth(t, core.DialectSQLite, enabled(kvOptions(getSetOnly{newKV()}, core.Options{RateLimit: core.RateLimitOptions{Enabled: &on, Storage: core.RateLimitMemory}})))
	if err := c.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// IPv6 clients are limited per /64 (Advanced.IPAddress.IPv6Subnet), and the
// session stores the masked address in 1.7.5's full form.
func TestRateLimitIPv6Subnet(t *testing.T) {
	on := true
	in64 := func(i int) []string { return []string{"X-Forwarded-For", fmt.Sprintf("2001:db8:1:2::%x", i+1)} }
	a, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{RateLimit: core.RateLimitOptions{Enabled: &on}}))
	c := startServer(t, a)
	if n := allowedOf(t, burst(t, c.base, 8, in64)); n != 3 {
		t.Fatalf("8 addresses of one /64: %d allowed, want 3", n)
	}
	if n := allowedOf(t, burst(t, c.base, 1, oneAddress("2001:db8:1:3::1"))); n != 1 {
		t.Fatal("another /64 was limited")
	}
	// IPv6Subnet 128 keeps whole addresses; 48 groups more.
	b, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{RateLimit: core.RateLimitOptions{Enabled: &on},
		Advanced: core.Advanced{IPAddress: core.IPAddressOptions{IPv6Subnet: 128}}}))
	if n := allowedOf(t, burst(t, startServer(t, b).base, 8, in64)); n != 8 {
		t.Fatalf("IPv6Subnet 128: %d of 8 allowed", n)
	}
	c48, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{RateLimit: core.RateLimitOptions{Enabled: &on},
		Advanced: core.Advanced{IPAddress: core.IPAddressOptions{IPv6Subnet: 48}}}))
	if n := allowedOf(t, burst(t, startServer(t, c48).base, 8, func(i int) []string {
		return []string{"X-Forwarded-For", fmt.Sprintf("2001:db8:1:%x::1", i)}
	})); n != 3 {
		t.Fatalf("IPv6Subnet 48: %d of 8 allowed", n)
	}

	u, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{}))
	uc := startServer(t, u)
	uc.do("POST", "/sign-up/email", map[string]any{"name": "Six", "email": "six@example.com", "password": password}, "X-Forwarded-For", "2001:DB8:1:2::5")
	uc.expect(200, "*")
	s := obj(uc.do("GET", "/get-session", nil))
	if ip := obj(s["session"])["ipAddress"]; ip != "2001:0db8:0001:0002:0000:0000:0000:0000" {
		t.Fatalf("ipAddress %v", ip)
	}
}

// Behind a balancer that appends to X-Forwarded-For, TrustedProxies gives
// each client its own bucket: the right-most address that is not a trusted
// proxy. A forged left part does not escape the bucket, and a client that
// connects directly cannot claim an address.
func TestRateLimitTrustedProxies(t *testing.T) {
	on := true
	limited := func(ipo core.IPAddressOptions) string {
		a, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{RateLimit: core.RateLimitOptions{Enabled: &on},
			Advanced: core.Advanced{IPAddress: ipo}}))
		return startServer(t, a).base
	}
	behind := func(i int) []string {
		return []string{"X-Forwarded-For", fmt.Sprintf("198.51.100.%d, 10.0.0.1", i+1)}
	}
	// Without TrustedProxies a chain is no address: every client shares
	// the connection's bucket.
	if n := allowedOf(t, burst(t, limited(core.IPAddressOptions{}), 8, behind)); n != 3 {
		t.Fatalf("without TrustedProxies: %d of 8 allowed", n)
	}
	proxied := core.IPAddressOptions{TrustedProxies: []string{"127.0.0.1", "10.0.0.0/8"}}
	if n := allowedOf(t, burst(t, limited(proxied), 8, behind)); n != 8 {
		t.Fatalf("8 clients behind a trusted proxy: %d allowed, want 8", n)
	}
	forged := func(i int) []string {
		return []string{"X-Forwarded-For", fmt.Sprintf("192.0.2.%d, 198.51.100.1, 10.0.0.1, 10.0.0.2", i+1)}
	}
	if n := allowedOf(t, burst(t, limited(proxied), 8, forged)); n != 3 {
		t.Fatalf("forged left-most addresses: %d of 8 allowed, want 3", n)
	}
	// The connection (127.0.0.1) is no trusted proxy: its header is ignored.
	direct := core.IPAddressOptions{TrustedProxies: []string{"10.0.0.0/8"}}
	if n := allowedOf(t, burst(t, limited(direct), 8, behind)); n != 3 {
		t.Fatalf("direct client: %d of 8 allowed, want 3", n)
	}
	// A malformed hop voids the header; IPv4-mapped proxies match.
	a, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{Advanced: core.Advanced{IPAddress: core.IPAddressOptions{
		TrustedProxies: []string{"127.0.0.1", "10.0.0.0/8", "2001:db8:ffff::/48"}, Headers: []string{"X-Real-IP", "X-Forwarded-For"}}}}))
	c := startServer(t, a)
	for i, tc := range []struct {
		hdr  []string
		want string
	}{
		{[]string{"X-Forwarded-For", "198.51.100.7, 10.1.2.3"}, "198.51.100.7"},
		{[]string{"X-Forwarded-For", "198.51.100.7, ::ffff:10.1.2.3"}, "198.51.100.7"},
		{[]string{"X-Forwarded-For", "2001:db8:5::1, 2001:db8:ffff::9"}, "2001:0db8:0005:0000:0000:0000:0000:0000"},
		{[]string{"X-Forwarded-For", "198.51.100.7, junk, 10.1.2.3"}, ""},
		{[]string{"X-Forwarded-For", "10.0.0.3, 10.1.2.3"}, ""},
		{[]string{"X-Real-IP", "198.51.100.9", "X-Forwarded-For", "198.51.100.7"}, "198.51.100.9"},
		{[]string{"X-Real-IP", "junk", "X-Forwarded-For", "198.51.100.7"}, "198.51.100.7"},
	} {
		uc := c.clone()
		uc.do("POST", "/sign-up/email", map[string]any{"name": "P", "email": fmt.Sprintf("p%d@example.com", i), "password": password}, tc.hdr...)
		uc.expect(200, "*")
		s := obj(uc.do("GET", "/get-session", nil))
		if ip := obj(s["session"])["ipAddress"]; ip != tc.want {
			t.Errorf("%v: ipAddress %q, want %q", tc.hdr, ip, tc.want)
		}
	}

	b := core.New(enabled(core.Options{Database: core.SQLite(":memory:"), Advanced: core.Advanced{IPAddress: core.IPAddressOptions{TrustedProxies: []string{"10.0.0.0/33"}}}}))
	if err := b.Open(context.Background()); err == nil || !strings.Contains(err.Error(), "10.0.0.0/33") {
		t.Fatalf("an invalid trusted proxy: %v", err)
	}
}

// DisableTracking stores no address and, as in Better Auth, turns rate
// limiting off.
func TestRateLimitDisableTracking(t *testing.T) {
	on := true
	a, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{RateLimit: core.RateLimitOptions{Enabled: &on},
		Advanced: core.Advanced{IPAddress: core.IPAddressOptions{DisableTracking: true}}}))
	c := startServer(t, a)
	if n := allowedOf(t, burst(t, c.base, 6, oneAddress("203.0.113.30"))); n != 6 {
		t.Fatalf("%d of 6 allowed", n)
	}
	c.signUp("untracked@example.com", password)
	s := obj(c.do("GET", "/get-session", nil))
	if ip := obj(s["session"])["ipAddress"]; ip != "" {
		t.Fatalf("ipAddress %q", ip)
	}
}

// X-Forwarded-Host and -Proto make the request's inferred origin (trusted
// when BaseURL is not set) only with Advanced.TrustedProxyHeaders.
func TestOriginForwardedHeaders(t *testing.T) {
	creds := map[string]any{"email": "fwd@example.com", "password": "wrong password"}
	for _, trust := range []bool{false, true} {
		a, _ := newAuth(t, core.DialectSQLite, enabled(core.Options{Advanced: core.Advanced{TrustedProxyHeaders: trust}}))
		c := startServer(t, a)
		self := c.origin // http://127.0.0.1:port
		https := "https" + strings.TrimPrefix(self, "http")
		for _, tc := range []struct {
			origin  string
			headers []string
			trusted bool // when TrustedProxyHeaders is on
		}{
			{"https://public.example", []string{"X-Forwarded-Host", "public.example", "X-Forwarded-Proto", "https"}, true},
			{"http://public.example:8080", []string{"X-Forwarded-Host", "public.example:8080", "X-Forwarded-Proto", "http"}, true},
			{https, []string{"X-Forwarded-Proto", "https"}, true},
			{"https://public.example", []string{"X-Forwarded-Host", "public.example"}, false}, // Host alone: ignored
			{"https://evil..example", []string{"X-Forwarded-Host", "evil..example", "X-Forwarded-Proto", "https"}, false},
			{"ftp://public.example", []string{"X-Forwarded-Host", "public.example", "X-Forwarded-Proto", "ftp"}, false},
			{self, []string{"X-Forwarded-Host", "public.example", "X-Forwarded-Proto", "https"}, false},
			{self, nil, true},
		} {
			want := 403
			if tc.origin == self && len(tc.headers) == 0 || trust && tc.trusted {
				want = 401
			}
			if !trust && tc.origin == self && len(tc.headers) > 0 {
				want = 401 // untrusted headers change nothing
			}
			c.do("POST", "/sign-in/email", creds, append([]string{"Origin", tc.origin}, tc.headers...)...)
			if c.status != want {
				t.Errorf("trust %v, Origin %s, %v: %d %s, want %d", trust, tc.origin, tc.headers, c.status, c.raw, want)
			}
		}
	}
}

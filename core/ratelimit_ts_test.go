package core_test

import (
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
)

// The Go and TypeScript servers share the rateLimit table: a burst allows
// as many requests on either, and each counts what the other wrote.
func TestRateLimitSharedWithTypeScript(t *testing.T) {
	dir, node := npmWire(t)
	for _, d := range []string{core.DialectSQLite, core.DialectPostgres} {
		t.Run(d, func(t *testing.T) {
			on := true
			var db *sql.DB
			var tsEnv []string
			tsDB := ""
			if d == core.DialectSQLite {
				tsDB, db = sharedSQLite(t)
			} else {
				var u string
				db, u = openDBURL(t, d)
				tsEnv = append(tsEnv, "DATABASE_URL="+u)
			}
			a := core.New(core.Options{Secret: testSecret, Database: core.Database{Dialect: d, DB: db},
				EmailAndPassword: core.EmailAndPassword{Enabled: true},
				RateLimit:        core.RateLimitOptions{Enabled: &on, Storage: core.RateLimitDatabase}})
			createTables(t, db, d, a)
			goc := startServer(t, a)
			goc.origin = ""
			tsEnv = append(tsEnv, `RATE_LIMIT={"enabled":true,"storage":"database"}`)
			ts := &client{t: t, base: startTS(t, dir, node, tsDB, tsEnv...) + "/api/auth", jar: map[string]string{}}

			tsAllowed := allowedOf(t, burst(t, ts.base, 20, oneAddress("203.0.113.40")))
			goAllowed := allowedOf(t, burst(t, goc.base, 20, oneAddress("203.0.113.41")))
			t.Logf("allowed of 20: TypeScript %d, Go %d", tsAllowed, goAllowed)
			if tsAllowed != 3 || goAllowed != tsAllowed {
				t.Fatalf("allowed of 20: TypeScript %d, Go %d; want 3 each", tsAllowed, goAllowed)
			}
			// A mixed burst, half to each server, on one key.
			mixed := func(i int) []string { return []string{"X-Forwarded-For", "203.0.113.42"} }
			half := burst(t, ts.base, 10, mixed)
			other := burst(t, goc.base, 10, mixed)
			if n := allowedOf(t, half) + allowedOf(t, other); n != 3 {
				t.Fatalf("mixed burst: %d of 20 allowed (TS %v, Go %v)", n, half, other)
			}

			creds := map[string]any{"email": "shared-rl@example.com", "password": "wrong password"}
			// Each server refuses the key the other filled.
			for _, c := range []struct {
				cl   *client
				addr string
			}{{goc, "203.0.113.40"}, {ts, "203.0.113.41"}} {
				c.cl.do("POST", "/sign-in/email", creds, "X-Forwarded-For", c.addr)
				retry, _ := strconv.Atoi(c.cl.header.Get("X-Retry-After"))
				if c.cl == ts && d == core.DialectPostgres {
					// 1.7.5 on PostgreSQL: pg returns the bigint lastRequest
					// as a string, and getRetryAfter concatenates it with
					// the window ("1796…" + 10000): a garbage X-Retry-After.
					// Go sends the seconds left.
					retry = 5
				}
				if c.cl.status != 429 || string(c.cl.raw) != `{"message":"Too many requests. Please try again later."}` || retry < 1 || retry > 10 {
					t.Fatalf("%s after the other server's burst: %d %s %v", c.cl.base, c.cl.status, c.cl.raw, c.cl.header)
				}
			}
			// Alternating requests count in one row.
			for i, want := range []int{401, 401, 401, 429, 429} {
				c := goc
				if i%2 == 1 {
					c = ts
				}
				c.do("POST", "/sign-in/email", creds, "X-Forwarded-For", "203.0.113.43")
				if c.status != want {
					t.Fatalf("request %d (%s): %d %s, want %d", i, c.base, c.status, c.raw, want)
				}
			}
			// The rows either server wrote look alike.
			now := time.Now().UnixMilli()
			rows, err := db.Query("SELECT " + q(d, "key") + ", " + q(d, "count") + ", " + q(d, "lastRequest") + " FROM " + q(d, "rateLimit") + " ORDER BY " + q(d, "key"))
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var got []string
			for rows.Next() {
				var key string
				var count, last int64
				if err := rows.Scan(&key, &count, &last); err != nil {
					t.Fatal(err)
				}
				if last > now || now-last > 60_000 {
					t.Errorf("%s: lastRequest %d, now %d", key, last, now)
				}
				got = append(got, fmt.Sprintf("%s=%d", key, count))
			}
			want := "203.0.113.40|/sign-in/email=3 203.0.113.41|/sign-in/email=3 203.0.113.42|/sign-in/email=3 203.0.113.43|/sign-in/email=3"
			if strings.Join(got, " ") != want {
				t.Fatalf("rows %v\nwant %s", got, want)
			}
		})
	}
}

// The client address both servers store in session.ipAddress (and key
// rate limits by), with the same advanced.ipAddress options.
func TestRateLimitClientIPMatchesTypeScript(t *testing.T) {
	dir, node := npmWire(t)
	for _, cfg := range []struct {
		name string
		ts   string
		goIP core.IPAddressOptions
		hdrs [][]string
	}{
		{"default", `{}`, core.IPAddressOptions{}, [][]string{
			{"X-Forwarded-For", "203.0.113.7"},
			{"X-Forwarded-For", " 203.0.113.7 "},
			{"X-Forwarded-For", "2001:DB8:1:2::5"},
			{"X-Forwarded-For", "::ffff:192.0.2.9"},
			{"X-Forwarded-For", "::FFFF:c000:209"},
			{"X-Forwarded-For", "0:0:0:0:0:ffff:192.0.2.10"},
			{"X-Forwarded-For", "2001:db8::1.2.3.4"},
			{"X-Forwarded-For", "::1"},
		}},
		{"subnet 128", `{"ipAddress":{"ipv6Subnet":128}}`, core.IPAddressOptions{IPv6Subnet: 128}, [][]string{
			{"X-Forwarded-For", "2001:DB8:1:2::5"},
			{"X-Forwarded-For", "::FFFF:c000:209"},
			{"X-Forwarded-For", "::ffff:c000:209"},
		}},
		{"subnet 56", `{"ipAddress":{"ipv6Subnet":56}}`, core.IPAddressOptions{IPv6Subnet: 56}, [][]string{
			{"X-Forwarded-For", "2001:db8:1:2ab::5"},
		}},
		{"proxies and headers", `{"ipAddress":{"trustedProxies":["127.0.0.1","10.0.0.0/8","2001:db8:ffff::/48"],"ipAddressHeaders":["x-real-ip","x-forwarded-for"]}}`,
			core.IPAddressOptions{TrustedProxies: []string{"127.0.0.1", "10.0.0.0/8", "2001:db8:ffff::/48"}, Headers: []string{"X-Real-IP", "X-Forwarded-For"}},
			[][]string{
				{"X-Forwarded-For", "198.51.100.7, 10.1.2.3"},
				{"X-Forwarded-For", "192.0.2.1, 198.51.100.7, 10.1.2.3,10.0.0.9"},
				{"X-Forwarded-For", "198.51.100.7, ::ffff:10.1.2.3"},
				{"X-Forwarded-For", "2001:db8:5::1, 2001:db8:ffff::9"},
				{"X-Forwarded-For", "198.51.100.7, junk, 10.1.2.3"},
				{"X-Forwarded-For", "10.0.0.3, 10.1.2.3"},
				{"X-Real-IP", "198.51.100.9", "X-Forwarded-For", "198.51.100.7"},
				{"X-Real-IP", "junk", "X-Forwarded-For", "198.51.100.7"},
				{"X-Real-IP", "10.0.0.4", "X-Forwarded-For", "198.51.100.7, 10.0.0.5"},
			}},
		{"disabled", `{"ipAddress":{"disableIpTracking":true}}`, core.IPAddressOptions{DisableTracking: true}, [][]string{
			{"X-Forwarded-For", "203.0.113.7"},
		}},
	} {
		t.Run(cfg.name, func(t *testing.T) {
			path, db := sharedSQLite(t)
			a := core.New(core.Options{Secret: testSecret, Database: core.Database{Dialect: core.DialectSQLite, DB: db},
				EmailAndPassword: core.EmailAndPassword{Enabled: true}, Advanced: core.Advanced{IPAddress: cfg.goIP}})
			createTables(t, db, core.DialectSQLite, a)
			goc := startServer(t, a)
			ts := &client{t: t, base: startTS(t, dir, node, path, "ADVANCED="+cfg.ts) + "/api/auth", jar: map[string]string{}}
			for i, h := range cfg.hdrs {
				var ips [2]any
				for j, c := range []*client{goc.clone(), ts.clone()} {
					c.do("POST", "/sign-up/email", map[string]any{"name": "IP", "email": fmt.Sprintf("ip%d-%d@example.com", i, j), "password": password}, h...)
					c.expect(200, "*")
					ips[j] = obj(obj(c.do("GET", "/get-session", nil))["session"])["ipAddress"]
				}
				if ips[0] != ips[1] {
					t.Errorf("%q: Go %q, TypeScript %q", h, ips[0], ips[1])
				}
			}
		})
	}
}

// X-Forwarded-Host and -Proto decide the inferred origin (without a
// baseURL) only with trustedProxyHeaders, on both servers. The one
// difference is on purpose: better-call's Node adapter, which the
// TypeScript server runs behind, takes the scheme from X-Forwarded-Proto
// even when it is not trusted; Go ignores it then.
func TestOriginForwardedHeadersMatchTypeScript(t *testing.T) {
	dir, node := npmWire(t)
	creds := map[string]any{"email": "fwd@example.com", "password": "wrong password"}
	for _, trust := range []bool{false, true} {
		path, db := sharedSQLite(t)
		a := core.New(core.Options{Secret: testSecret, Database: core.Database{Dialect: core.DialectSQLite, DB: db},
			EmailAndPassword: core.EmailAndPassword{Enabled: true}, Advanced: core.Advanced{TrustedProxyHeaders: trust}})
		createTables(t, db, core.DialectSQLite, a)
		goc := startServer(t, a)
		ts := &client{t: t, base: startTS(t, dir, node, path, "BETTER_AUTH_URL=", fmt.Sprintf(`ADVANCED={"trustedProxyHeaders":%v}`, trust)) + "/api/auth", jar: map[string]string{}}
		for _, c := range []*client{goc, ts} {
			self := strings.TrimSuffix(c.base, "/api/auth")
			selfHTTPS := "https" + strings.TrimPrefix(self, "http")
			for _, tc := range []struct {
				h []string
				// 401: the Origin was trusted (then the password failed);
				// 403: INVALID_ORIGIN. Untrusted headers, trusted headers.
				want [2]int
				// TypeScript's answer when it differs.
				ts [2]int
			}{
				{[]string{"Origin", "https://public.example", "X-Forwarded-Host", "public.example", "X-Forwarded-Proto", "https"}, [2]int{403, 401}, [2]int{}},
				{[]string{"Origin", "http://public.example:8080", "X-Forwarded-Host", "public.example:8080", "X-Forwarded-Proto", "http"}, [2]int{403, 401}, [2]int{}},
				{[]string{"Origin", "https://public.example", "X-Forwarded-Host", "public.example"}, [2]int{403, 403}, [2]int{}},
				{[]string{"Origin", "https://evil..example", "X-Forwarded-Host", "evil..example", "X-Forwarded-Proto", "https"}, [2]int{403, 403}, [2]int{}},
				{[]string{"Origin", selfHTTPS, "X-Forwarded-Host", "evil..example", "X-Forwarded-Proto", "https"}, [2]int{403, 401}, [2]int{401, 401}},
				{[]string{"Origin", selfHTTPS, "X-Forwarded-Proto", "https"}, [2]int{403, 401}, [2]int{401, 401}},
				{[]string{"Origin", self, "X-Forwarded-Proto", "https"}, [2]int{401, 403}, [2]int{403, 403}},
				{[]string{"Origin", self, "X-Forwarded-Host", "public.example"}, [2]int{401, 401}, [2]int{}},
				{[]string{"Origin", self}, [2]int{401, 401}, [2]int{}},
			} {
				want := tc.want
				if c == ts && tc.ts != [2]int{} {
					want = tc.ts
				}
				i := 0
				if trust {
					i = 1
				}
				c.do("POST", "/sign-in/email", creds, tc.h...)
				if c.status != want[i] {
					t.Errorf("trust %v, %s %v: %d %s, want %d", trust, c.base, tc.h, c.status, c.raw, want[i])
				}
			}
		}
	}
}

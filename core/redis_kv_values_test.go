package core_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
	"github.com/authctl/authctl/core/redisstore"
)

// The plugins and social sign-in with verification values in Redis alone
// (secondaryStorage without verification.storeInDatabase, 1.7.5's default
// then): Go handlers and a TypeScript 1.7.5 server share one database,
// which has no verification table, and one Redis, where every code, token
// and OAuth state lives as verification:<identifier>. A value created on
// one server is used, counted, extended or refused on another.
//
// The tests run on PostgreSQL when the tests have it, else SQLite
// (clusterDialect); AUTHCTL_TEST_KV_DIALECT (sqlite, postgres, mysql)
// runs them on another dialect.

// kvCluster is Go handlers and one TypeScript server on one database and
// one Redis (behind one key prefix), verification values in Redis alone
// on all of them.
type kvCluster struct {
	t      *testing.T
	d      string
	db     *sql.DB
	kv     *redisstore.Store
	prefix string
	gos    []*client // the Go handlers
	ts     *client
	box    *signInBox // what the Go handlers sent
}

// newKVCluster starts n Go handlers with opts(box) (each its own Redis
// client; email sign-in enabled) and the TypeScript server with
// tsOptions merged into its options, and env (PLUGINS=…).
func newKVCluster(t *testing.T, n int, opts func(box *signInBox) core.Options, tsOptions map[string]any, env ...string) *kvCluster {
	t.Helper()
	url := redisURL(t)
	dir, node := npmWire(t)
	cl := &kvCluster{t: t, d: kvDialect(), prefix: redisPrefix(t), box: &signInBox{}}
	cl.kv = openRedis(t, url, cl.prefix)
	tsDB, db := sharedDB(t, cl.d)
	cl.db = db
	for i := range n {
		o := enabled(opts(cl.box))
		o.Secret, o.Database = testSecret, core.Database{Dialect: cl.d, DB: db}
		o.SecondaryStorage = openRedis(t, url, cl.prefix)
		a := core.New(o)
		t.Cleanup(func() { a.Close() })
		if i == 0 {
			createTables(t, db, cl.d, a)
		}
		cl.gos = append(cl.gos, startServer(t, a))
	}
	merged := map[string]any{"verification": map[string]any{"storeInDatabase": false}}
	for k, v := range tsOptions {
		merged[k] = v
	}
	raw, _ := json.Marshal(merged)
	base := startTS(t, dir, node, tsDB, append([]string{"REDIS_URL=" + url, "REDIS_PREFIX=" + cl.prefix, "OPTIONS=" + string(raw)}, env...)...)
	cl.ts = &client{t: t, base: base + "/api/auth", origin: base, jar: map[string]string{}}
	// The schema has no verification table: every value is in Redis.
	var n0 int
	if err := db.QueryRow(`SELECT COUNT(*) FROM ` + q(cl.d, "user")).Scan(&n0); err != nil {
		t.Fatalf("user table: %v", err)
	}
	if err := db.QueryRow(`SELECT COUNT(*) FROM ` + q(cl.d, "verification")).Scan(&n0); err == nil {
		t.Fatal("the database has a verification table without verification.storeInDatabase")
	}
	return cl
}

// servers are the Go handlers, then the TypeScript server.
func (cl *kvCluster) servers() []*client { return append(append([]*client(nil), cl.gos...), cl.ts) }

func (cl *kvCluster) name(c *client) string {
	for i, g := range cl.gos {
		if g == c {
			return fmt.Sprintf("Go %d", i)
		}
	}
	return "TypeScript"
}

// on is a client of server c sending the cookies of jar, which it keeps
// up to date.
func (cl *kvCluster) on(c *client, jar map[string]string) *client {
	n := c.clone()
	n.jar = jar
	for k := range jar {
		n.order = append(n.order, k)
	}
	sort.Strings(n.order)
	return n
}

// sent is the one message server c sent since the last call.
func (cl *kvCluster) sent(c *client) signInMail {
	cl.t.Helper()
	var m []signInMail
	if c == cl.ts {
		m = tsSignInMail(cl.t, cl.ts.origin)
	} else {
		m = cl.box.drain()
	}
	if len(m) != 1 {
		cl.t.Fatalf("%s sent %+v, want one message", cl.name(c), m)
	}
	return m[0]
}

// raw is the stored value of verification:<identifier> ("" when absent).
func (cl *kvCluster) raw(identifier string) string {
	cl.t.Helper()
	v, err := cl.kv.Get(context.Background(), "verification:"+identifier)
	if err != nil {
		cl.t.Fatal(err)
	}
	return v
}

// value is the stored verification's value, failing when there is none.
func (cl *kvCluster) value(identifier string) string {
	cl.t.Helper()
	raw := cl.raw(identifier)
	var v struct{ Value string }
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		cl.t.Fatalf("verification:%s = %q: %v", identifier, raw, err)
	}
	return v.Value
}

// gone fails when verification:<identifier> exists.
func (cl *kvCluster) gone(identifier string) {
	cl.t.Helper()
	if raw := cl.raw(identifier); raw != "" {
		cl.t.Fatalf("verification:%s is still stored: %s", identifier, raw)
	}
}

// ttl is the time to live of verification:<identifier>.
func (cl *kvCluster) ttl(identifier string) time.Duration {
	return cl.kv.Client().TTL(context.Background(), cl.prefix+"verification:"+identifier).Val()
}

// ttlNear fails unless the key expires in (want-10s, want].
func (cl *kvCluster) ttlNear(identifier string, want time.Duration) {
	cl.t.Helper()
	if got := cl.ttl(identifier); got <= want-10*time.Second || got > want {
		cl.t.Fatalf("verification:%s TTL %v, want about %v", identifier, got, want)
	}
}

// verificationKeys lists the stored identifiers starting with prefix.
func (cl *kvCluster) verificationKeys(prefix string) []string {
	var out []string
	for _, k := range redisKeys(cl.t, cl.kv, cl.prefix) {
		if id, ok := strings.CutPrefix(k, "verification:"); ok && strings.HasPrefix(id, prefix) {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

var kvISODate = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

// kvShape is a stored verification value as its keys (sorted), the
// dates as <date> with the lifetime (expiresAt - createdAt, seconds) and
// updatedAt - createdAt, and identifier and value through norm. It fails
// on a value that is not 1.7.5's shape.
func kvShape(t *testing.T, raw string, norm func(key, v string) string) string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("stored verification %q is not a JSON object", raw)
	}
	var keys []string
	vals := map[string]string{}
	for dec.More() {
		k, _ := dec.Token()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("stored verification %q: %v", raw, err)
		}
		s, ok := v.(string)
		if !ok {
			t.Fatalf("stored verification %q: %s is %T", raw, k, v)
		}
		keys = append(keys, k.(string))
		vals[k.(string)] = s
	}
	date := func(k string) time.Time {
		if !kvISODate.MatchString(vals[k]) {
			t.Fatalf("stored verification %q: %s is not an ISO date", raw, k)
		}
		d, _ := time.Parse(time.RFC3339Nano, vals[k])
		return d
	}
	created, updated, expires := date("createdAt"), date("updatedAt"), date("expiresAt")
	// The order of the keys is not compared: 1.7.5 writes createdAt,
	// updatedAt, then the caller's object (value before identifier for
	// some callers), and its merge keeps the stored order; JSON readers
	// do not see it.
	sort.Strings(keys)
	return fmt.Sprintf("keys %s; identifier %s; value %s; lifetime %ds; updated-created %ds",
		strings.Join(keys, ","), norm("identifier", vals["identifier"]), norm("value", vals["value"]),
		int(expires.Sub(created).Round(time.Second)/time.Second), int(updated.Sub(created).Round(time.Second)/time.Second))
}

// sameShape requires the values Go and TypeScript stored to have the same
// shape.
func sameShape(t *testing.T, what, goRaw, tsRaw string, norm func(key, v string) string) {
	t.Helper()
	g, w := kvShape(t, goRaw, norm), kvShape(t, tsRaw, norm)
	if testing.Verbose() {
		t.Logf("%s: %s", what, g)
	}
	if g != w {
		t.Errorf("%s stored differently\n--- go         %s\n--- typescript %s\n(go %s\n ts %s)", what, g, w, goRaw, tsRaw)
	}
}

// wrongCode is a code of the same length that is not code.
func wrongCode(code string) string {
	b := []byte(code)
	b[len(b)-1] = '0' + (b[len(b)-1]-'0'+1)%10
	return string(b)
}

// TestRedisKVEmailOTP: emailOTP codes (allowedAttempts 3, resendStrategy
// "reuse") in Redis alone, shared by a Go handler and TypeScript: a code
// sent by one signs in on the other once; wrong codes on either server
// count in the one stored value (sign-in re-creates it, check-
// verification-otp merges into it) until both refuse; a resend renews
// the value's expiresAt and its key's TTL; and Go stores what 1.7.5
// stores.
func TestRedisKVEmailOTP(t *testing.T) {
	cl := newKVCluster(t, 1, func(box *signInBox) core.Options {
		return core.Options{Plugins: []core.Plugin{plugins.EmailOTP(plugins.EmailOTPOptions{SendVerificationOTP: box.emailOTP,
			AllowedAttempts: 3, ResendStrategy: "reuse"})}}
	}, nil, emailOTPTSEnv(`{"allowedAttempts":3,"resendStrategy":"reuse"}`)...)
	goc, ts := cl.gos[0], cl.ts
	send := func(c *client, email, typ string) string {
		t.Helper()
		c.clone().do("POST", "/email-otp/send-verification-otp", map[string]any{"email": email, "type": typ})
		m := cl.sent(c)
		if m.To != email || len(m.Token) != 6 {
			t.Fatalf("%s sent %+v", cl.name(c), m)
		}
		return m.Token
	}
	signIn := func(c *client, email, otp string) *client {
		t.Helper()
		n := c.clone()
		n.do("POST", "/sign-in/email-otp", map[string]any{"email": email, "otp": otp})
		return n
	}
	check := func(c *client, email, typ, otp string) *client {
		t.Helper()
		n := c.clone()
		n.do("POST", "/email-otp/check-verification-otp", map[string]any{"email": email, "type": typ, "otp": otp})
		return n
	}

	// Sign-in codes: the stored values are 1.7.5's, whoever wrote them.
	goCode := send(goc, "kv@example.com", "sign-in")
	tsCode := send(ts, "kv-ts@example.com", "sign-in")
	id, tsID := "sign-in-otp-kv@example.com", "sign-in-otp-kv-ts@example.com"
	if cl.value(id) != goCode+":0" || cl.value(tsID) != tsCode+":0" {
		t.Fatalf("stored %s, %s", cl.raw(id), cl.raw(tsID))
	}
	sameShape(t, "emailOTP sign-in code", cl.raw(id), cl.raw(tsID), func(k, v string) string {
		v = strings.NewReplacer("kv-ts@", "<email>", "kv@", "<email>").Replace(v)
		return regexp.MustCompile(`^\d{6}:`).ReplaceAllString(v, "<code>:")
	})
	cl.ttlNear(id, 300*time.Second)

	// Wrong codes on either server count in the one value; the right one
	// signs in (up) on TypeScript, once.
	signIn(ts, "kv@example.com", wrongCode(goCode)).expectError(400, "INVALID_OTP", "Invalid OTP")
	if v := cl.value(id); v != goCode+":1" {
		t.Fatalf("after a wrong code on TypeScript: %s", v)
	}
	signIn(goc, "kv@example.com", wrongCode(goCode)).expectError(400, "INVALID_OTP", "Invalid OTP")
	if v := cl.value(id); v != goCode+":2" {
		t.Fatalf("after a wrong code on Go: %s", v)
	}
	in := signIn(ts, "kv@example.com", goCode)
	if in.status != 200 || obj(obj(in.do("GET", "/get-session", nil))["user"])["email"] != "kv@example.com" {
		t.Fatalf("TypeScript signing in with Go's code: %d %s", in.status, in.raw)
	}
	cl.gone(id)
	signIn(goc, "kv@example.com", goCode).expectError(400, "INVALID_OTP", "Invalid OTP")
	// TypeScript's code signs in on Go.
	in = signIn(goc, "kv-ts@example.com", tsCode)
	if in.status != 200 || obj(obj(in.do("GET", "/get-session", nil))["user"])["email"] != "kv-ts@example.com" {
		t.Fatalf("Go signing in with TypeScript's code: %d %s", in.status, in.raw)
	}
	signIn(ts, "kv-ts@example.com", tsCode).expectError(400, "INVALID_OTP", "Invalid OTP")

	// Three wrong sign-in codes over both servers spend the code: the
	// right one is then refused (TOO_MANY_ATTEMPTS) by the server trying
	// it, and gone for the other.
	for i, p := range [][2]*client{{ts, goc}, {goc, ts}} {
		first, other := p[0], p[1]
		code := send(first, "kv@example.com", "sign-in")
		for j, c := range []*client{goc, ts, goc} {
			signIn(c, "kv@example.com", wrongCode(code)).expectError(400, "INVALID_OTP", "Invalid OTP")
			if v := cl.value(id); v != fmt.Sprintf("%s:%d", code, j+1) {
				t.Fatalf("round %d: after wrong code %d on %s: %s", i, j+1, cl.name(c), v)
			}
		}
		signIn(first, "kv@example.com", code).expectError(403, "TOO_MANY_ATTEMPTS", "Too many attempts")
		signIn(other, "kv@example.com", code).expectError(400, "INVALID_OTP", "Invalid OTP")
		cl.gone(id)
	}

	// check-verification-otp: a wrong code merges one more attempt into
	// the stored value (updateVerificationByIdentifier), the rest of it
	// kept; spent, both refuse.
	vid := "email-verification-otp-kv@example.com"
	for i, p := range [][2]*client{{goc, ts}, {ts, goc}} {
		first, other := p[0], p[1]
		code := send(other, "kv@example.com", "email-verification")
		before := kvShape(t, cl.raw(vid), func(_, v string) string { return v })
		for j, c := range []*client{first, other, first} {
			check(c, "kv@example.com", "email-verification", wrongCode(code)).expectError(400, "INVALID_OTP", "Invalid OTP")
			if v := cl.value(vid); v != fmt.Sprintf("%s:%d", code, j+1) {
				t.Fatalf("round %d: after wrong check %d on %s: %s", i, j+1, cl.name(c), v)
			}
		}
		after := kvShape(t, cl.raw(vid), func(k, v string) string {
			if k == "value" {
				return strings.TrimSuffix(v, ":3") + ":0"
			}
			return v
		})
		// The merge keeps the identifier, value and dates other than
		// updatedAt (which 1.7.5's merge does not touch either).
		if before != after {
			t.Fatalf("round %d: the merge changed the stored value\nbefore %s\nafter  %s", i, before, after)
		}
		if ttl := cl.ttl(vid); ttl < 290*time.Second || ttl > 300*time.Second {
			t.Fatalf("round %d: TTL after the merges %v", i, ttl)
		}
		check(other, "kv@example.com", "email-verification", code).expectError(403, "TOO_MANY_ATTEMPTS", "Too many attempts")
		cl.gone(vid)
		check(first, "kv@example.com", "email-verification", code).expectError(400, "INVALID_OTP", "Invalid OTP")
	}
	// A right check leaves the code for verify-email on the other server.
	code := send(ts, "kv@example.com", "email-verification")
	check(goc, "kv@example.com", "email-verification", code).expect(200, `{"success":true}`)
	if v := cl.value(vid); v != code+":0" {
		t.Fatalf("after a right check: %s", v)
	}
	v := ts.clone()
	v.do("POST", "/email-otp/verify-email", map[string]any{"email": "kv@example.com", "otp": code})
	v.expect(200, "*")
	cl.gone(vid)

	// A resend ("reuse") sends the stored code again and renews its
	// expiresAt; the key's TTL follows. The code is aged first: 30
	// seconds left, in its expiresAt and its TTL.
	code = send(goc, "kv@example.com", "sign-in")
	for _, c := range []*client{ts, goc} {
		var aged map[string]any
		_ = json.Unmarshal([]byte(cl.raw(id)), &aged)
		aged["expiresAt"] = time.Now().Add(30 * time.Second).UTC().Format("2006-01-02T15:04:05.000Z")
		agedRaw, _ := json.Marshal(aged)
		if err := cl.kv.Set(context.Background(), "verification:"+id, string(agedRaw), 30*time.Second); err != nil {
			t.Fatal(err)
		}
		before := cl.raw(id)
		if again := send(c, "kv@example.com", "sign-in"); again != code {
			t.Fatalf("%s resent %s, want the stored %s", cl.name(c), again, code)
		}
		cl.ttlNear(id, 300*time.Second)
		var b, a struct{ ExpiresAt time.Time }
		_ = json.Unmarshal([]byte(before), &b)
		_ = json.Unmarshal([]byte(cl.raw(id)), &a)
		if !a.ExpiresAt.After(b.ExpiresAt) || time.Until(a.ExpiresAt) < 295*time.Second {
			t.Fatalf("%s resend: expiresAt %v, was %v", cl.name(c), a.ExpiresAt, b.ExpiresAt)
		}
	}
	signIn(ts, "kv@example.com", code).expect(200, "*")
	cl.gone(id)
}

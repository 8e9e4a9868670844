package core_test

import (
	"context"
	"database/sql"
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

// The harness of the apiKey secondary-storage tests: a Go handler and a
// TypeScript 1.7.5 server sharing one Redis (behind one key prefix) and
// one database, both with @better-auth/api-key's storage
// "secondary-storage" (and fallbackToDatabase when asked).

type akKV struct {
	t        *testing.T
	d        string
	fallback bool
	kv       *redisstore.Store
	prefix   string
	db       *sql.DB
	a        *core.Auth
	goc, ts  *client
}

// akKVMax is the per-key rate limit of both servers (per hour).
const akKVMax = 3

func newAKKV(t *testing.T, dialect, url string, fallback bool) *akKV {
	t.Helper()
	k := newAKKVWith(t, dialect, url, plugins.APIKeyOptions{EnableSessionForAPIKeys: true, EnableMetadata: true,
		RateLimit: plugins.APIKeyRateLimit{MaxRequests: akKVMax, TimeWindow: time.Hour},
		Storage:   "secondary-storage", FallbackToDatabase: fallback},
		fmt.Sprintf(`{"enableSessionForAPIKeys":true,"enableMetadata":true,"rateLimit":{"maxRequests":%d,"timeWindow":3600000},"storage":"secondary-storage","fallbackToDatabase":%v}`, akKVMax, fallback))
	k.fallback = fallback
	return k
}

// newAKKVWith starts Go with o and TypeScript with apiKey(tsOptions) (a
// JSON object or array of configurations).
func newAKKVWith(t *testing.T, dialect, url string, o plugins.APIKeyOptions, tsOptions string) *akKV {
	t.Helper()
	dir, node := npmWire(t)
	k := &akKV{t: t, d: dialect, prefix: redisPrefix(t)}
	k.kv = openRedis(t, url, k.prefix)
	var path string
	path, k.db = sharedDB(t, dialect)
	k.a = core.New(core.Options{Secret: testSecret, Database: core.Database{Dialect: dialect, DB: k.db},
		EmailAndPassword: core.EmailAndPassword{Enabled: true}, SecondaryStorage: openRedis(t, url, k.prefix),
		Verification: core.VerificationOptions{StoreInDatabase: true}, Plugins: []core.Plugin{plugins.APIKey(o)}})
	createTables(t, k.db, dialect, k.a)
	t.Cleanup(func() { k.a.Close() })
	k.goc = startServer(t, k.a)
	base := startTS(t, dir, node, path, "REDIS_URL="+url, "REDIS_PREFIX="+k.prefix,
		`OPTIONS={"session":{"storeSessionInDatabase":false},"verification":{"storeInDatabase":true}}`, `PLUGINS={"apiKey":`+tsOptions+`}`)
	k.ts = &client{t: t, base: base + "/api/auth", origin: base, jar: map[string]string{}}
	return k
}

// get reads a storage key ("" when absent) and its TTL (-1: none, -2:
// absent).
func (k *akKV) get(key string) (string, time.Duration) {
	k.t.Helper()
	ctx := context.Background()
	v, err := k.kv.Get(ctx, key)
	if err != nil {
		k.t.Fatal(err)
	}
	ttl, err := k.kv.Client().TTL(ctx, k.prefix+key).Result()
	if err != nil {
		k.t.Fatal(err)
	}
	return v, ttl
}

// set writes a storage key keeping its TTL.
func (k *akKV) set(key, value string) {
	k.t.Helper()
	if err := k.kv.Client().Set(context.Background(), k.prefix+key, value, redisKeepTTL).Err(); err != nil {
		k.t.Fatal(err)
	}
}

// redisKeepTTL is go-redis's KEEPTTL.
const redisKeepTTL = -1

// editKey rewrites a stored key's two entries with re (on the JSON text).
func (k *akKV) editKey(id, plain string, re *regexp.Regexp, repl string) {
	k.t.Helper()
	for _, key := range []string{"api-key:by-id:" + id, "api-key:" + plugins.HashAPIKey(plain)} {
		v, _ := k.get(key)
		if v == "" {
			k.t.Fatalf("no %s", key)
		}
		k.set(key, re.ReplaceAllString(v, repl))
	}
}

// akKVSide is one server's user in the differential: its saved keys.
type akKVSide struct {
	name, email, userID string
	c                   *client // the signed-in user
	anon                *client
	ids, keys           map[string]string
}

var (
	normKVDate  = regexp.MustCompile(`"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"`)
	normKVStart = regexp.MustCompile(`"start":"[A-Za-z]{6}"`)
)

// norm names the side's keys, ids, user and email in s.
func (s *akKVSide) norm(str string) string {
	names := make([]string, 0, len(s.keys))
	for n := range s.keys {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		str = strings.ReplaceAll(str, s.keys[n], "<key:"+n+">")
		str = strings.ReplaceAll(str, plugins.HashAPIKey(s.keys[n]), "<hash:"+n+">")
		str = strings.ReplaceAll(str, s.ids[n], "<id:"+n+">")
	}
	str = strings.ReplaceAll(str, s.userID, "<user>")
	str = strings.ReplaceAll(str, s.email, "<email>")
	str = normKVStart.ReplaceAllString(str, `"start":"<start>"`)
	str = normTryAgain.ReplaceAllString(str, `"tryAgainIn":<ms>`)
	return normKVDate.ReplaceAllString(str, `"<date>"`)
}

// dump is the side's storage entries: its keys' two entries and its key
// list, with whether each expires; ttls are the TTLs by entry.
func (k *akKV) dump(s *akKVSide) (string, map[string]time.Duration) {
	k.t.Helper()
	var b strings.Builder
	ttls := map[string]time.Duration{}
	names := make([]string, 0, len(s.keys))
	for n := range s.keys {
		names = append(names, n)
	}
	sort.Strings(names)
	var entries []string
	for _, n := range names {
		entries = append(entries, "api-key:by-id:"+s.ids[n], "api-key:"+plugins.HashAPIKey(s.keys[n]))
	}
	entries = append(entries, "api-key:by-ref:"+s.userID)
	for _, e := range entries {
		v, ttl := k.get(e)
		exp := "no ttl"
		switch {
		case ttl == -2:
			exp = "absent"
		case ttl > 0:
			exp = "ttl"
		}
		ttls[s.norm(e)] = ttl
		fmt.Fprintf(&b, "%s (%s) %s\n", s.norm(e), exp, s.norm(v))
	}
	if k.fallback {
		for _, n := range names {
			fmt.Fprintf(&b, "row %s: %s\n", n, k.row(s.ids[n]))
		}
	}
	return b.String(), ttls
}

// num is a number column of id's apikey row; ok false without the row
// (or when NULL).
func (k *akKV) num(id, col string) (int64, bool) {
	k.t.Helper()
	var n sql.NullInt64
	err := k.db.QueryRow("SELECT "+q(k.d, col)+" FROM "+q(k.d, "apikey")+" WHERE "+q(k.d, "id")+" = "+ph(k.d, 1), id).Scan(&n)
	if err == sql.ErrNoRows {
		return 0, false
	}
	if err != nil {
		k.t.Fatal(err)
	}
	return n.Int64, n.Valid
}

// row is the apikey row of id (its counters and what updates change),
// or "none".
func (k *akKV) row(id string) string {
	k.t.Helper()
	cols := []string{"name", "enabled", "requestCount", "remaining", "metadata", "permissions"}
	for i, c := range cols {
		cols[i] = q(k.d, c)
	}
	vals := make([]any, len(cols)+2)
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	err := k.db.QueryRow("SELECT "+strings.Join(cols, ", ")+", "+q(k.d, "expiresAt")+" IS NULL, "+q(k.d, "lastRequest")+" IS NULL FROM "+
		q(k.d, "apikey")+" WHERE "+q(k.d, "id")+" = "+ph(k.d, 1), id).Scan(ptrs...)
	if err == sql.ErrNoRows {
		return "none"
	}
	if err != nil {
		k.t.Fatal(err)
	}
	for i, v := range vals {
		vals[i] = asText(v)
	}
	return fmt.Sprint(vals...)
}

// akKVStep is one step of the differential, sent by the side's user (or
// anonymously with anon). "{k1}" in path, body and headers is the id of
// the key saved as k1, "{key:k1}" its plain key. dump compares the
// storage entries instead.
type akKVStep struct {
	anon         bool
	method, path string
	body         string
	headers      []string
	save         string
	dump         bool
}

func (s *akKVSide) expand(v string) string {
	for n, key := range s.keys {
		v = strings.ReplaceAll(v, "{key:"+n+"}", key)
	}
	for n, id := range s.ids {
		v = strings.ReplaceAll(v, "{"+n+"}", id)
	}
	return v
}

// run sends step to the side and returns its normalized answer.
func (k *akKV) run(s *akKVSide, st akKVStep) string {
	k.t.Helper()
	c := s.c
	if st.anon {
		c = s.anon
	}
	var body any
	if st.body != "" {
		body = s.expand(st.body)
	}
	h := []string{"X-Forwarded-For", "203.0.113.7"}
	for _, v := range st.headers {
		h = append(h, s.expand(v))
	}
	res := obj(c.do(st.method, s.expand(st.path), body, h...))
	if st.save != "" && c.status == 200 {
		s.ids[st.save], _ = res["id"].(string)
		s.keys[st.save], _ = res["key"].(string)
	}
	return fmt.Sprintf("%d %s", c.status, s.norm(string(c.raw)))
}

// signUp makes the side's user on its server.
func (k *akKV) side(name string, server *client) *akKVSide {
	k.t.Helper()
	s := &akKVSide{name: name, email: strings.ToLower(name) + "@example.com", c: server.clone(), anon: server.clone(),
		ids: map[string]string{}, keys: map[string]string{}}
	s.userID = obj(s.c.signUp(s.email, password)["user"])["id"].(string)
	return s
}

package core_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/redisstore"
)

// The plugins' session paths with sessions in Redis alone (Better Auth
// 1.7.5's default with secondaryStorage: no session table, every session
// a {"session","user"} key and an active-sessions-<userId> list): a Go
// handler and the TypeScript 1.7.5 server share one Redis (one key
// prefix) and one database, and each journey makes something on one
// server and sees or uses it on the other.

// kvDialect is the database of these tests: clusterDialect's
// (PostgreSQL when the tests have it, else SQLite), or the one
// AUTHCTL_TEST_KV_DIALECT names (sqlite, postgres, mysql), to run them
// once on another.
func kvDialect() string {
	if d := os.Getenv("AUTHCTL_TEST_KV_DIALECT"); d != "" {
		return d
	}
	return clusterDialect()
}

// kvDuo is a Go handler and the TypeScript server with sessions in one
// Redis alone.
type kvDuo struct {
	t      *testing.T
	d      string
	auth   *core.Auth
	db     *sql.DB
	kv     *redisstore.Store
	prefix string
	goBase string
	tsBase string
}

// newKVDuo starts both servers on a fresh database of dialect d: Go with
// o (secret, database, email and password, SecondaryStorage set here,
// StoreSessionInDatabase false), TypeScript with env (its OPTIONS, when
// env has none, only turns storeSessionInDatabase off). It fails the test
// when a session table exists.
func newKVDuo(t *testing.T, d string, o core.Options, env ...string) *kvDuo {
	t.Helper()
	url := redisURL(t)
	dir, node := npmWire(t)
	k := &kvDuo{t: t, d: d, prefix: redisPrefix(t)}
	k.kv = openRedis(t, url, k.prefix)
	var tsDB string
	tsDB, k.db = sharedDB(t, d)
	o = enabled(o)
	o.Secret, o.Database = testSecret, core.Database{Dialect: d, DB: k.db}
	o.SecondaryStorage = openRedis(t, url, k.prefix)
	o.Session.StoreSessionInDatabase = false
	k.auth = core.New(o)
	t.Cleanup(func() { k.auth.Close() })
	createTables(t, k.db, d, k.auth)
	k.goBase = startServer(t, k.auth).origin
	hasOptions := false
	for _, e := range env {
		hasOptions = hasOptions || strings.HasPrefix(e, "OPTIONS=")
	}
	if !hasOptions {
		env = append(env, `OPTIONS={"session":{"storeSessionInDatabase":false}}`)
	}
	env = append([]string{"REDIS_URL=" + url, "REDIS_PREFIX=" + k.prefix}, env...)
	k.tsBase = startTS(t, dir, node, tsDB, env...)
	var n int
	if err := k.db.QueryRow(`SELECT COUNT(*) FROM ` + q(d, "user")).Scan(&n); err != nil {
		t.Fatalf("the user table: %v", err)
	}
	if err := k.db.QueryRow(`SELECT COUNT(*) FROM ` + q(d, "session")).Scan(&n); err == nil {
		t.Fatal("a session table exists with sessions in Redis alone")
	}
	return k
}

// goc and ts are new browsers (no cookies) on each server.
func (k *kvDuo) goc() *client {
	return &client{t: k.t, base: k.goBase + "/api/auth", origin: k.goBase, jar: map[string]string{}}
}

func (k *kvDuo) ts() *client {
	return &client{t: k.t, base: k.tsBase + "/api/auth", origin: k.tsBase, jar: map[string]string{}}
}

// both are the two servers, Go first, for journeys run in each
// direction.
func (k *kvDuo) both() [2]*client { return [2]*client{k.goc(), k.ts()} }

// at points the browser c (its cookies) at the server of other and
// returns c.
func at(c, other *client) *client {
	c.base, c.origin = other.base, other.origin
	return c
}

func serverName(c *client, k *kvDuo) string {
	if strings.HasPrefix(c.base, k.tsBase) {
		return "TypeScript"
	}
	return "Go"
}

// stored is the {"session","user"} Redis holds for token, or nil.
func (k *kvDuo) stored(token string) map[string]any {
	k.t.Helper()
	raw, err := k.kv.Get(context.Background(), token)
	if err != nil {
		k.t.Fatal(err)
	}
	if raw == "" {
		return nil
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		k.t.Fatalf("stored session %q: %v", raw, err)
	}
	return v
}

// activeTokens are the tokens of active-sessions-<userID>.
func (k *kvDuo) activeTokens(userID string) []string {
	k.t.Helper()
	raw, err := k.kv.Get(context.Background(), "active-sessions-"+userID)
	if err != nil {
		k.t.Fatal(err)
	}
	var list []struct {
		Token string `json:"token"`
	}
	_ = json.Unmarshal([]byte(raw), &list)
	out := make([]string, len(list))
	for i, r := range list {
		out[i] = r.Token
	}
	return out
}

// signedIn checks that c's session is email's on both servers ("" for
// signed out).
func (k *kvDuo) signedIn(c *client, email string) {
	k.t.Helper()
	for _, srv := range k.both() {
		b := &client{t: c.t, base: srv.base, origin: srv.origin, jar: copyJar(c.jar), order: c.order}
		got := obj(obj(b.do("GET", "/get-session", nil))["user"])
		if b.status != 200 || (email == "" && got != nil) || (email != "" && got["email"] != email) {
			k.t.Fatalf("%s get-session: %d %s, want user %q", serverName(b, k), b.status, b.raw, email)
		}
	}
}

// signUpOn signs a new user up on c and returns its id and token.
func signUpOn(c *client, email string) (id, token string) {
	c.t.Helper()
	res := c.signUp(email, password)
	return obj(res["user"])["id"].(string), c.sessionToken()
}

// sameStep checks that the same step gave the same status and normalized
// body on Go (g) and TypeScript (s).
func sameStep(t *testing.T, step string, g, s *client) {
	t.Helper()
	if a, b := normalizeKV(g), normalizeKV(s); a != b {
		t.Fatalf("%s differs\nGo:         %s\nTypeScript: %s", step, a, b)
	}
}

// normalizeKV is the status and the body with tokens, ids and dates
// replaced, object keys sorted and null members left out: a session
// TypeScript stored in Redis comes back as stored (its keys in its order,
// a field it never set absent), where Go answers every field of the
// session model in the model's order (null when unset). The two read the
// same to any JSON client; the order and the nulls are listed in the
// report, not checked here.
func normalizeKV(c *client) string {
	body := string(c.raw)
	var v any
	if json.Unmarshal(c.raw, &v) == nil {
		b, _ := json.Marshal(dropNulls(v))
		body = string(b)
	}
	body = normToken.ReplaceAllString(body, `"<token>"`)
	body = normDate.ReplaceAllString(body, `"<date>"`)
	// Without X-Forwarded-For, Better Auth stores "" and Go the peer.
	body = normIP.ReplaceAllString(body, `"ipAddress":"<ip>"`)
	return strconv.Itoa(c.status) + " " + body
}

var normIP = regexp.MustCompile(`"ipAddress":"[^"]*"`)

func dropNulls(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if e == nil {
				delete(x, k)
			} else {
				x[k] = dropNulls(e)
			}
		}
	case []any:
		for i, e := range x {
			x[i] = dropNulls(e)
		}
	}
	return v
}

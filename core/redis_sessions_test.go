package core_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/redisstore"
)

// cluster is three Go handlers and one TypeScript 1.7.5 server sharing one
// Redis (behind one key prefix) and one database, as behind a load
// balancer.
type cluster struct {
	t      *testing.T
	auths  []*core.Auth
	bases  []string // Go handlers' base URLs, then the TypeScript one
	kv     *redisstore.Store
	prefix string
	db     *sql.DB
	d      string
}

// clusterDialect is PostgreSQL when the tests have it, else SQLite.
func clusterDialect() string {
	if os.Getenv("AUTHCTL_TEST_POSTGRES_URL") != "" {
		return core.DialectPostgres
	}
	return core.DialectSQLite
}

func newCluster(t *testing.T, d, redisURL string, inDB bool, tsEnv ...string) *cluster {
	t.Helper()
	dir, node := npmWire(t)
	cl := &cluster{t: t, prefix: redisPrefix(t)}
	cl.kv = openRedis(t, redisURL, cl.prefix)
	var tsDB string
	cl.d = d
	tsDB, cl.db = sharedDB(t, cl.d)
	for i := range 3 {
		kv := openRedis(t, redisURL, cl.prefix) // each instance its own client
		a := core.New(core.Options{Secret: testSecret, Database: core.Database{Dialect: cl.d, DB: cl.db},
			EmailAndPassword: core.EmailAndPassword{Enabled: true}, SecondaryStorage: kv,
			Session:      core.SessionOptions{StoreSessionInDatabase: inDB},
			Verification: core.VerificationOptions{StoreInDatabase: true}})
		if i == 0 {
			createTables(t, cl.db, cl.d, a)
		}
		srv := httptest.NewServer(a.Handler())
		t.Cleanup(srv.Close)
		cl.auths = append(cl.auths, a)
		cl.bases = append(cl.bases, srv.URL)
	}
	opts := `OPTIONS={"session":{"storeSessionInDatabase":false},"verification":{"storeInDatabase":true}}`
	if inDB {
		opts = strings.Replace(opts, `"storeSessionInDatabase":false`, `"storeSessionInDatabase":true`, 1)
	}
	env := append([]string{"REDIS_URL=" + redisURL, "REDIS_PREFIX=" + cl.prefix, opts}, tsEnv...)
	cl.bases = append(cl.bases, startTS(t, dir, node, tsDB, env...))
	return cl
}

// browser is one user agent's cookies sent to server i.
func (cl *cluster) on(i int, jar map[string]string) *client {
	c := &client{t: cl.t, base: cl.bases[i] + "/api/auth", origin: cl.bases[i], jar: jar}
	for k := range jar {
		c.order = append(c.order, k)
	}
	sort.Strings(c.order)
	return c
}

func (cl *cluster) name(i int) string {
	if i == 3 {
		return "TypeScript"
	}
	return "Go " + string(rune('0'+i))
}

// sessionEverywhere checks the session of jar on every server: signed in
// as email, or signed out when email is "".
func (cl *cluster) sessionEverywhere(jar map[string]string, email string) {
	cl.t.Helper()
	for i := range cl.bases {
		c := cl.on(i, copyJar(jar))
		got := obj(obj(c.do("GET", "/get-session", nil))["user"])
		if c.status != 200 || (email == "" && got != nil) || (email != "" && got["email"] != email) {
			cl.t.Fatalf("%s get-session: %d %s, want user %q", cl.name(i), c.status, c.raw, email)
		}
	}
}

func copyJar(j map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range j {
		out[k] = v
	}
	return out
}

// On SQLite, PostgreSQL and MariaDB (the user rows, and the session rows
// with storeSessionInDatabase, are in the database).
func TestRedisSessionsAcrossInstances(t *testing.T) {
	url := redisURL(t)
	forEachDialect(t, func(t *testing.T, d string) { redisSessionsAcrossInstances(t, d, url) })
}

func redisSessionsAcrossInstances(t *testing.T, d, url string) {
	for _, inDB := range []bool{false, true} {
		name := "redis only"
		if inDB {
			name = "storeSessionInDatabase"
		}
		t.Run(name, func(t *testing.T) {
			cl := newCluster(t, d, url, inDB)
			ctx := context.Background()

			// Sign up on Go 0: every server sees the session.
			a := map[string]string{}
			cl.on(0, a).signUp("multi@example.com", password)
			cl.sessionEverywhere(a, "multi@example.com")
			tokA := (&client{jar: a}).sessionToken()

			// What Go wrote is 1.7.5's layout: <token> → {session,user},
			// active-sessions-<userId> → [{token,expiresAt}].
			raw, err := cl.kv.Get(ctx, tokA)
			if err != nil || raw == "" {
				t.Fatalf("stored session: %q %v", raw, err)
			}
			var stored struct {
				Session map[string]any `json:"session"`
				User    map[string]any `json:"user"`
			}
			if err := json.Unmarshal([]byte(raw), &stored); err != nil {
				t.Fatal(err)
			}
			userID, _ := stored.Session["userId"].(string)
			if stored.Session["token"] != tokA || stored.User["email"] != "multi@example.com" || stored.User["id"] != userID ||
				stored.Session["id"] == nil || stored.Session["expiresAt"] == nil {
				t.Fatalf("stored %s", raw)
			}
			ttl := cl.kv.Client().TTL(ctx, cl.prefix+tokA).Val()
			if ttl < 7*24*time.Hour-time.Minute || ttl > 7*24*time.Hour {
				t.Fatalf("session TTL %v", ttl)
			}
			list, _ := cl.kv.Get(ctx, "active-sessions-"+userID)
			if !strings.Contains(list, `"token":"`+tokA+`"`) || !strings.Contains(list, `"expiresAt":`) {
				t.Fatalf("active sessions %s", list)
			}
			// The session table: rows only with storeSessionInDatabase.
			var rows int
			err = cl.db.QueryRow(`SELECT COUNT(*) FROM ` + q(cl.d, "session")).Scan(&rows)
			if inDB && (err != nil || rows != 1) {
				t.Fatalf("session rows %d %v", rows, err)
			}
			if !inDB && err == nil {
				t.Fatal("a session table exists without storeSessionInDatabase")
			}

			// Sign in on TypeScript: the Go handlers see that session too.
			b := map[string]string{}
			cl.on(3, b).do("POST", "/sign-in/email", map[string]any{"email": "multi@example.com", "password": password})
			cl.sessionEverywhere(b, "multi@example.com")
			tokB := (&client{jar: b}).sessionToken()

			// list-sessions agrees on every server.
			for i := range cl.bases {
				c := cl.on(i, copyJar(a))
				var toks []string
				for _, s := range c.do("GET", "/list-sessions", nil).([]any) {
					toks = append(toks, obj(s)["token"].(string))
				}
				sort.Strings(toks)
				want := []string{tokA, tokB}
				sort.Strings(want)
				if strings.Join(toks, ",") != strings.Join(want, ",") {
					t.Fatalf("%s list-sessions %v, want %v", cl.name(i), toks, want)
				}
			}

			// GetSession and the middleware on Go 2.
			h := http.Header{"Cookie": {"better-auth.session_token=" + b["better-auth.session_token"]}}
			sd, err := cl.auths[2].GetSession(ctx, h)
			if err != nil || sd == nil || sd.User.Email != "multi@example.com" || sd.Session.Token != tokB {
				t.Fatalf("GetSession: %+v %v", sd, err)
			}
			mw := cl.auths[1].RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = w.Write([]byte(core.SessionFrom(r.Context()).User.Email))
			}))
			rec := httptest.NewRecorder()
			req := httptest.NewRequest("GET", "/app", nil)
			req.Header = h.Clone()
			mw.ServeHTTP(rec, req)
			if rec.Code != 200 || rec.Body.String() != "multi@example.com" {
				t.Fatalf("middleware: %d %s", rec.Code, rec.Body)
			}

			// A name change on Go 0 reaches every cached session (TypeScript
			// reads the user from the stored session).
			c := cl.on(0, copyJar(a))
			c.do("POST", "/update-user", map[string]any{"name": "Renamed"})
			c.expect(200, `{"status":true}`)
			for i := range cl.bases {
				c := cl.on(i, copyJar(b))
				if got := obj(obj(c.do("GET", "/get-session", nil))["user"])["name"]; got != "Renamed" {
					t.Fatalf("%s after the rename: %v", cl.name(i), got)
				}
			}

			// Go 1 revokes TypeScript's session: at once, no server knows it.
			c = cl.on(1, copyJar(a))
			c.do("POST", "/revoke-session", map[string]any{"token": tokB})
			c.expect(200, `{"status":true}`)
			cl.sessionEverywhere(b, "")
			if _, err := cl.auths[0].GetSession(ctx, h); err != nil {
				t.Fatal(err)
			} else if sd, _ := cl.auths[0].GetSession(ctx, h); sd != nil {
				t.Fatal("GetSession still finds the revoked session")
			}
			rec = httptest.NewRecorder()
			mw.ServeHTTP(rec, req)
			if rec.Code != 401 {
				t.Fatalf("middleware after revocation: %d", rec.Code)
			}
			list, _ = cl.kv.Get(ctx, "active-sessions-"+userID)
			if strings.Contains(list, tokB) || !strings.Contains(list, tokA) {
				t.Fatalf("active sessions after revoking B: %s", list)
			}

			// Two more sessions, one per side; TypeScript revokes all.
			c1, c2 := map[string]string{}, map[string]string{}
			cl.on(2, c1).do("POST", "/sign-in/email", map[string]any{"email": "multi@example.com", "password": password})
			cl.on(3, c2).do("POST", "/sign-in/email", map[string]any{"email": "multi@example.com", "password": password})
			cl.sessionEverywhere(c1, "multi@example.com")
			c = cl.on(3, copyJar(c2))
			c.do("POST", "/revoke-sessions", map[string]any{})
			c.expect(200, `{"status":true}`)
			for _, j := range []map[string]string{a, c1, c2} {
				cl.sessionEverywhere(j, "")
			}
			// And Go's revoke-sessions for a new pair.
			d1, d2 := map[string]string{}, map[string]string{}
			cl.on(3, d1).do("POST", "/sign-in/email", map[string]any{"email": "multi@example.com", "password": password})
			cl.on(0, d2).do("POST", "/sign-in/email", map[string]any{"email": "multi@example.com", "password": password})
			c = cl.on(1, copyJar(d2))
			c.do("POST", "/revoke-sessions", map[string]any{})
			c.expect(200, `{"status":true}`)
			cl.sessionEverywhere(d1, "")
			cl.sessionEverywhere(d2, "")
			if v, _ := cl.kv.Get(ctx, "active-sessions-"+userID); v != "" {
				t.Fatalf("active sessions after revoke-sessions: %s", v)
			}

			// Sign-out on Go ends the session everywhere.
			e := map[string]string{}
			cl.on(3, e).do("POST", "/sign-in/email", map[string]any{"email": "multi@example.com", "password": password})
			c = cl.on(2, e)
			c.do("POST", "/sign-out", map[string]any{})
			c.expect(200, `{"success":true}`)
			if inDB {
				if err := cl.db.QueryRow(`SELECT COUNT(*) FROM ` + q(cl.d, "session")).Scan(&rows); err != nil || rows != 0 {
					t.Fatalf("session rows after revocations: %d %v", rows, err)
				}
			}
		})
	}
}

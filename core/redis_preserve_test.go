package core_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http/httptest"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
	"github.com/authctl/authctl/core/redisstore"
)

// Session.PreserveSessionInDatabase (1.7.5's
// session.preserveSessionInDatabase): a Go handler and a TypeScript 1.7.5
// server sharing one Redis and one database, both preserving, go through
// the same revocations for a user each; a revoked session's key goes, its
// row stays with expiresAt (and updatedAt) set to the revocation time, the
// session delete hooks run once for each live row, and a session whose
// key is missing is not served from its still-live row. The rows and the
// hook calls must be the same on both sides.
func TestRedisPreserveSessionInDatabase(t *testing.T) {
	url := redisURL(t)
	forEachDialect(t, func(t *testing.T, d string) { redisPreserve(t, d, url) })
}

// TestOpenRefusesPreserveWithoutStoredSessions: the option does nothing in
// 1.7.5 without secondaryStorage and storeSessionInDatabase (the row is
// deleted, or there is none), so Open names it instead of ignoring it.
func TestOpenRefusesPreserveWithoutStoredSessions(t *testing.T) {
	for name, o := range map[string]core.Options{
		"no SecondaryStorage":          {Session: core.SessionOptions{StoreSessionInDatabase: true, PreserveSessionInDatabase: true}},
		"no StoreSessionInDatabase":    {SecondaryStorage: memStorage{}, Session: core.SessionOptions{PreserveSessionInDatabase: true}},
		"neither (a plain table only)": {Session: core.SessionOptions{PreserveSessionInDatabase: true}},
	} {
		o.Secret, o.Database = testSecret, core.SQLite(":memory:")
		a := core.New(o)
		err := a.Open(context.Background())
		a.Close()
		if err == nil || !strings.Contains(err.Error(), "Session.PreserveSessionInDatabase") {
			t.Errorf("%s: Open: %v", name, err)
		}
	}
	// The option changes no table: generate's output is the same.
	for _, o := range []core.Options{{}, {SecondaryStorage: memStorage{}}} {
		o.Session.StoreSessionInDatabase = true
		plain := core.New(o)
		o.Session.PreserveSessionInDatabase = true
		sa, errA := plain.Schema()
		sb, errB := core.New(o).Schema()
		if errA != nil || errB != nil || !reflect.DeepEqual(sa, sb) || !slices.Contains(tableNames(t, plain), "session") {
			t.Errorf("schema %v %v differs with PreserveSessionInDatabase (%v %v)", tableNames(t, plain), tableNames(t, core.New(o)), errA, errB)
		}
	}
	a, _ := newAuth(t, core.DialectSQLite, core.Options{SecondaryStorage: memStorage{},
		Session: core.SessionOptions{StoreSessionInDatabase: true, PreserveSessionInDatabase: true}})
	if err := a.Open(context.Background()); err != nil {
		t.Fatalf("Open with SecondaryStorage and StoreSessionInDatabase: %v", err)
	}
}

// preserveSide is one server of the pair and what the test knows of it.
type preserveSide struct {
	name   string
	base   string
	email  string
	userID string
	letter map[string]string // session token → its letter
	token  map[string]string // letter → token
	jars   map[string]map[string]string
	hooks  func() []string // the delete hook calls since the last read
	steps  []stepTimes
	trail  []string // per step: the hook calls, in letters
	ott    string   // the answer to a one-time token of a revoked session
}

type stepTimes struct {
	name          string
	before, after time.Time
}

func redisPreserve(t *testing.T, d, url string) {
	dir, node := npmWire(t)
	prefix := redisPrefix(t)
	kv := openRedis(t, url, prefix)
	tsDB, db := sharedDB(t, d)

	// The Go handler's session delete hooks.
	var mu sync.Mutex
	var goCalls []string
	rec := func(kind string) func(*core.Context, core.Record) error {
		return func(_ *core.Context, r core.Record) error {
			mu.Lock()
			defer mu.Unlock()
			goCalls = append(goCalls, fmt.Sprintf("%s %v %v", kind, r["userId"], r["token"]))
			return nil
		}
	}
	a := core.New(core.Options{Secret: testSecret, Logger: quiet(), Database: core.Database{Dialect: d, DB: db},
		EmailAndPassword: core.EmailAndPassword{Enabled: true}, SecondaryStorage: openRedis(t, url, prefix),
		Session:      core.SessionOptions{StoreSessionInDatabase: true, PreserveSessionInDatabase: true},
		Verification: core.VerificationOptions{StoreInDatabase: true},
		User:         core.UserOptions{DeleteUser: core.DeleteUser{Enabled: true}},
		Plugins:      []core.Plugin{plugins.OneTimeToken()},
		DatabaseHooks: []core.DatabaseHook{{Table: "session", Op: core.OpDelete,
			Before: rec("session-delete-before"), After: rec("session-delete-after")}}})
	createTables(t, db, d, a)
	t.Cleanup(func() { a.Close() })
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	tsBase := startTS(t, dir, node, tsDB, "REDIS_URL="+url, "REDIS_PREFIX="+prefix,
		`OPTIONS={"session":{"storeSessionInDatabase":true,"preserveSessionInDatabase":true},"verification":{"storeInDatabase":true},"user":{"deleteUser":{"enabled":true}}}`,
		`PLUGINS={"sessionDeleteHooks":{},"oneTimeToken":{}}`)

	goSide := &preserveSide{name: "Go", base: srv.URL, email: "go-side@example.com", hooks: func() []string {
		mu.Lock()
		defer mu.Unlock()
		out := goCalls
		goCalls = nil
		return out
	}}
	tsSide := &preserveSide{name: "TypeScript", base: tsBase, email: "ts-side@example.com", hooks: func() []string {
		var out []string
		for _, m := range tsMailbox(t, tsBase) {
			if strings.HasPrefix(m.Kind, "session-delete-") {
				out = append(out, m.Kind+" "+m.To+" "+m.Token)
			}
		}
		return out
	}}
	bases := []string{srv.URL, tsBase}
	sides := []*preserveSide{goSide, tsSide}
	for _, s := range sides {
		preserveJourney(t, s, bases, kv, db, d)
	}
	if goSide.ott != tsSide.ott {
		t.Errorf("one-time token of a revoked session: Go %s, TypeScript %s", goSide.ott, tsSide.ott)
	}
	want := []string{"after A, before A", "after B, before B", "", "after C, after D, before C, before D", "after F, before F",
		"after G, before G", "after H, before H"}
	if strings.Join(tsSide.trail, "|") != strings.Join(want, "|") {
		t.Errorf("TypeScript's delete hooks, by step: %q, want %q", tsSide.trail, want)
	}
	for i := range goSide.trail {
		if goSide.trail[i] != tsSide.trail[i] {
			t.Errorf("step %s: Go ran the delete hooks for %q, TypeScript for %q", goSide.steps[i].name, goSide.trail[i], tsSide.trail[i])
		}
	}
	g, w := preserveRows(t, goSide, db, d), preserveRows(t, tsSide, db, d)
	if testing.Verbose() {
		t.Logf("rows\n%s", g)
	}
	if g != w {
		t.Errorf("rows differ\n--- Go\n%s\n--- TypeScript\n%s", g, w)
	}

	// Deleting the user deletes its rows, preserved or live, on both. (The
	// hooks are not compared here: 1.7.5's deleteUser deletes every row
	// with the hooks, the ended ones too, where Go ends the live ones and
	// the foreign key's cascade takes the rest.)
	for _, s := range sides {
		c := preserveClient(t, s.base, s.jars["E"])
		c.do("POST", "/delete-user", map[string]any{})
		c.expect(200, `{"success":true,"message":"User deleted"}`)
		if n := count(t, db, d, "session", q(d, "userId")+" = "+ph(d, 1), s.userID); n != 0 {
			t.Errorf("%s: %d session rows after delete-user", s.name, n)
		}
		s.hooks()
	}
}

// preserveJourney signs the side's user in six times (sessions A to F) on
// the side's server and revokes them there, one way after another.
func preserveJourney(t *testing.T, s *preserveSide, bases []string, kv *redisstore.Store, db *sql.DB, d string) {
	t.Helper()
	ctx := context.Background()
	s.letter, s.token, s.jars = map[string]string{}, map[string]string{}, map[string]map[string]string{}
	signIn := func(l string) {
		c := preserveClient(t, s.base, map[string]string{})
		if l == "A" {
			s.userID, _ = obj(c.signUp(s.email, password)["user"])["id"].(string)
		} else {
			c.do("POST", "/sign-in/email", map[string]any{"email": s.email, "password": password})
			c.expect(200, "*")
		}
		tok := c.sessionToken()
		s.letter[tok], s.token[l], s.jars[l] = l, tok, c.jar
	}
	for _, l := range []string{"A", "B", "C", "D"} {
		signIn(l)
	}
	s.hooks()
	// step runs f on the side's server and keeps its times and hook calls.
	step := func(name string, f func()) {
		t.Helper()
		st := stepTimes{name: name, before: time.Now()}
		f()
		st.after = time.Now()
		s.steps = append(s.steps, st)
		var calls []string
		for _, h := range s.hooks() {
			parts := strings.Fields(h)
			if len(parts) != 3 || parts[1] != s.userID || s.letter[parts[2]] == "" {
				t.Fatalf("%s %s: hook call %q", s.name, name, h)
			}
			calls = append(calls, strings.TrimPrefix(parts[0], "session-delete-")+" "+s.letter[parts[2]])
		}
		sort.Strings(calls)
		s.trail = append(s.trail, strings.Join(calls, ", "))
	}
	post := func(l, path string, body map[string]any, want string) {
		t.Helper()
		c := preserveClient(t, s.base, s.jars[l])
		c.do("POST", path, body)
		c.expect(200, want)
	}
	// gone checks that no server serves session l and that its key is
	// gone, and whether its row is still live.
	gone := func(l string, rowLive bool) {
		t.Helper()
		for _, b := range bases {
			c := preserveClient(t, b, copyJar(s.jars[l]))
			c.do("GET", "/get-session", nil)
			c.expect(200, "null")
		}
		if v, err := kv.Get(ctx, s.token[l]); v != "" || err != nil {
			t.Fatalf("%s: session %s still stored: %q %v", s.name, l, v, err)
		}
		live := count(t, db, d, "session", q(d, "token")+" = "+ph(d, 1)+" AND "+q(d, "expiresAt")+" > "+ph(d, 2),
			s.token[l], dbTime(d, time.Now()))
		if rows := count(t, db, d, "session", q(d, "token")+" = "+ph(d, 1), s.token[l]); rows != 1 || (live == 1) != rowLive {
			t.Fatalf("%s: session %s: %d rows, %d live, want 1 row, live %v", s.name, l, rows, live, rowLive)
		}
	}

	step("sign-out A", func() { post("A", "/sign-out", map[string]any{}, `{"success":true}`) })
	gone("A", false)
	step("revoke-session B", func() { post("C", "/revoke-session", map[string]any{"token": s.token["B"]}, `{"status":true}`) })
	gone("B", false)
	// Revoking B again finds no session (its key is gone): nothing runs.
	step("revoke-session B again", func() { post("C", "/revoke-session", map[string]any{"token": s.token["B"]}, `{"status":true}`) })

	// D's key disappears (evicted, or lost with Redis): its row is live,
	// but neither server serves it from the table.
	if err := kv.Delete(ctx, s.token["D"]); err != nil {
		t.Fatal(err)
	}
	gone("D", true)

	// revoke-sessions ends C and the live row of D; A and B, already
	// ended, are not matched again.
	step("revoke-sessions", func() { post("C", "/revoke-sessions", map[string]any{}, `{"status":true}`) })
	for _, l := range []string{"A", "B", "C", "D"} {
		gone(l, false)
	}
	if v, _ := kv.Get(ctx, "active-sessions-"+s.userID); v != "" {
		t.Fatalf("%s: active sessions after revoke-sessions: %s", s.name, v)
	}

	// revoke-other-sessions ends F and keeps E.
	signIn("E")
	signIn("F")
	step("revoke-other-sessions", func() { post("E", "/revoke-other-sessions", map[string]any{}, `{"status":true}`) })
	gone("F", false)
	for _, b := range bases {
		c := preserveClient(t, b, copyJar(s.jars["E"]))
		if got := obj(obj(c.do("GET", "/get-session", nil))["session"])["token"]; got != s.token["E"] {
			t.Fatalf("%s: E after revoke-other-sessions: %s", s.name, c.raw)
		}
	}

	// A one-time token issued for G, verified after G's sign-out: the
	// session is looked up as findSession does (its ended row is not it).
	signIn("G")
	c := preserveClient(t, s.base, copyJar(s.jars["G"]))
	ott, _ := obj(c.do("GET", "/one-time-token/generate", nil))["token"].(string)
	c.expect(200, "*")
	step("sign-out G", func() { post("G", "/sign-out", map[string]any{}, `{"success":true}`) })
	gone("G", false)
	c = preserveClient(t, s.base, map[string]string{})
	c.do("POST", "/one-time-token/verify", map[string]any{"token": ott})
	s.ott = fmt.Sprintf("%d %s cookies %d", c.status, c.raw, len(c.setCookies))

	// Signing out of H, whose key is gone, still ends its live row.
	signIn("H")
	if err := kv.Delete(ctx, s.token["H"]); err != nil {
		t.Fatal(err)
	}
	gone("H", true)
	step("sign-out H without its key", func() { post("H", "/sign-out", map[string]any{}, `{"success":true}`) })
	gone("H", false)
}

// preserveRows is the side's session rows, by letter: live, or ended at
// the step whose time span holds their expiresAt and updatedAt.
func preserveRows(t *testing.T, s *preserveSide, db *sql.DB, d string) string {
	t.Helper()
	rows, err := db.Query("SELECT "+q(d, "token")+", "+q(d, "expiresAt")+", "+q(d, "updatedAt")+" FROM "+q(d, "session")+
		" WHERE "+q(d, "userId")+" = "+ph(d, 1), s.userID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	now := time.Now()
	for rows.Next() {
		var tok string
		var exp, upd any
		if err := rows.Scan(&tok, &exp, &upd); err != nil {
			t.Fatal(err)
		}
		e, u := scannedTime(t, exp), scannedTime(t, upd)
		state := "live"
		if !e.After(now) {
			state = "ended at " + stepOf(s.steps, e) + ", updated at " + stepOf(s.steps, u)
		}
		out = append(out, s.letter[tok]+": "+state)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// stepOf names the step during which at fell (dates are stored to the
// millisecond).
func stepOf(steps []stepTimes, at time.Time) string {
	for _, s := range steps {
		if !at.Before(s.before.Truncate(time.Millisecond)) && !at.After(s.after) {
			return s.name
		}
	}
	return "no step (" + at.Format(time.RFC3339Nano) + ")"
}

// scannedTime reads a date column as the dialects' drivers return it.
func scannedTime(t *testing.T, v any) time.Time {
	t.Helper()
	switch x := v.(type) {
	case time.Time:
		return x
	case []byte:
		v = string(x)
	}
	if s, ok := v.(string); ok {
		for _, layout := range []string{"2006-01-02T15:04:05.000Z", time.RFC3339Nano, "2006-01-02 15:04:05.999999999"} {
			if tm, err := time.Parse(layout, s); err == nil {
				return tm
			}
		}
	}
	t.Fatalf("unreadable date %#v", v)
	return time.Time{}
}

func preserveClient(t *testing.T, base string, jar map[string]string) *client {
	c := &client{t: t, base: base + "/api/auth", origin: base, jar: jar}
	for k := range jar {
		c.order = append(c.order, k)
	}
	sort.Strings(c.order)
	return c
}

package core_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
	"github.com/authctl/authctl/schema"
)

// gatePlugin is a custom runtime plugin that does, through the public
// plugin API, what Better Auth's twoFactor and admin plugins do at their
// core: a user column, a database hook that refuses a session to a
// banned user (admin's session.create.before), a default for a column on
// user creation (admin's role), an after hook that replaces a sign-in's
// session with a redirect (twoFactor's), an endpoint, and a before hook.
type gatePlugin struct{}

func (gatePlugin) ID() string { return "gate" }
func (gatePlugin) Schema() []schema.Table {
	return []schema.Table{{Key: "user", Fields: []schema.Field{
		{Name: "banned", Type: schema.TypeBoolean, Required: schema.Optional, Default: false},
		{Name: "role", Type: schema.TypeString, Required: schema.Optional},
		{Name: "secondFactor", Type: schema.TypeBoolean, Required: schema.Optional, Default: false},
	}}}
}

func (gatePlugin) Init(in *core.PluginInit) (*core.PluginRuntime, error) {
	if !in.HasField("user", "banned") {
		return nil, errors.New("no banned field")
	}
	signIn := func(x *core.Context) bool { return strings.HasPrefix(x.Path(), "/sign-in/") }
	return &core.PluginRuntime{
		OnRequest: func(x *core.Context) (json.RawMessage, error) {
			if x.Request().Header.Get("X-Maintenance") != "" {
				return nil, core.NewAPIError(503, "MAINTENANCE", "Down for maintenance")
			}
			return nil, nil
		},
		Endpoints: []core.Endpoint{{Method: http.MethodGet, Path: "/gate/whoami", Handler: func(x *core.Context) (json.RawMessage, error) {
			s, err := x.RequireSession()
			if err != nil {
				return nil, err
			}
			u, err := x.FindOne("user", core.Where{Field: "id", Value: s.User.ID})
			if err != nil {
				return nil, err
			}
			return core.JSON(map[string]any{"role": u["role"], "email": s.User.Email})
		}}},
		Before: []core.Hook{{Match: signIn, Handler: func(x *core.Context) (json.RawMessage, error) {
			if x.Body()["email"] == "blocked@example.com" {
				return nil, core.NewAPIError(403, "BLOCKED", "Blocked")
			}
			if x.Body()["email"] == "short@example.com" {
				return json.RawMessage(`{"shortCircuit":true}`), nil
			}
			return nil, nil
		}}},
		After: []core.AfterHook{{Match: signIn, Handler: func(x *core.Context, res *core.Result) error {
			s := x.NewSession()
			if res.Err != nil || s == nil {
				return nil
			}
			u, err := x.FindOne("user", core.Where{Field: "id", Value: s["userId"]})
			if err != nil || u["secondFactor"] != true {
				return err
			}
			if err := x.Delete("session", core.Where{Field: "token", Value: s["token"]}); err != nil {
				return err
			}
			x.DeleteSessionCookie()
			res.Body = json.RawMessage(`{"twoFactorRedirect":true}`)
			return nil
		}}},
		DatabaseHooks: []core.DatabaseHook{
			{Table: "user", Op: core.OpCreate, Before: func(_ *core.Context, r core.Record) error {
				if r["role"] == nil {
					r["role"] = "user"
				}
				return nil
			}},
			{Table: "session", Op: core.OpCreate, Before: func(x *core.Context, r core.Record) error {
				u, err := x.FindOne("user", core.Where{Field: "id", Value: r["userId"]})
				if err != nil {
					return err
				}
				if u["banned"] == true {
					return core.NewAPIError(403, "BANNED_USER", "You have been banned from this application")
				}
				return nil
			}},
		},
	}, nil
}

// tablesOnly runs a plugin as one that contributes only its tables (the
// handler tests use twoFactor's schema this way: the twoFactorEnabled
// column is a plugin field with input: false).
type tablesOnly struct{ core.Plugin }

func (tablesOnly) Init(*core.PluginInit) (*core.PluginRuntime, error) {
	return &core.PluginRuntime{}, nil
}

func TestPluginRuntime(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d string) {
		a, db := newAuth(t, d, enabled(core.Options{Plugins: []core.Plugin{gatePlugin{}}}))
		c := startServer(t, a)

		// A database hook sets the role on sign-up; the endpoint reads it.
		c.signUp("ada@example.com", password)
		c.do("GET", "/gate/whoami", nil)
		c.expect(200, `{"email":"ada@example.com","role":"user"}`)

		// OnRequest answers before routing, even unknown paths.
		c.do("GET", "/no-such-path", nil, "X-Maintenance", "1")
		c.expectError(503, "MAINTENANCE", "Down for maintenance")

		// A before hook refuses, or answers itself.
		x := c.clone()
		x.do("POST", "/sign-in/email", map[string]any{"email": "blocked@example.com", "password": password})
		x.expectError(403, "BLOCKED", "Blocked")
		x.do("POST", "/sign-in/email", map[string]any{"email": "short@example.com", "password": password})
		x.expect(200, `{"shortCircuit":true}`)

		// A session database hook refuses a banned user: no session row.
		if _, err := db.Exec("UPDATE "+q(d, "user")+" SET "+q(d, "banned")+" = "+ph(d, 1), true); err != nil {
			t.Fatal(err)
		}
		before := count(t, db, d, "session", "1 = 1")
		b := c.clone()
		b.jar = map[string]string{}
		b.do("POST", "/sign-in/email", map[string]any{"email": "ada@example.com", "password": password})
		b.expectError(403, "BANNED_USER", "You have been banned from this application")
		if n := count(t, db, d, "session", "1 = 1"); n != before || len(b.setCookies) != 0 {
			t.Fatalf("banned sign-in: sessions %d → %d, cookies %v", before, n, b.setCookies)
		}
		if _, err := db.Exec("UPDATE "+q(d, "user")+" SET "+q(d, "banned")+" = "+ph(d, 1), false); err != nil {
			t.Fatal(err)
		}

		// An after hook replaces a sign-in's session with a redirect, and
		// the session it deleted is gone.
		if _, err := db.Exec("UPDATE "+q(d, "user")+" SET "+q(d, "secondFactor")+" = "+ph(d, 1), true); err != nil {
			t.Fatal(err)
		}
		before = count(t, db, d, "session", "1 = 1")
		r := c.clone()
		r.jar = map[string]string{}
		r.do("POST", "/sign-in/email", map[string]any{"email": "ada@example.com", "password": password})
		r.expect(200, `{"twoFactorRedirect":true}`)
		if n := count(t, db, d, "session", "1 = 1"); n != before {
			t.Fatalf("redirected sign-in left a session: %d → %d", before, n)
		}
		if r.do("GET", "/get-session", nil); string(r.raw) != "null" {
			t.Fatalf("redirected sign-in is signed in: %s", r.raw)
		}
	})
}

// rollbackPlugin fails every session insert, after the user and account
// of a sign-up were written: the sign-up must leave nothing behind.
type rollbackPlugin struct{ gatePlugin }

func (rollbackPlugin) ID() string { return "rollback" }
func (rollbackPlugin) Init(*core.PluginInit) (*core.PluginRuntime, error) {
	return &core.PluginRuntime{DatabaseHooks: []core.DatabaseHook{{Table: "session", Op: core.OpCreate,
		Before: func(*core.Context, core.Record) error { return errors.New("session store down") }}}}, nil
}

func TestSignUpIsOneTransaction(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d string) {
		a, db := newAuth(t, d, enabled(core.Options{Plugins: []core.Plugin{rollbackPlugin{}}}))
		c := startServer(t, a)
		c.do("POST", "/sign-up/email", map[string]any{"name": "Ada", "email": "ada@example.com", "password": password})
		c.expect(500, "")
		for _, table := range []string{"user", "account", "session"} {
			if n := count(t, db, d, table, "1 = 1"); n != 0 {
				t.Fatalf("a failed sign-up left %d %s rows", n, table)
			}
		}
	})
}

// dupPlugin makes the user insert of a sign-up hit the unique email index,
// as a concurrent sign-up with the same email does: the driver's error
// quotes the email on MariaDB, and it must not reach the log.
type dupPlugin struct {
	gatePlugin
	db      *sql.DB
	dialect string
}

func (dupPlugin) ID() string { return "dup" }
func (p dupPlugin) Init(*core.PluginInit) (*core.PluginRuntime, error) {
	return &core.PluginRuntime{DatabaseHooks: []core.DatabaseHook{{Table: "user", Op: core.OpCreate,
		Before: func(x *core.Context, r core.Record) error {
			d := p.dialect
			_, err := p.db.Exec("INSERT INTO "+q(d, "user")+" ("+q(d, "id")+", "+q(d, "name")+", "+q(d, "email")+", "+q(d, "emailVerified")+", "+q(d, "createdAt")+", "+q(d, "updatedAt")+") VALUES ("+
				ph(d, 1)+", "+ph(d, 2)+", "+ph(d, 3)+", "+ph(d, 4)+", "+ph(d, 5)+", "+ph(d, 6)+")",
				"racer", "Racer", r["email"], false, dbTime(d, x.Now()), dbTime(d, x.Now()))
			return err
		}}}}, nil
}

func TestNoPersonalDataInLogs(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d string) {
		var logs bytes.Buffer
		db := openDB(t, d)
		p := dupPlugin{db: db, dialect: d}
		o := enabled(core.Options{Secret: testSecret, Plugins: []core.Plugin{p}, Logger: slog.New(slog.NewTextHandler(&logs, nil)),
			Database: core.Database{Dialect: d, DB: db}})
		a := core.New(o)
		createTables(t, db, d, a)
		t.Cleanup(func() { a.Close() })
		c := startServer(t, a)
		c.do("POST", "/sign-up/email", map[string]any{"name": "Ada", "email": "secret.person@example.com", "password": password})
		c.expectError(422, "FAILED_TO_CREATE_USER", "Failed to create user")
		if !strings.Contains(logs.String(), "failed to create user") || strings.Contains(logs.String(), "secret.person") {
			t.Fatalf("log:\n%s", logs.String())
		}
	})
}

// With SessionsOnly, a config listing plugins without a Go runtime starts,
// serves only the session endpoints, and GetSession works.
func TestSessionsOnly(t *testing.T) {
	a, db := newAuth(t, "sqlite", enabled(core.Options{SessionsOnly: true, Plugins: []core.Plugin{plugins.TwoFactor(), plugins.Admin(), plugins.Organization()}}))
	if err := a.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	// A session written by another server (here: by hand).
	token := insertSession(t, db, "sqlite")
	c := startServer(t, a)
	for _, p := range []string{"/sign-in/email", "/sign-up/email", "/update-user", "/change-password", "/two-factor/enable", "/admin/ban-user", "/organization/create"} {
		c.do("POST", p, map[string]any{"email": "ada@example.com", "password": password, "name": "x"})
		c.expect(404, "")
	}
	c.jar["better-auth.session_token"] = signCookie(testSecret, token)
	c.order = append(c.order, "better-auth.session_token")
	if s := obj(c.do("GET", "/get-session", nil)); obj(s["user"])["email"] != "ada@example.com" {
		t.Fatalf("get-session: %s", c.raw)
	}
	h := http.Header{"Cookie": {"better-auth.session_token=" + signCookie(testSecret, token)}}
	if s, err := a.GetSession(context.Background(), h); err != nil || s == nil || s.User.Email != "ada@example.com" {
		t.Fatalf("GetSession: %v %v", s, err)
	}
	c.do("POST", "/sign-out", nil)
	c.expect(200, `{"success":true}`)
	if n := count(t, db, "sqlite", "session", "1 = 1"); n != 0 {
		t.Fatalf("sign-out left %d sessions", n)
	}
}

// insertSession writes a user and a session for it directly and returns
// the session token.
func insertSession(t *testing.T, db *sql.DB, d string) string {
	t.Helper()
	now := dbTime(d, time.Now())
	later := dbTime(d, time.Now().Add(24*3600e9))
	if _, err := db.Exec("INSERT INTO "+q(d, "user")+" ("+q(d, "id")+", "+q(d, "name")+", "+q(d, "email")+", "+q(d, "emailVerified")+", "+q(d, "createdAt")+", "+q(d, "updatedAt")+") VALUES ('u1', 'Ada', 'ada@example.com', "+ph(d, 1)+", "+ph(d, 2)+", "+ph(d, 3)+")", false, now, now); err != nil {
		t.Fatal(err)
	}
	token := "tokentokentokentokentokentoken12"
	if _, err := db.Exec("INSERT INTO "+q(d, "session")+" ("+q(d, "id")+", "+q(d, "expiresAt")+", "+q(d, "token")+", "+q(d, "createdAt")+", "+q(d, "updatedAt")+", "+q(d, "userId")+") VALUES ('s1', "+ph(d, 1)+", "+ph(d, 2)+", "+ph(d, 3)+", "+ph(d, 4)+", 'u1')", later, token, now, now); err != nil {
		t.Fatal(err)
	}
	return token
}

// Plugins that clash are refused at start-up.
type clashPlugin struct {
	gatePlugin
	id string
	rt core.PluginRuntime
}

func (p clashPlugin) ID() string { return p.id }
func (p clashPlugin) Init(*core.PluginInit) (*core.PluginRuntime, error) {
	return &p.rt, nil
}

func TestPluginRuntimeErrors(t *testing.T) {
	noop := func(*core.Context) (json.RawMessage, error) { return nil, nil }
	cases := []struct {
		plugins []core.Plugin
		want    string
	}{
		{[]core.Plugin{clashPlugin{id: "a", rt: core.PluginRuntime{Endpoints: []core.Endpoint{{Method: "POST", Path: "/sign-in/email", Handler: noop}}}}},
			"plugin a: endpoint POST /sign-in/email is served by the core"},
		{[]core.Plugin{clashPlugin{id: "a", rt: core.PluginRuntime{Endpoints: []core.Endpoint{{Method: "GET", Path: "/x", Handler: noop}}}},
			clashPlugin{id: "b", rt: core.PluginRuntime{Endpoints: []core.Endpoint{{Method: "GET", Path: "/x", Handler: noop}}}}},
			"plugin b: endpoint GET /x is served by another plugin"},
		{[]core.Plugin{clashPlugin{id: "a", rt: core.PluginRuntime{DatabaseHooks: []core.DatabaseHook{{Table: "nope", Op: core.OpCreate}}}}},
			`plugin a: database hook on unknown table "nope"`},
		{[]core.Plugin{clashPlugin{id: "a", rt: core.PluginRuntime{DatabaseHooks: []core.DatabaseHook{{Table: "user", Op: "upsert"}}}}},
			`plugin a: database hook on "user": unknown operation "upsert"`},
	}
	for _, tc := range cases {
		a := core.New(core.Options{Database: core.SQLite(t.TempDir() + "/a.db"), Plugins: tc.plugins})
		if err := a.Open(context.Background()); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Open = %v, want %q", err, tc.want)
		}
	}
}

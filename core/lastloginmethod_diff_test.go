package core_test

import (
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// Differential tests of the lastLoginMethod plugin against Better Auth
// 1.7.5's lastLoginMethod(): the cookie (name, value, attributes) set on
// the responses that set the session cookie, and user.lastLoginMethod with
// storeInDatabase; alone and after multiSession.

const qLastLogin = `SELECT email, "lastLoginMethod", "updatedAt" >= "createdAt" AS ordered FROM "user" ORDER BY email`

// stepper is a differential runner: duo, or msDuo for multi-session
// cookie names.
type stepper interface {
	step(method, path string, body any, headers ...string)
	rows(query string)
}

func lastLoginSteps(t *testing.T, d stepper, stored bool) {
	t.Helper()
	up := map[string]any{"name": "L", "email": "last@example.com", "password": password}
	in := map[string]any{"email": "last@example.com", "password": password}
	d.step("POST", "/sign-up/email", up)
	if stored {
		d.rows(qLastLogin)
	}
	d.step("GET", "/get-session", nil)
	d.step("POST", "/update-user", map[string]any{"name": "Renamed"})
	d.step("POST", "/sign-out", map[string]any{})
	d.step("POST", "/sign-in/email", map[string]any{"email": "last@example.com", "password": "wrong password"})
	d.step("POST", "/sign-in/email", in)
	d.step("POST", "/sign-in/email", map[string]any{"email": "last@example.com", "password": password, "rememberMe": false})
	d.step("POST", "/sign-up/email", map[string]any{"name": "M", "email": "second@example.com", "password": password})
	d.step("POST", "/sign-up/email", up)
	if stored {
		d.rows(qLastLogin)
	}
}

// TestDifferentialLastLoginMethod: the defaults (cookie only), and
// storeInDatabase with a cookie name and max age, on every dialect.
func TestDifferentialLastLoginMethod(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		o := enabled(core.Options{Plugins: []core.Plugin{plugins.LastLoginMethod()}})
		lastLoginSteps(t, newDuo(t, dialect, o, &outbox{}, false, `PLUGINS={"lastLoginMethod":{}}`), false)
		o = enabled(core.Options{Plugins: []core.Plugin{plugins.LastLoginMethod(plugins.LastLoginMethodOptions{
			StoreInDatabase: true, CookieName: "app.method", MaxAge: 60})}})
		lastLoginSteps(t, newDuo(t, dialect, o, &outbox{}, false,
			`PLUGINS={"lastLoginMethod":{"storeInDatabase":true,"cookieName":"app.method","maxAge":60}}`), true)
	})
}

// TestDifferentialLastLoginMethodWithMultiSession: after multiSession's
// hook, whose cookie lines also name the session cookie.
func TestDifferentialLastLoginMethodWithMultiSession(t *testing.T) {
	o := enabled(core.Options{Plugins: []core.Plugin{plugins.MultiSession(), plugins.LastLoginMethod(plugins.LastLoginMethodOptions{StoreInDatabase: true})}})
	d := &msDuo{duo: newDuo(t, core.DialectSQLite, o, &outbox{}, false, `PLUGINS={"multiSession":{},"lastLoginMethod":{"storeInDatabase":true}}`),
		tokens: [2]map[string]string{{}, {}}}
	lastLoginSteps(t, d, true)
}

// TestLastLoginMethodGoFunctions: CustomResolveMethod (ok false falls
// back to the built-in rules) and BeforeStoreCookie's veto.
func TestLastLoginMethodGoFunctions(t *testing.T) {
	veto := false
	o := enabled(core.Options{Secret: testSecret, Database: core.SQLite(wireSQLite(t, core.Options{Plugins: []core.Plugin{plugins.LastLoginMethod(plugins.LastLoginMethodOptions{StoreInDatabase: true})}}, "llm")),
		Plugins: []core.Plugin{plugins.LastLoginMethod(plugins.LastLoginMethodOptions{
			StoreInDatabase: true,
			CustomResolveMethod: func(x *core.Context) (string, bool) {
				if x.Path() == "/sign-in/email" {
					return "password", true
				}
				return "", false
			},
			BeforeStoreCookie: func(_ *core.Context, m string) (bool, error) { return !veto, nil },
		})}})
	a := core.New(o)
	t.Cleanup(func() { a.Close() })
	c := startServer(t, a)
	c.signUp("fn@example.com", password)
	if c.jar["better-auth.last_used_login_method"] != "email" {
		t.Fatalf("after sign-up: %v", c.setCookies)
	}
	c.do("POST", "/sign-in/email", map[string]any{"email": "fn@example.com", "password": password})
	if c.jar["better-auth.last_used_login_method"] != "password" {
		t.Fatalf("after sign-in: %v", c.setCookies)
	}
	s := obj(c.do("GET", "/get-session", nil))
	if obj(s["user"])["lastLoginMethod"] != "password" {
		t.Fatalf("user: %s", c.raw)
	}
	veto = true
	c.do("POST", "/sign-up/email", map[string]any{"name": "V", "email": "veto@example.com", "password": password})
	for _, l := range c.setCookies {
		if strings.Contains(l, "last_used_login_method") {
			t.Fatalf("vetoed cookie set: %v", c.setCookies)
		}
	}
}

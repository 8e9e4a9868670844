package core_test

import (
	"database/sql"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
	"github.com/authctl/authctl/core/social"
)

// An anonymous user who signs in with a social provider: the callback
// (a redirect) runs the anonymous plugin's after hook, which deletes the
// anonymous user. When the callback arrives without the anonymous
// session cookie (Expo's in-app browser) the anonymous user is found
// through the OAuth state's serverContext, which the sign-in wrote: Go
// writes it so that TypeScript reads it, and the reverse.

// anonymousSocialShared is socialShared with the anonymous plugin on both
// servers (one SQLite database, one baseURL: the Go server's).
func anonymousSocialShared(t *testing.T, op *testOP) (goB, tsB *browser, db *sql.DB) {
	t.Helper()
	dir, node := npmWire(t)
	path, db := sharedSQLite(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	origin := "http://" + ln.Addr().String()
	a := core.New(core.Options{BaseURL: origin, Secret: testSecret, Database: core.Database{Dialect: core.DialectSQLite, DB: db},
		EmailAndPassword: core.EmailAndPassword{Enabled: true}, Plugins: []core.Plugin{plugins.Anonymous()},
		SocialProviders: []core.SocialProvider{social.GitLab(social.GitLabOptions{
			Options: social.Options{ClientID: op.clientID, ClientSecret: op.secret}, Issuer: op.issuer})}})
	createTables(t, db, core.DialectSQLite, a)
	t.Cleanup(func() { a.Close() })
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: a.Handler()}}
	srv.Start()
	t.Cleanup(srv.Close)
	opts, _ := json.Marshal(map[string]any{"socialProviders": map[string]any{"gitlab": map[string]any{
		"clientId": op.clientID, "clientSecret": op.secret, "issuer": op.issuer}}})
	tsBase := startTS(t, dir, node, path, "OPTIONS="+string(opts), "BETTER_AUTH_URL="+origin, `PLUGINS={"anonymous":{}}`)
	goB, tsB = newBrowser(t, origin), newBrowser(t, tsBase)
	tsB.app = origin
	return goB, tsB, db
}

// anonymousThenSocial signs in anonymously on start, starts a social
// sign-in there and delivers the callback to finish, with start's
// cookies, or only the OAuth state's when dropSession (as Expo does).
// It returns the anonymous user's id.
func anonymousThenSocial(t *testing.T, start, finish *browser, dropSession bool) string {
	t.Helper()
	start.jar, start.order = map[string]string{}, nil
	id := jsonKey(obj(start.do("POST", "/sign-in/anonymous", nil))["user"], "id")
	if start.status != 200 || id == "" {
		t.Fatalf("anonymous sign-in on %s: %d %s", start.origin, start.status, start.raw)
	}
	res := start.do("POST", "/sign-in/social", map[string]any{"provider": "gitlab", "callbackURL": "/home"})
	if start.status != 200 {
		t.Fatalf("sign-in/social on %s: %d %s", start.origin, start.status, start.raw)
	}
	cb := start.followToProvider(jsonKey(res, "url"))
	cb = finish.base + cb[strings.Index(cb, "/callback/"):]
	if finish != start {
		handOver(start, finish)
	}
	if dropSession {
		for _, n := range []string{"better-auth.session_token", "better-auth.session_data", "better-auth.dont_remember"} {
			delete(finish.jar, n)
		}
	}
	finish.do("GET", cb, nil)
	if finish.status != http.StatusFound || finish.header.Get("Location") != "/home" {
		t.Fatalf("callback on %s: %d %s", finish.origin, finish.status, finish.header.Get("Location"))
	}
	return id
}

func TestAnonymousSocialLink(t *testing.T) {
	op := newTestOP(t)
	op.addUser(opUser{ID: 7, Sub: "s7", Username: "grace", Name: "Grace Hopper", Email: "grace@example.com", EmailVerified: true})
	goB, tsB, db := anonymousSocialShared(t, op)
	users := func(id string) int { return count(t, db, core.DialectSQLite, "user", "id = ?", id) }
	for _, c := range []struct {
		name          string
		start, finish *browser
		drop          bool
	}{
		{"go with the cookie", goB, goB, false},
		{"go without the cookie", goB, goB, true},
		{"go to typescript without the cookie", goB, tsB, true},
		{"typescript to go without the cookie", tsB, goB, true},
		{"typescript with the cookie", tsB, tsB, false},
	} {
		t.Log(c.name)
		id := anonymousThenSocial(t, c.start, c.finish, c.drop)
		if users(id) != 0 {
			t.Errorf("%s: the anonymous user outlived the social sign-in", c.name)
		}
		s := obj(c.finish.do("GET", "/get-session", nil))
		if jsonKey(s["user"], "email") != "grace@example.com" {
			t.Errorf("%s: session after the callback: %s", c.name, c.finish.raw)
		}
	}
}

// TestOAuthStateKeepsClientDataOut: additionalData cannot put the state
// keys the server owns (link, errorURL, newUserURL, serverContext,
// requestSignUp, idTokenNonce) into the stored OAuth state; Go stores the
// same keys as 1.7.5, whose state data sets each of them (undefined
// drops the client's).
func TestOAuthStateKeepsClientDataOut(t *testing.T) {
	op := newTestOP(t)
	op.addUser(opUser{ID: 7, Sub: "s7", Username: "grace", Name: "Grace Hopper", Email: "grace@example.com", EmailVerified: true})
	goB, tsB, db := anonymousSocialShared(t, op)
	body := map[string]any{"provider": "gitlab", "callbackURL": "/home", "additionalData": map[string]any{
		"link": map[string]any{"email": "grace@example.com", "userId": "victim"}, "errorURL": "https://evil.example/",
		"newUserURL": "https://evil.example/", "serverContext": map[string]any{"anonymousUserId": "victim"},
		"requestSignUp": true, "idTokenNonce": "n", "mine": "kept"}}
	keys := func(b *browser) string {
		b.jar, b.order = map[string]string{}, nil
		b.do("POST", "/sign-in/social", body)
		if b.status != 200 {
			t.Fatalf("sign-in/social on %s: %d %s", b.origin, b.status, b.raw)
		}
		var raw string
		if err := db.QueryRow(`SELECT value FROM verification ORDER BY "createdAt" DESC, rowid DESC LIMIT 1`).Scan(&raw); err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(raw), &m); err != nil {
			t.Fatalf("state %q: %v", raw, err)
		}
		var out []string
		for k := range m {
			out = append(out, k)
		}
		sort.Strings(out)
		return strings.Join(out, ",")
	}
	g, w := keys(goB), keys(tsB)
	if g != w || g != "callbackURL,codeVerifier,expiresAt,mine,oauthState" {
		t.Fatalf("state keys: go %s, typescript %s", g, w)
	}

	// End to end: a link smuggled in additionalData does not link the
	// caller's provider account to another user; the callback signs the
	// caller in as itself.
	victim := newBrowser(t, goB.origin)
	vid := jsonKey(obj(victim.do("POST", "/sign-up/email", map[string]any{"name": "V", "email": "victim@example.com", "password": password}))["user"], "id")
	attacker := newBrowser(t, goB.origin)
	body["additionalData"] = map[string]any{"link": map[string]any{"email": "grace@example.com", "userId": vid}}
	res := attacker.do("POST", "/sign-in/social", body)
	cb := attacker.followToProvider(jsonKey(res, "url"))
	attacker.do("GET", cb, nil)
	if attacker.status != http.StatusFound || attacker.header.Get("Location") != "/home" {
		t.Fatalf("callback: %d %s", attacker.status, attacker.header.Get("Location"))
	}
	if n := count(t, db, core.DialectSQLite, "account", `"userId" = ? AND "providerId" = 'gitlab'`, vid); n != 0 {
		t.Fatal("the smuggled link linked the provider account to another user")
	}
	if email := jsonKey(obj(attacker.do("GET", "/get-session", nil))["user"], "email"); email != "grace@example.com" {
		t.Fatalf("signed in as %q", email)
	}
}

package core_test

import (
	"database/sql"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// adminSide is one server of the admin differential: its database and a
// client per identity, with the ids of the users it created.
type adminSide struct {
	db      *sql.DB
	clients map[string]*client
	ids     map[string]string
}

// adminStep is one request of the admin differential, sent as who;
// "{bob}" and "{carol}" in path and body stand for that server's ids. A
// step with sql runs it on both databases instead.
type adminStep struct {
	who, method, path string
	body              any
	sql               string
}

var normAdminCookie = regexp.MustCompile(`admin_session=[^;]*`)

// normalizeAdmin is normalize with the admin_session cookie's value (a
// signed "token:dontRemember") reduced to its shape.
func normalizeAdmin(c *client) string {
	n := normalize(c)
	return normAdminCookie.ReplaceAllStringFunc(n, func(m string) string {
		v := strings.TrimPrefix(m, "admin_session=")
		switch {
		case v == "":
			return m
		case regexp.MustCompile(`^[A-Za-z0-9]{32}%3A(true)?\.[A-Za-z0-9%]+$`).MatchString(v):
			return "admin_session=<token>:" + regexp.MustCompile(`%3A(true)?`).FindStringSubmatch(v)[1] + ".<sig>"
		}
		return m
	})
}

func (s *adminSide) expand(v string) string {
	for name, id := range s.ids {
		v = strings.ReplaceAll(v, "{"+name+"}", id)
	}
	return v
}

// TestDifferentialAdmin compares the admin plugin's endpoints and hooks
// with Better Auth 1.7.5's admin() on fresh databases: an admin (role set
// in the database), a plain user bob and carol.
func TestDifferentialAdmin(t *testing.T) {
	runAdminDifferential(t, plugins.AdminOptions{DefaultBanReason: "Default reason"}, `{"defaultBanReason":"Default reason"}`, adminSteps)
}

// TestDifferentialAdminOptions compares the options both servers take
// as data: the banned message, the admin roles, impersonating admins.
func TestDifferentialAdminOptions(t *testing.T) {
	pw := map[string]any{"email": "bob@example.com", "password": password}
	runAdminDifferential(t, plugins.AdminOptions{BannedUserMessage: "Go away", AdminRoles: []string{"user"}, AllowImpersonatingAdmins: true},
		`{"bannedUserMessage":"Go away","adminRoles":["user"],"allowImpersonatingAdmins":true}`, []adminStep{
			// A session with the step headers (the setup's has none).
			{who: "admin", method: "POST", path: "/sign-in/email", body: map[string]any{"email": "admin@example.com", "password": password}},
			{who: "admin", method: "POST", path: "/admin/ban-user", body: map[string]any{"userId": "{bob}", "banReason": "r"}},
			{who: "bob", method: "POST", path: "/sign-in/email", body: pw},
			{who: "admin", method: "POST", path: "/admin/unban-user", body: map[string]any{"userId": "{bob}"}},
			// bob's role "user" is an admin role here; impersonating him
			// is allowed by allowImpersonatingAdmins.
			{who: "admin", method: "POST", path: "/admin/impersonate-user", body: map[string]any{"userId": "{bob}"}},
			{who: "admin", method: "POST", path: "/admin/stop-impersonating"},
			{who: "admin", method: "GET", path: "/admin/get-user?id={bob}"},
		})
}

func runAdminDifferential(t *testing.T, ao plugins.AdminOptions, tsJSON string, steps []adminStep) {
	o := enabled(core.Options{Plugins: []core.Plugin{plugins.Admin(ao)}})
	dir, node := npmWire(t)
	goPath, tsPath := wireSQLite(t, o, "go"), wireSQLite(t, o, "ts")
	o.Secret, o.Database = testSecret, core.SQLite(goPath)
	a := core.New(o)
	t.Cleanup(func() { a.Close() })
	goc := startServer(t, a)
	tsBase := startTS(t, dir, node, tsPath, "ADMIN_PLUGIN="+tsJSON)
	tsc := &client{t: t, base: tsBase + "/api/auth", origin: tsBase, jar: map[string]string{}}
	sides := map[string]*adminSide{}
	for name, c := range map[string]*client{"go": goc, "ts": tsc} {
		path := goPath
		if name == "ts" {
			path = tsPath
		}
		db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		s := &adminSide{db: db, clients: map[string]*client{}, ids: map[string]string{}}
		for _, who := range []string{"admin", "bob", "carol"} {
			cl := c.clone()
			u := obj(cl.signUp(who+"@example.com", password)["user"])
			if u["role"] != "user" {
				t.Fatalf("%s: %s signed up with role %v, want the default role", name, who, u["role"])
			}
			s.clients[who], s.ids[who] = cl, u["id"].(string)
		}
		s.clients["anon"] = c.clone()
		if _, err := db.Exec(`UPDATE "user" SET role = 'admin' WHERE email = 'admin@example.com'`); err != nil {
			t.Fatal(err)
		}
		sides[name] = s
	}
	for i, st := range steps {
		if st.sql != "" {
			for _, s := range sides {
				if _, err := s.db.Exec(st.sql); err != nil {
					t.Fatal(err)
				}
			}
			continue
		}
		var out [2]string
		for j, name := range []string{"go", "ts"} {
			s := sides[name]
			var body any
			if st.body != nil {
				raw, ok := st.body.(string)
				if !ok {
					b, _ := json.Marshal(st.body)
					raw = string(b)
				}
				body = s.expand(raw)
			}
			c := s.clients[st.who]
			c.do(st.method, s.expand(st.path), body, "X-Forwarded-For", "203.0.113.7", "User-Agent", "differential")
			out[j] = normalizeAdmin(c)
		}
		if testing.Verbose() {
			t.Logf("step %d: %s %s %s %v\n%s", i, st.who, st.method, st.path, st.body, out[0])
		}
		if out[0] != out[1] {
			t.Errorf("step %d: %s %s %s %v\n--- go\n%s\n--- typescript\n%s", i, st.who, st.method, st.path, st.body, out[0], out[1])
		}
	}
}

var adminPW = map[string]any{"email": "bob@example.com", "password": password}

// adminSteps are TestDifferentialAdmin's requests.
var adminSteps = func() []adminStep {
	pw := adminPW
	return []adminStep{
		{who: "anon", method: "POST", path: "/admin/ban-user", body: map[string]any{"userId": "{bob}"}},
		{who: "bob", method: "POST", path: "/admin/ban-user", body: map[string]any{"userId": "{carol}"}},
		{who: "bob", method: "GET", path: "/admin/list-users"},
		{who: "admin", method: "GET", path: "/admin/list-users"},
		{who: "admin", method: "GET", path: "/admin/list-users?searchValue=BO&searchField=email"},
		{who: "admin", method: "GET", path: "/admin/list-users?searchValue=car&searchOperator=starts_with"},
		{who: "admin", method: "GET", path: "/admin/list-users?limit=1&offset=1&sortBy=email&sortDirection=desc"},
		{who: "admin", method: "GET", path: "/admin/list-users?sortBy=name&limit=2"},
		{who: "admin", method: "GET", path: "/admin/list-users?filterField=role&filterValue=admin"},
		{who: "admin", method: "GET", path: "/admin/list-users?filterField=email&filterOperator=ne&filterValue=bob@example.com"},
		{who: "admin", method: "GET", path: "/admin/list-users?sortBy=nope"},
		{who: "admin", method: "GET", path: "/admin/list-users?searchField=bad"},
		{who: "admin", method: "GET", path: "/admin/get-user?id={bob}"},
		{who: "admin", method: "GET", path: "/admin/get-user"},
		{who: "admin", method: "GET", path: "/admin/get-user?id=nope"},
		{who: "bob", method: "GET", path: "/admin/get-user?id={bob}"},
		{who: "admin", method: "POST", path: "/admin/set-role", body: map[string]any{"userId": "{carol}", "role": []any{"user", "editor"}}},
		{who: "admin", method: "POST", path: "/admin/set-role", body: map[string]any{"userId": "nope", "role": "user"}},
		{who: "admin", method: "POST", path: "/admin/set-role", body: map[string]any{"userId": "{carol}", "role": "user"}},
		{who: "bob", method: "POST", path: "/admin/set-role", body: map[string]any{"userId": "{bob}", "role": "admin"}},
		// Bans: sessions revoked, sign-in refused, self-ban refused.
		{who: "admin", method: "POST", path: "/admin/ban-user", body: map[string]any{"userId": "{bob}"}},
		{who: "bob", method: "GET", path: "/get-session"},
		{who: "bob", method: "POST", path: "/sign-in/email", body: pw},
		{who: "admin", method: "POST", path: "/admin/ban-user", body: map[string]any{"userId": "{admin}"}},
		{who: "admin", method: "POST", path: "/admin/ban-user", body: map[string]any{"userId": "nope"}},
		{who: "admin", method: "POST", path: "/admin/ban-user", body: map[string]any{"userId": "{bob}", "banExpiresIn": "soon"}},
		{who: "admin", method: "POST", path: "/admin/unban-user", body: map[string]any{"userId": "{bob}"}},
		{who: "bob", method: "POST", path: "/sign-in/email", body: pw},
		{who: "admin", method: "POST", path: "/admin/ban-user", body: map[string]any{"userId": "{bob}", "banReason": "spam", "banExpiresIn": 3600}},
		{who: "bob", method: "POST", path: "/sign-in/email", body: pw},
		// An expired ban is lifted at sign-in.
		{sql: `UPDATE "user" SET "banExpires" = "createdAt" WHERE email = 'bob@example.com'`},
		{who: "bob", method: "POST", path: "/sign-in/email", body: pw},
		{who: "admin", method: "GET", path: "/admin/get-user?id={bob}"},
		// Users created, updated, listed with their sessions.
		{who: "admin", method: "POST", path: "/admin/create-user", body: map[string]any{"email": "New@Example.com", "password": password, "name": "New", "data": map[string]any{"image": "https://example.com/i.png"}}},
		{who: "admin", method: "POST", path: "/admin/create-user", body: map[string]any{"email": "new@example.com", "name": "Again"}},
		{who: "admin", method: "POST", path: "/admin/create-user", body: map[string]any{"email": "not-an-email", "name": "X"}},
		{who: "admin", method: "POST", path: "/admin/create-user", body: map[string]any{"email": "role@example.com", "name": "R", "role": []any{"admin", "user"}}},
		{who: "admin", method: "POST", path: "/admin/create-user", body: map[string]any{"email": "x@example.com"}},
		{who: "bob", method: "POST", path: "/admin/create-user", body: map[string]any{"email": "y@example.com", "name": "Y"}},
		{who: "anon", method: "POST", path: "/admin/create-user", body: map[string]any{"email": "y@example.com", "name": "Y"}},
		{who: "admin", method: "POST", path: "/sign-in/email", body: map[string]any{"email": "new@example.com", "password": password}},
		{who: "admin", method: "POST", path: "/sign-in/email", body: map[string]any{"email": "admin@example.com", "password": password}},
		{who: "admin", method: "POST", path: "/admin/update-user", body: map[string]any{"userId": "{carol}", "data": map[string]any{"name": "Caroline", "email": "CAROL2@example.com"}}},
		{who: "admin", method: "POST", path: "/admin/update-user", body: map[string]any{"userId": "{carol}", "data": map[string]any{}}},
		{who: "admin", method: "POST", path: "/admin/update-user", body: map[string]any{"userId": "{carol}", "data": map[string]any{"password": "x"}}},
		{who: "admin", method: "POST", path: "/admin/update-user", body: map[string]any{"userId": "{carol}", "data": map[string]any{"email": "bob@example.com"}}},
		{who: "admin", method: "POST", path: "/admin/update-user", body: map[string]any{"userId": "{carol}", "data": map[string]any{"role": 7}}},
		{who: "admin", method: "POST", path: "/admin/update-user", body: map[string]any{"userId": "{admin}", "data": map[string]any{"banned": true}}},
		{who: "admin", method: "POST", path: "/admin/update-user", body: map[string]any{"userId": "nope", "data": map[string]any{"name": "N"}}},
		{who: "admin", method: "POST", path: "/admin/list-user-sessions", body: map[string]any{"userId": "{bob}"}},
		{who: "bob", method: "POST", path: "/admin/list-user-sessions", body: map[string]any{"userId": "{bob}"}},
		{sql: `UPDATE session SET "expiresAt" = "createdAt" WHERE "userId" = (SELECT id FROM "user" WHERE email = 'bob@example.com')`},
		{who: "admin", method: "POST", path: "/admin/list-user-sessions", body: map[string]any{"userId": "{bob}"}},
		{who: "bob", method: "POST", path: "/sign-in/email", body: pw},
		// Impersonation: the admin becomes bob, bob's own list hides it,
		// and the admin comes back.
		{who: "admin", method: "POST", path: "/admin/impersonate-user", body: map[string]any{"userId": "{bob}"}},
		{who: "admin", method: "GET", path: "/get-session"},
		{who: "admin", method: "GET", path: "/list-sessions"},
		{who: "admin", method: "POST", path: "/admin/list-users"},
		{who: "admin", method: "POST", path: "/admin/stop-impersonating"},
		{who: "admin", method: "GET", path: "/get-session"},
		{who: "admin", method: "POST", path: "/admin/stop-impersonating"},
		{who: "anon", method: "POST", path: "/admin/stop-impersonating"},
		{who: "admin", method: "POST", path: "/admin/set-role", body: map[string]any{"userId": "{carol}", "role": "admin"}},
		{who: "admin", method: "POST", path: "/admin/impersonate-user", body: map[string]any{"userId": "{carol}"}},
		{who: "admin", method: "POST", path: "/admin/impersonate-user", body: map[string]any{"userId": "nope"}},
		{who: "bob", method: "POST", path: "/admin/impersonate-user", body: map[string]any{"userId": "{admin}"}},
		// Passwords, permissions, revocation, removal.
		{who: "admin", method: "POST", path: "/admin/set-user-password", body: map[string]any{"userId": "{bob}", "newPassword": "short"}},
		{who: "admin", method: "POST", path: "/admin/set-user-password", body: map[string]any{"userId": "{bob}", "newPassword": ""}},
		{who: "admin", method: "POST", path: "/admin/set-user-password", body: map[string]any{"userId": "{bob}", "newPassword": "another password"}},
		{who: "bob", method: "POST", path: "/sign-in/email", body: map[string]any{"email": "bob@example.com", "password": "another password"}},
		{who: "admin", method: "POST", path: "/admin/has-permission", body: map[string]any{"permissions": map[string]any{"user": []any{"ban", "list"}}}},
		{who: "admin", method: "POST", path: "/admin/has-permission", body: map[string]any{"permissions": map[string]any{"user": []any{"impersonate-admins"}}}},
		{who: "bob", method: "POST", path: "/admin/has-permission", body: map[string]any{"permissions": map[string]any{"user": []any{"ban"}}}},
		{who: "bob", method: "POST", path: "/admin/has-permission", body: map[string]any{"permission": map[string]any{"user": []any{"ban"}}}},
		{who: "anon", method: "POST", path: "/admin/has-permission", body: map[string]any{"permissions": map[string]any{"user": []any{"ban"}}}},
		{who: "admin", method: "POST", path: "/admin/revoke-user-sessions", body: map[string]any{"userId": "{bob}"}},
		{who: "bob", method: "GET", path: "/get-session"},
		{who: "admin", method: "POST", path: "/admin/revoke-user-session", body: map[string]any{"sessionToken": "nope"}},
		{who: "admin", method: "POST", path: "/admin/remove-user", body: map[string]any{"userId": "{admin}"}},
		{who: "admin", method: "POST", path: "/admin/remove-user", body: map[string]any{"userId": "{bob}"}},
		{who: "admin", method: "POST", path: "/admin/remove-user", body: map[string]any{"userId": "{bob}"}},
		{who: "admin", method: "GET", path: "/admin/list-users?sortBy=email"},
		// Validation and odd inputs.
		{who: "admin", method: "POST", path: "/admin/has-permission", body: map[string]any{}},
		{who: "admin", method: "POST", path: "/admin/has-permission", body: map[string]any{"permissions": map[string]any{"user": "ban"}}},
		{who: "admin", method: "POST", path: "/admin/has-permission", body: map[string]any{"permissions": map[string]any{}}},
		{who: "admin", method: "POST", path: "/admin/set-role", body: map[string]any{"userId": "{carol}"}},
		{who: "admin", method: "POST", path: "/admin/ban-user", body: map[string]any{"userId": "{carol}", "banReason": 5}},
		{who: "admin", method: "POST", path: "/admin/ban-user", body: map[string]any{"banReason": "no id"}},
		{who: "admin", method: "POST", path: "/admin/ban-user", body: map[string]any{"userId": nil, "banExpiresIn": "x"}},
		{who: "admin", method: "POST", path: "/admin/remove-user", body: map[string]any{}},
		{who: "admin", method: "POST", path: "/admin/set-user-password", body: map[string]any{"newPassword": 5}},
		{who: "admin", method: "POST", path: "/admin/set-user-password", body: map[string]any{"userId": "", "newPassword": "long enough pw"}},
		{who: "admin", method: "POST", path: "/admin/set-role", body: map[string]any{"role": []any{1}}},
		{who: "admin", method: "POST", path: "/admin/has-permission", body: map[string]any{"permission": map[string]any{}, "permissions": map[string]any{}}},
		{who: "admin", method: "POST", path: "/admin/has-permission", body: map[string]any{"permission": map[string]any{"user": []any{"list"}}, "permissions": "x"}},
		{who: "admin", method: "POST", path: "/admin/has-permission", body: map[string]any{"permission": 1, "permissions": map[string]any{"user": []any{"list"}}}},
		{who: "admin", method: "POST", path: "/admin/revoke-user-session", body: map[string]any{}},
		{who: "admin", method: "POST", path: "/admin/update-user", body: map[string]any{"data": 5}},
		{who: "admin", method: "POST", path: "/admin/create-user", body: map[string]any{"email": "r5@example.com", "name": "R", "role": 5}},
		{who: "admin", method: "POST", path: "/admin/create-user", body: map[string]any{"email": "r6@example.com", "name": "R", "data": map[string]any{"role": 5}}},
		{who: "admin", method: "POST", path: "/admin/create-user", body: map[string]any{"email": "r7@example.com", "name": "R", "data": map[string]any{"role": "admin", "emailVerified": true}}},
		{who: "admin", method: "POST", path: "/admin/update-user", body: map[string]any{"userId": "{carol}"}},
		{who: "admin", method: "POST", path: "/admin/update-user", body: map[string]any{"userId": "{carol}", "data": map[string]any{"role": []any{"user", "admin"}, "emailVerified": true}}},
		{who: "admin", method: "GET", path: "/admin/list-users?limit=abc&offset=-1"},
		{who: "admin", method: "GET", path: "/admin/list-users?limit=2&offset=1"},
		{who: "admin", method: "GET", path: "/admin/list-users?searchValue=EXAMPLE&searchOperator=ends_with&searchField=email&sortBy=createdAt&sortDirection=desc"},
		{who: "admin", method: "GET", path: "/admin/list-users?filterField=role&filterOperator=in&filterValue=admin&filterValue=user"},
		{who: "admin", method: "GET", path: "/admin/list-users?filterField=name&filterOperator=contains&filterValue=est"},
		{who: "admin", method: "GET", path: "/admin/list-users?filterOperator=bogus&filterValue=x"},
		{who: "admin", method: "GET", path: "/admin/list-users?filterField=banned&filterValue=true"},
		{who: "admin", method: "GET", path: "/admin/list-users?filterField=emailVerified&filterValue=false&sortBy=role"},
		{who: "admin", method: "GET", path: "/admin/list-users?filterField=role&filterOperator=lt&filterValue=b"},
		// A browser-session admin impersonates and comes back as one.
		{who: "admin", method: "POST", path: "/sign-in/email", body: map[string]any{"email": "admin@example.com", "password": password, "rememberMe": false}},
		{who: "admin", method: "POST", path: "/admin/impersonate-user", body: map[string]any{"userId": "{carol}"}},
		{who: "admin", method: "POST", path: "/admin/set-role", body: map[string]any{"userId": "{carol}", "role": "user"}},
		{who: "admin", method: "POST", path: "/admin/stop-impersonating"},
		{who: "admin", method: "POST", path: "/admin/set-role", body: map[string]any{"userId": "{carol}", "role": "user"}},
		{who: "admin", method: "POST", path: "/admin/impersonate-user", body: map[string]any{"userId": "{carol}"}},
		{who: "admin", method: "POST", path: "/admin/stop-impersonating"},
		{who: "admin", method: "POST", path: "/admin/ban-user", body: `[]`},
		{who: "admin", method: "POST", path: "/admin/set-role", body: `"x"`},
	}
}()

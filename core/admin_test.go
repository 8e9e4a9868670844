package core_test

import (
	"context"
	"database/sql"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
	"github.com/authctl/authctl/core/social"
)

// adminAuth starts the Go handler with admin options o on a fresh SQLite
// database; an admin (role set in the database), bob and carol sign up.
func adminAuth(t *testing.T, o plugins.AdminOptions) (c map[string]*client, ids map[string]string, db *sql.DB) {
	t.Helper()
	a, db := newAuth(t, "sqlite", enabled(core.Options{Plugins: []core.Plugin{plugins.Admin(o)}}))
	srv := startServer(t, a)
	c, ids = map[string]*client{}, map[string]string{}
	for _, who := range []string{"admin", "bob", "carol"} {
		c[who] = srv.clone()
		ids[who] = obj(c[who].signUp(who+"@example.com", password)["user"])["id"].(string)
	}
	if _, err := db.Exec(`UPDATE "user" SET role = 'admin' WHERE id = ?`, ids["admin"]); err != nil {
		t.Fatal(err)
	}
	return c, ids, db
}

// Admin roles must be defined roles, as admin() checks when it is built.
func TestAdminRefusesUndefinedAdminRoles(t *testing.T) {
	a, _ := newAuth(t, "sqlite", enabled(core.Options{Plugins: []core.Plugin{plugins.Admin(plugins.AdminOptions{AdminRoles: []string{"Admin", "owner"}})}}))
	err := a.Open(context.Background())
	if err == nil || !strings.Contains(err.Error(), "Invalid admin roles: owner. Admin roles must be defined in the 'roles' configuration.") {
		t.Fatalf("Open = %v", err)
	}
	custom := plugins.AdminOptions{AdminRoles: []string{"owner"}, Roles: map[string]plugins.AdminRole{"owner": {"user": {"list"}}}}
	a, _ = newAuth(t, "sqlite", enabled(core.Options{Plugins: []core.Plugin{plugins.Admin(custom)}}))
	if err := a.Open(context.Background()); err != nil {
		t.Fatalf("Open with the role defined = %v", err)
	}
}

// Custom roles: a role's statements decide, a user may hold several roles
// ("a,b"), roles outside Roles cannot be set, and DefaultRole is written on
// sign-up.
func TestAdminCustomRoles(t *testing.T) {
	c, ids, db := adminAuth(t, plugins.AdminOptions{DefaultRole: "member", Roles: map[string]plugins.AdminRole{
		"admin":   {"user": {"set-role", "list"}},
		"support": {"user": {"list"}, "session": {"list"}},
		"member":  {},
	}})
	var role string
	if err := db.QueryRow(`SELECT role FROM "user" WHERE id = ?`, ids["bob"]).Scan(&role); err != nil || role != "member" {
		t.Fatalf("default role %q %v", role, err)
	}
	c["bob"].do("GET", "/admin/list-users", nil)
	c["bob"].expectError(403, "YOU_ARE_NOT_ALLOWED_TO_LIST_USERS", "You are not allowed to list users")
	c["admin"].do("POST", "/admin/set-role", map[string]any{"userId": ids["bob"], "role": []any{"member", "nope"}})
	c["admin"].expectError(400, "YOU_ARE_NOT_ALLOWED_TO_SET_NON_EXISTENT_VALUE", "You are not allowed to set a non-existent role value")
	c["admin"].do("POST", "/admin/set-role", map[string]any{"userId": ids["bob"], "role": []any{"member", "support"}})
	c["admin"].expect(200, "*")
	c["bob"].do("GET", "/admin/list-users", nil)
	c["bob"].expect(200, "*")
	c["bob"].do("POST", "/admin/ban-user", map[string]any{"userId": ids["carol"]})
	c["bob"].expectError(403, "YOU_ARE_NOT_ALLOWED_TO_BAN_USERS", "You are not allowed to ban users")
	// The admin role here has no ban permission either.
	c["admin"].do("POST", "/admin/ban-user", map[string]any{"userId": ids["carol"]})
	c["admin"].expect(403, "*")
	// Several resources: every one must be allowed.
	if r := obj(c["bob"].do("POST", "/admin/has-permission", map[string]any{"permissions": map[string]any{"user": []any{"list"}, "session": []any{"list"}}})); r["success"] != true {
		t.Fatalf("has-permission: %s", c["bob"].raw)
	}
	if r := obj(c["bob"].do("POST", "/admin/has-permission", map[string]any{"permissions": map[string]any{"user": []any{"list"}, "session": []any{"revoke"}}})); r["success"] != false {
		t.Fatalf("has-permission: %s", c["bob"].raw)
	}
}

// AdminUserIDs grant every permission; AllowImpersonatingAdmins lets an
// admin impersonate another; the durations and messages are honoured.
func TestAdminOptions(t *testing.T) {
	// The ids are random, so a second handler with the options serves the
	// database once the users exist.
	c, ids, db := adminAuth(t, plugins.AdminOptions{})
	o := plugins.AdminOptions{AdminUserIDs: []string{ids["bob"]}, AllowImpersonatingAdmins: true,
		ImpersonationSessionDuration: 60, DefaultBanExpiresIn: 120, BannedUserMessage: "Go away"}
	b := core.New(core.Options{Secret: testSecret, Database: core.Database{Dialect: core.DialectSQLite, DB: db},
		EmailAndPassword: core.EmailAndPassword{Enabled: true}, Plugins: []core.Plugin{plugins.Admin(o)}})
	t.Cleanup(func() { b.Close() })
	s := startServer(t, b)
	bob := s.clone()
	bob.do("POST", "/sign-in/email", map[string]any{"email": "bob@example.com", "password": password})
	bob.expect(200, "*")
	// bob (role "user") is in AdminUserIDs: he may ban, and impersonating
	// him takes the impersonate-admins permission or
	// AllowImpersonatingAdmins.
	start := time.Now()
	r := obj(bob.do("POST", "/admin/ban-user", map[string]any{"userId": ids["carol"]}))
	bob.expect(200, "*")
	exp, err := time.Parse(time.RFC3339, obj(r["user"])["banExpires"].(string))
	if err != nil || exp.Before(start.Add(119*time.Second)) || exp.After(time.Now().Add(121*time.Second)) {
		t.Fatalf("banExpires %v %v", exp, err)
	}
	carol := s.clone()
	carol.do("POST", "/sign-in/email", map[string]any{"email": "carol@example.com", "password": password})
	carol.expectError(403, "BANNED_USER", "Go away")
	admin := s.clone()
	admin.do("POST", "/sign-in/email", map[string]any{"email": "admin@example.com", "password": password})
	r = obj(admin.do("POST", "/admin/impersonate-user", map[string]any{"userId": ids["bob"]}))
	admin.expect(200, "*")
	exp, err = time.Parse(time.RFC3339, obj(r["session"])["expiresAt"].(string))
	if err != nil || exp.Before(start.Add(59*time.Second)) || exp.After(time.Now().Add(61*time.Second)) {
		t.Fatalf("impersonation expiresAt %v %v", exp, err)
	}
	// Without AllowImpersonatingAdmins, the default admin role may not
	// impersonate an admin user id.
	c["admin"].do("POST", "/admin/impersonate-user", map[string]any{"userId": ids["admin"]})
	c["admin"].expectError(403, "YOU_CANNOT_IMPERSONATE_ADMINS", "You cannot impersonate admins")
}

// A banned user signing in with a social provider is sent to the error
// callback with error=BANNED_USER and the message, as 1.7.5's OAuth
// callback answers the session hook's APIError.
func TestAdminBannedSocialSignIn(t *testing.T) {
	op := newTestOP(t)
	op.addUser(opUser{ID: 7, Sub: "sub-7", Username: "ada", Name: "Ada", Email: "ada@example.com", EmailVerified: true})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	origin := "http://" + ln.Addr().String()
	o := core.Options{BaseURL: origin, Secret: testSecret, Plugins: []core.Plugin{plugins.Admin(plugins.AdminOptions{BannedUserMessage: "Go away"})},
		SocialProviders: []core.SocialProvider{social.GitLab(social.GitLabOptions{
			Options: social.Options{ClientID: op.clientID, ClientSecret: op.secret}, Issuer: op.issuer})}}
	path := wireSQLite(t, o, "go")
	o.Database = core.SQLite(path)
	a := core.New(o)
	t.Cleanup(func() { a.Close() })
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: a.Handler()}}
	srv.Start()
	t.Cleanup(srv.Close)
	signIn := func() string {
		b := newBrowser(t, origin)
		res := b.do("POST", "/sign-in/social", map[string]any{"provider": "gitlab", "callbackURL": "/dashboard", "errorCallbackURL": "/oops"})
		b.do("GET", b.followToProvider(jsonKey(res, "url")), nil)
		if b.status != http.StatusFound {
			t.Fatalf("callback: %d %s", b.status, b.raw)
		}
		return b.header.Get("Location")
	}
	if to := signIn(); to != "/dashboard" {
		t.Fatalf("first sign-in went to %q", to)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`UPDATE "user" SET banned = 1 WHERE email = 'ada@example.com'`); err != nil {
		t.Fatal(err)
	}
	if to := signIn(); to != "/oops?error=BANNED_USER&error_description=Go+away" {
		t.Fatalf("banned sign-in went to %q", to)
	}
}

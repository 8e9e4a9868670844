package core_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestAdminWithOfficialClient: Better Auth 1.7.5's better-auth/client
// with adminClient() (testdata/admin-client.mjs), signed in as a user the
// test made an admin in the database, lists users, creates one, sets its
// role, bans it (its sign-in refused) and unbans it, impersonates it and
// stops, and removes it, all through the Go handler.
func TestAdminWithOfficialClient(t *testing.T) {
	h := startClientHarness(t, "admin-client.mjs", enabled(core.Options{Plugins: []core.Plugin{plugins.Admin()}}), nil)
	const adminEmail, adminPassword = "admin.client@example.com", "admin password 1"
	req, err := http.NewRequest("POST", h.origin+"/api/auth/sign-up/email",
		strings.NewReader(`{"name":"Admin Client","email":"`+adminEmail+`","password":"`+adminPassword+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", h.origin)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("sign-up: %s", res.Status)
	}
	if _, err := h.db.db.Exec(`UPDATE "user" SET role = 'admin' WHERE email = ?`, adminEmail); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Admin          map[string]any
		UserID         string
		ImpersonatedBy string
	}
	h.runJSON(&got, adminEmail, adminPassword, "managed.client@example.com")
	if got.Admin["email"] != adminEmail || got.Admin["role"] != "admin" || got.ImpersonatedBy != got.Admin["id"] || got.UserID == "" {
		t.Fatalf("got %+v", got)
	}
	if n := count(t, h.db.db, core.DialectSQLite, "user", "id = ?", got.UserID); n != 0 {
		t.Fatal("the removed user is still there")
	}
	if n := count(t, h.db.db, core.DialectSQLite, "session", "userId = ?", got.UserID); n != 0 {
		t.Fatalf("%d sessions of the removed user left", n)
	}
	// The script can fail: a user who is no longer an admin may not list
	// users.
	if _, err := h.db.db.Exec(`UPDATE "user" SET role = 'user' WHERE email = ?`, adminEmail); err != nil {
		t.Fatal(err)
	}
	if out, err := h.run(adminEmail, adminPassword, "managed.client@example.com"); err == nil || !strings.HasPrefix(out, "FAIL: admin.listUsers") {
		t.Fatalf("admin-client.mjs as a plain user: %v\n%s", err, out)
	}
}

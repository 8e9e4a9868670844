package core_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestAPIKeySharedDatabaseWithTypeScript: Go and @better-auth/api-key
// 1.7.5 on one database (SQLite, PostgreSQL, MariaDB). A key created on
// either server is a session on the other (x-api-key), its remaining
// count and rate-limit counter go down the same whichever server sees
// it, what one writes (metadata, names) the other reads identically, and
// VerifyAPIKey checks keys from Go code with the same counters.
func TestAPIKeySharedDatabaseWithTypeScript(t *testing.T) {
	forEachDialect(t, testAPIKeyShared)
}

func testAPIKeyShared(t *testing.T, dialect string) {
	dir, node := npmWire(t)
	path, db := sharedDB(t, dialect)
	a := core.New(core.Options{Secret: testSecret, Database: core.Database{Dialect: dialect, DB: db},
		EmailAndPassword: core.EmailAndPassword{Enabled: true},
		Plugins: []core.Plugin{plugins.APIKey(plugins.APIKeyOptions{
			EnableSessionForAPIKeys: true, EnableMetadata: true, RateLimit: plugins.APIKeyRateLimit{MaxRequests: 100},
			Permissions: plugins.APIKeyPermissions{DefaultPermissions: map[string][]string{"files": {"read"}}},
		})}})
	createTables(t, db, dialect, a)
	t.Cleanup(func() { a.Close() })
	goc := startServer(t, a)
	ts := &client{t: t, base: startTS(t, dir, node, path,
		`PLUGINS={"apiKey":{"enableSessionForAPIKeys":true,"enableMetadata":true,"rateLimit":{"maxRequests":100},"permissions":{"defaultPermissions":{"files":["read"]}}}}`) + "/api/auth", jar: map[string]string{}}
	ts.origin = strings.TrimSuffix(ts.base, "/api/auth")
	h := []string{"X-Forwarded-For", "203.0.113.7"}

	// alice signs up on TypeScript; her cookie works on Go too.
	alice := ts.clone()
	aliceID := obj(alice.signUp("alice@example.com", password)["user"])["id"].(string)
	aliceGo := goc.clone()
	aliceGo.jar, aliceGo.order = map[string]string{"better-auth.session_token": alice.jar["better-auth.session_token"]}, []string{"better-auth.session_token"}

	// A key created on Go is a session on TypeScript, and the reverse.
	fromGo := obj(aliceGo.do("POST", "/api-key/create", map[string]any{"name": "from go", "metadata": map[string]any{"plan": "pro", "n": 2}}))
	aliceGo.expect(200, "*")
	fromTS := obj(alice.do("POST", "/api-key/create", map[string]any{"name": "from ts", "metadata": map[string]any{"plan": "pro", "n": 2}}))
	alice.expect(200, "*")
	goKey, tsKey := fromGo["key"].(string), fromTS["key"].(string)
	for _, c := range []struct {
		server *client
		key    string
	}{{ts.clone(), goKey}, {goc.clone(), tsKey}} {
		s := obj(c.server.do("GET", "/get-session", nil, append(h, "x-api-key", c.key)...))
		if c.server.status != 200 || obj(s["user"])["id"] != aliceID || obj(s["session"])["token"] != c.key {
			t.Fatalf("%s with a key of the other server: %d %s", c.server.base, c.server.status, c.server.raw)
		}
	}
	// What each wrote reads the same through the other.
	goView := aliceGo.rawOf("GET", "/api-key/get?id="+fromTS["id"].(string))
	tsView := alice.rawOf("GET", "/api-key/get?id="+fromTS["id"].(string))
	if string(goView) != string(tsView) || !strings.Contains(string(goView), `"metadata":{"n":2,"plan":"pro"}`) {
		t.Fatalf("a TypeScript key read back\nGo %s\nTS %s", goView, tsView)
	}
	goView = aliceGo.rawOf("GET", "/api-key/get?id="+fromGo["id"].(string))
	tsView = alice.rawOf("GET", "/api-key/get?id="+fromGo["id"].(string))
	if string(goView) != string(tsView) || !strings.Contains(string(goView), `"permissions":{"files":["read"]}`) {
		t.Fatalf("a Go key read back\nGo %s\nTS %s", goView, tsView)
	}

	// remaining goes down by one per use, whichever server sees it; the
	// key is spent and deleted on the fourth use.
	if _, err := db.Exec("UPDATE " + q(dialect, "apikey") + " SET " + q(dialect, "remaining") + " = 3 WHERE " + q(dialect, "id") + " = '" + fromGo["id"].(string) + "'"); err != nil {
		t.Fatal(err)
	}
	remaining := func() (int, int) {
		var r, n int
		if err := db.QueryRow("SELECT "+q(dialect, "remaining")+", "+q(dialect, "requestCount")+" FROM "+q(dialect, "apikey")+" WHERE "+q(dialect, "id")+" = "+ph(dialect, 1), fromGo["id"]).Scan(&r, &n); err != nil {
			t.Fatal(err)
		}
		return r, n
	}
	_, before := remaining()
	for i, server := range []*client{goc.clone(), ts.clone(), goc.clone()} {
		server.do("GET", "/get-session", nil, append(h, "x-api-key", goKey)...)
		server.expect(200, "*")
		if r, n := remaining(); r != 2-i || n != before+i+1 {
			t.Fatalf("after use %d (%s): remaining %d, requestCount %d", i+1, server.base, r, n)
		}
	}
	last := ts.clone()
	last.do("GET", "/get-session", nil, append(h, "x-api-key", goKey)...)
	last.expectError(429, "USAGE_EXCEEDED", "API Key has reached its usage limit")
	if n := count(t, db, dialect, "apikey", q(dialect, "id")+" = "+ph(dialect, 1), fromGo["id"]); n != 0 {
		t.Fatal("the spent key was not deleted")
	}
	gone := goc.clone()
	gone.do("GET", "/get-session", nil, append(h, "x-api-key", goKey)...)
	gone.expectError(401, "INVALID_API_KEY", "Invalid API key.")

	// An update on Go is what TypeScript lists.
	aliceGo.do("POST", "/api-key/update", map[string]any{"keyId": fromTS["id"], "name": "renamed", "metadata": map[string]any{"plan": "team"}})
	aliceGo.expect(200, "*")
	list := alice.rawOf("GET", "/api-key/list")
	if !strings.Contains(string(list), `"name":"renamed"`) || !strings.Contains(string(list), `"metadata":{"plan":"team"}`) || !strings.Contains(string(list), `"total":1`) {
		t.Fatalf("TypeScript list after a Go update: %s", list)
	}

	// VerifyAPIKey from Go code: the TypeScript key, its permissions, and
	// a use counted like any other.
	ctx := context.Background()
	var n0 int
	countOf := func() int {
		var n int
		if err := db.QueryRow("SELECT "+q(dialect, "requestCount")+" FROM "+q(dialect, "apikey")+" WHERE "+q(dialect, "id")+" = "+ph(dialect, 1), fromTS["id"]).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	n0 = countOf()
	v, err := plugins.VerifyAPIKey(ctx, a, tsKey, plugins.VerifyAPIKeyOptions{Permissions: map[string][]string{"files": {"read"}}})
	if err != nil || !v.Valid || v.Error != nil || !strings.Contains(string(v.Key), `"name":"renamed"`) || strings.Contains(string(v.Key), `"key"`) {
		t.Fatalf("VerifyAPIKey = %+v, %v", v, err)
	}
	if countOf() != n0+1 {
		t.Fatalf("VerifyAPIKey did not count the use: %d → %d", n0, countOf())
	}
	v, err = plugins.VerifyAPIKey(ctx, a, tsKey, plugins.VerifyAPIKeyOptions{Permissions: map[string][]string{"files": {"write"}}})
	if err != nil || v.Valid || v.Error == nil || v.Error.Code != "KEY_NOT_FOUND" {
		t.Fatalf("VerifyAPIKey without the permission = %+v, %v", v, err)
	}
	v, err = plugins.VerifyAPIKey(ctx, a, goKey, plugins.VerifyAPIKeyOptions{})
	if err != nil || v.Valid || v.Error == nil || v.Error.Code != "INVALID_API_KEY" || v.Error.Status != 401 {
		t.Fatalf("VerifyAPIKey of a deleted key = %+v, %v", v, err)
	}
	// APIKeySession: the session a request's key makes, for Go handlers
	// behind the auth handler.
	r := httptest.NewRequest("GET", "/api/data", nil)
	if sd, err := plugins.APIKeySession(ctx, a, r); sd != nil || err != nil {
		t.Fatalf("APIKeySession without a key = %+v, %v", sd, err)
	}
	r.Header.Set("x-api-key", tsKey)
	r.Header.Set("User-Agent", "go-server")
	sd, err := plugins.APIKeySession(ctx, a, r)
	if err != nil || sd == nil || sd.User.ID != aliceID || sd.Session.Token != tsKey || sd.Session.ID != fromTS["id"] || sd.Session.UserAgent != "go-server" {
		t.Fatalf("APIKeySession = %+v, %v", sd, err)
	}
	n0++
	alice.do("POST", "/api-key/update", map[string]any{"keyId": fromTS["id"], "enabled": false})
	alice.expect(200, "*")
	var api *core.APIError
	if sd, err := plugins.APIKeySession(ctx, a, r); sd != nil || !errors.As(err, &api) || api.Code != "KEY_DISABLED" || api.Status != 401 {
		t.Fatalf("APIKeySession with a disabled key = %+v, %v", sd, err)
	}
	// CreateAPIKey: a server-side key with the properties requests cannot
	// set, read and used by TypeScript.
	one := int64(1)
	cr, err := plugins.CreateAPIKey(ctx, a, plugins.APIKeyCreate{UserID: aliceID, Name: "server", Remaining: &one,
		RefillAmount: 5, RefillInterval: 3600000, Metadata: []byte(`{"z":1, "a":[2]}`), Permissions: map[string][]string{"files": {"read", "write"}}})
	if err != nil || !strings.Contains(string(cr.JSON), `"key":"`+cr.Key+`"`) {
		t.Fatalf("CreateAPIKey = %+v, %v", cr, err)
	}
	tsView = alice.rawOf("GET", "/api-key/get?id="+cr.ID)
	for _, want := range []string{`"name":"server"`, `"remaining":1`, `"refillAmount":5`, `"refillInterval":3600000`,
		`"permissions":{"files":["read","write"]}`, `"metadata":{"z":1,"a":[2]}`} {
		if !strings.Contains(string(tsView), want) {
			t.Fatalf("TypeScript reading a CreateAPIKey key: no %s in %s", want, tsView)
		}
	}
	viaTS := ts.clone()
	viaTS.do("GET", "/get-session", nil, append(h, "x-api-key", cr.Key)...)
	viaTS.expect(200, "*")
	viaGo := goc.clone()
	viaGo.do("GET", "/get-session", nil, append(h, "x-api-key", cr.Key)...)
	viaGo.expectError(429, "USAGE_EXCEEDED", "API Key has reached its usage limit")
	if _, err := plugins.CreateAPIKey(ctx, a, plugins.APIKeyCreate{UserID: aliceID, RefillAmount: 5}); !errors.As(err, &api) || api.Code != "REFILL_AMOUNT_AND_INTERVAL_REQUIRED" {
		t.Fatalf("CreateAPIKey with a refill amount alone: %v", err)
	}
	// TypeScript sees the uses Go counted.
	tsView = alice.rawOf("GET", "/api-key/get?id="+fromTS["id"].(string))
	if !strings.Contains(string(tsView), `"requestCount":`) || countOf() != n0+1 {
		t.Fatalf("TypeScript view after VerifyAPIKey: %s", tsView)
	}
}

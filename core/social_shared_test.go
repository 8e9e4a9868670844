package core_test

import (
	"database/sql"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/social"
)

// socialShared starts the Go handler and the TypeScript server on one
// SQLite database and secret, both with GitLab at op and EncryptOAuthTokens,
// and with the same baseURL (the Go server's), so a flow started on one
// can finish on the other. It returns a browser for each.
func socialShared(t *testing.T, op *testOP, strategy string) (goB, tsB *browser, db *sql.DB) {
	t.Helper()
	dir, node := npmWire(t)
	path, db := sharedSQLite(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	origin := "http://" + ln.Addr().String()
	o := core.Options{BaseURL: origin, Secret: testSecret, Database: core.Database{Dialect: core.DialectSQLite, DB: db},
		EmailAndPassword: core.EmailAndPassword{Enabled: true},
		Account:          core.AccountOptions{EncryptOAuthTokens: true, StoreStateStrategy: strategy},
		SocialProviders: []core.SocialProvider{social.GitLab(social.GitLabOptions{
			Options: social.Options{ClientID: op.clientID, ClientSecret: op.secret}, Issuer: op.issuer})}}
	a := core.New(o)
	createTables(t, db, core.DialectSQLite, a)
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: a.Handler()}}
	srv.Start()
	t.Cleanup(srv.Close)
	account := map[string]any{"encryptOAuthTokens": true}
	if strategy != "" {
		account["storeStateStrategy"] = strategy
	}
	opts, _ := json.Marshal(map[string]any{"account": account, "socialProviders": map[string]any{"gitlab": map[string]any{
		"clientId": op.clientID, "clientSecret": op.secret, "issuer": op.issuer}}})
	tsBase := startTS(t, dir, node, path, "OPTIONS="+string(opts), "BETTER_AUTH_URL="+origin)
	goB, tsB = newBrowser(t, origin), newBrowser(t, tsBase)
	tsB.app = origin // the app's origin, TypeScript's baseURL
	return goB, tsB, db
}

// handOver gives to the cookies of from (a browser of the other server,
// same baseURL).
func handOver(from, to *browser) {
	to.jar, to.order = map[string]string{}, nil
	for _, n := range from.order {
		if v, ok := from.jar[n]; ok {
			to.jar[n], to.order = v, append(to.order, n)
		}
	}
}

// finishOn starts a social sign-in on start, follows the provider and
// delivers the callback to finish (with start's cookies).
func finishOn(t *testing.T, start, finish *browser, body map[string]any) {
	t.Helper()
	res := start.do("POST", "/sign-in/social", body)
	if start.status != 200 {
		t.Fatalf("sign-in/social on %s: %d %s", start.origin, start.status, start.raw)
	}
	cb := start.followToProvider(jsonKey(res, "url"))
	// The callback URL names the shared baseURL (the Go server's): send it
	// to finish's own origin.
	cb = finish.base + cb[strings.Index(cb, "/callback/"):]
	handOver(start, finish)
	finish.do("GET", cb, nil)
	if finish.status != http.StatusFound || strings.Contains(finish.header.Get("Location"), "error") {
		t.Fatalf("callback on %s: %d %s", finish.origin, finish.status, finish.header.Get("Location"))
	}
}

// TestSharedDatabaseSocial: Go and Better Auth 1.7.5 on one database.
// A social sign-in started on one server finishes on the other (the
// state in the verification row and signed cookie, or in the encrypted
// oauth_state cookie); tokens one server encrypts the other decrypts
// (get-access-token answers a token the provider accepts); an account
// linked through Go is listed by TypeScript; a refresh through Go is the
// token TypeScript then answers.
func TestSharedDatabaseSocial(t *testing.T) {
	for _, strategy := range []string{"", "cookie"} {
		t.Run("state="+strategy, func(t *testing.T) {
			op := newTestOP(t)
			op.addUser(opUser{ID: 7, Sub: "s7", Username: "grace", Name: "Grace Hopper", Email: "grace@example.com", EmailVerified: true})
			op.addUser(opUser{ID: 8, Sub: "s8", Username: "bob", Name: "Bob", Email: "bob@example.com", EmailVerified: true})
			goB, tsB, db := socialShared(t, op, strategy)
			body := map[string]any{"provider": "gitlab", "callbackURL": "/dashboard", "loginHint": "grace@example.com"}

			// Started on Go, finished on TypeScript, and back.
			finishOn(t, goB, tsB, body)
			if tsB.header.Get("Location") != "/dashboard" {
				t.Fatalf("TypeScript callback: %s", tsB.header.Get("Location"))
			}
			handOver(tsB, goB)
			s := obj(goB.do("GET", "/get-session", nil))
			if obj(s["user"])["email"] != "grace@example.com" || obj(s["user"])["emailVerified"] != true {
				t.Fatalf("Go reading the session TypeScript made: %s", goB.raw)
			}
			finishOn(t, tsB, goB, body)
			handOver(goB, tsB)
			if obj(obj(tsB.do("GET", "/get-session", nil))["user"])["email"] != "grace@example.com" {
				t.Fatalf("TypeScript reading the session Go made: %s", tsB.raw)
			}

			// The account's tokens, last written (encrypted) by Go, through
			// TypeScript; then refreshed by Go and read by TypeScript.
			list, _ := tsB.do("GET", "/list-accounts", nil).([]any)
			if len(list) != 1 {
				t.Fatalf("list-accounts: %s", tsB.raw)
			}
			id := jsonKey(list[0], "id")
			at := jsonKey(tsB.do("POST", "/get-access-token", map[string]any{"accountId": id}), "accessToken")
			if !op.live(at) {
				t.Fatalf("TypeScript decrypting Go's token: %d %s", tsB.status, tsB.raw)
			}
			var stored string
			if err := db.QueryRow(`SELECT accessToken FROM account WHERE id = ?`, id).Scan(&stored); err != nil || !encryptedHex.MatchString(stored) {
				t.Fatalf("stored access token %q is not encrypted (%v)", stored, err)
			}
			refreshed := jsonKey(goB.do("POST", "/refresh-token", map[string]any{"accountId": id}), "accessToken")
			if goB.status != 200 || !op.live(refreshed) || refreshed == at {
				t.Fatalf("Go refresh-token: %d %s", goB.status, goB.raw)
			}
			if got := jsonKey(tsB.do("POST", "/get-access-token", map[string]any{"accountId": id}), "accessToken"); got != refreshed {
				t.Fatalf("TypeScript after Go's refresh: %s, want %s", tsB.raw, refreshed)
			}
			refreshed = jsonKey(tsB.do("POST", "/refresh-token", map[string]any{"accountId": id}), "accessToken")
			if got := jsonKey(goB.do("POST", "/get-access-token", map[string]any{"accountId": id}), "accessToken"); got != refreshed || !op.live(got) {
				t.Fatalf("Go after TypeScript's refresh: %s, want %s", goB.raw, refreshed)
			}

			// link-social through Go for an email user; TypeScript lists it.
			bob := newBrowser(t, goB.origin)
			bob.do("POST", "/sign-up/email", map[string]any{"name": "Bob", "email": "bob@example.com", "password": password})
			res := bob.do("POST", "/link-social", map[string]any{"provider": "gitlab", "callbackURL": "/linked", "loginHint": "bob@example.com"})
			if bob.status != 200 {
				t.Fatalf("link-social: %d %s", bob.status, bob.raw)
			}
			bob.do("GET", bob.followToProvider(jsonKey(res, "url")), nil)
			if bob.status != http.StatusFound || bob.header.Get("Location") != "/linked" {
				t.Fatalf("link callback: %d %s", bob.status, bob.header.Get("Location"))
			}
			bobTS := newBrowser(t, tsB.origin)
			bobTS.app = goB.origin
			handOver(bob, bobTS)
			list, _ = bobTS.do("GET", "/list-accounts", nil).([]any)
			var providers []string
			for _, a := range list {
				providers = append(providers, jsonKey(a, "providerId")+":"+jsonKey(a, "accountId"))
			}
			if strings.Join(providers, ",") != "credential:"+jsonKey(obj(obj(bobTS.do("GET", "/get-session", nil))["user"]), "id")+",gitlab:8" {
				t.Fatalf("TypeScript listing Go's link: %v", providers)
			}
		})
	}
}

// encryptedHex is symmetricEncrypt's output: a 24-byte nonce, the
// ciphertext and a 16-byte tag, in lower hex.
var encryptedHex = regexp.MustCompile(`^[0-9a-f]{90,}$`)

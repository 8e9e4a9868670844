package core_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/authctl/authctl/core"
)

// Versioned secrets (BETTER_AUTH_SECRETS, Options.Secrets) as in Better
// Auth 1.7.5: the first entry signs and verifies cookies, the others only
// decrypt; they win over BETTER_AUTH_SECRET and Options.Secret. These tests
// set environment variables, so none of them is parallel.

const (
	rotatedSecret = "rotated-secret-v2-0123456789abcdefghijklmnopqrstuvwxyzABCD"
	retiredSecret = "retired-secret-v1-0123456789abcdefghijklmnopqrstuvwxyzABCD"
	secretsEnv    = "2:" + rotatedSecret + ", 1:" + retiredSecret
)

// clearSecretEnv unsets every variable the secret comes from, for this test.
func clearSecretEnv(t *testing.T) {
	t.Helper()
	for _, v := range []string{"BETTER_AUTH_SECRETS", "BETTER_AUTH_SECRET", "AUTH_SECRET", "NODE_ENV"} {
		t.Setenv(v, "")
	}
}

// withCookie is c with only the session cookie value v.
func withCookie(c *client, v string) *client {
	d := c.clone()
	d.jar, d.order = map[string]string{"better-auth.session_token": v}, []string{"better-auth.session_token"}
	return d
}

func TestSecretsSharedWithTypeScript(t *testing.T) {
	dir, node := npmWire(t)
	clearSecretEnv(t)
	t.Setenv("BETTER_AUTH_SECRETS", secretsEnv)
	path, db := sharedSQLite(t)
	// Options.Secret is testSecret, as server.mjs passes secret:
	// BETTER_AUTH_SECRET (testSecret): BETTER_AUTH_SECRETS wins on both.
	a := core.New(core.Options{Secret: testSecret, Database: core.Database{Dialect: core.DialectSQLite, DB: db},
		EmailAndPassword: core.EmailAndPassword{Enabled: true}})
	createTables(t, db, core.DialectSQLite, a)
	goc := startServer(t, a)
	ts := &client{t: t, base: startTS(t, dir, node, path, "BETTER_AUTH_SECRETS="+secretsEnv) + "/api/auth", jar: map[string]string{}}

	// TypeScript signs with the first entry; Go accepts its cookie.
	ts.signUp("from-ts@example.com", password)
	tsToken := ts.sessionToken()
	if got, want := ts.jar["better-auth.session_token"], signCookie(rotatedSecret, tsToken); got != want {
		t.Fatalf("TypeScript cookie %q, want it signed with the first entry %q", got, want)
	}
	s := obj(withCookie(goc, ts.jar["better-auth.session_token"]).do("GET", "/get-session", nil))
	if obj(s["user"])["email"] != "from-ts@example.com" {
		t.Fatalf("Go reading a TypeScript session: %v", s)
	}

	// Go signs with the first entry; TypeScript accepts its cookie.
	goc.signUp("from-go@example.com", password)
	goToken := goc.sessionToken()
	if got, want := goc.jar["better-auth.session_token"], signCookie(rotatedSecret, goToken); got != want {
		t.Fatalf("Go cookie %q, want it signed with the first entry %q", got, want)
	}
	viaTS := withCookie(ts, goc.jar["better-auth.session_token"])
	s = obj(viaTS.do("GET", "/get-session", nil))
	if obj(s["user"])["email"] != "from-go@example.com" || obj(s["session"])["token"] != goToken {
		t.Fatalf("TypeScript reading a Go session: %s", viaTS.raw)
	}

	// A cookie signed with the older entry, or with BETTER_AUTH_SECRET, is
	// refused by both: only the first entry verifies.
	for _, secret := range []string{retiredSecret, testSecret} {
		for _, tok := range []string{tsToken, goToken} {
			for name, c := range map[string]*client{"Go": goc, "TypeScript": ts} {
				d := withCookie(c, signCookie(secret, tok))
				d.do("GET", "/get-session", nil)
				if d.status != 200 || string(d.raw) != "null" {
					t.Errorf("%s accepted a cookie signed with a secret other than the first entry: %d %s", name, d.status, d.raw)
				}
			}
		}
	}
}

// signedWith signs up on a fresh SQLite Auth built from o and reports
// whether the session cookie is signed with secret.
func signedWith(t *testing.T, o core.Options, secret string) bool {
	t.Helper()
	o.Database = core.Database{Dialect: core.DialectSQLite, DB: openDB(t, core.DialectSQLite)}
	o.EmailAndPassword.Enabled = true
	a := core.New(o)
	createTables(t, o.Database.DB, core.DialectSQLite, a)
	t.Cleanup(func() { a.Close() })
	c := startServer(t, a)
	c.signUp("p@example.com", password)
	return c.jar["better-auth.session_token"] == signCookie(secret, c.sessionToken())
}

func TestSecretsEnvPrecedence(t *testing.T) {
	clearSecretEnv(t)
	t.Setenv("BETTER_AUTH_SECRET", testSecret)
	t.Setenv("AUTH_SECRET", password+password)
	t.Setenv("BETTER_AUTH_SECRETS", secretsEnv)
	// BETTER_AUTH_SECRETS wins over BETTER_AUTH_SECRET and Options.Secret.
	if !signedWith(t, core.Options{}, rotatedSecret) {
		t.Error("BETTER_AUTH_SECRETS does not win over BETTER_AUTH_SECRET")
	}
	if !signedWith(t, core.Options{Secret: "options-secret-0123456789abcdefghijklmnopqrstuvwxyz"}, rotatedSecret) {
		t.Error("BETTER_AUTH_SECRETS does not win over Options.Secret")
	}
	// A single entry is enough; unset, BETTER_AUTH_SECRET is back.
	t.Setenv("BETTER_AUTH_SECRETS", "7:"+retiredSecret)
	if !signedWith(t, core.Options{}, retiredSecret) {
		t.Error("single-entry BETTER_AUTH_SECRETS")
	}
	t.Setenv("BETTER_AUTH_SECRETS", "")
	if !signedWith(t, core.Options{}, testSecret) {
		t.Error("without BETTER_AUTH_SECRETS, BETTER_AUTH_SECRET signs")
	}
}

// openErr opens an Auth built from o on SQLite and returns Open's error.
func openErr(t *testing.T, o core.Options) error {
	t.Helper()
	db := openDB(t, core.DialectSQLite)
	o.Database = core.Database{Dialect: core.DialectSQLite, DB: db}
	a := core.New(o)
	createTables(t, db, core.DialectSQLite, a)
	t.Cleanup(func() { a.Close() })
	return a.Open(context.Background())
}

func TestSecretsEnvMalformed(t *testing.T) {
	clearSecretEnv(t)
	t.Setenv("BETTER_AUTH_SECRET", testSecret)
	// Better Auth 1.7.5's messages (parseSecretsEnv, validateSecretsArray),
	// except that an entry without a colon, or a version that is not a
	// number, is not echoed: it may be (part of) a secret.
	for env, want := range map[string]string{
		"s3cr3t-value":                   `Invalid BETTER_AUTH_SECRETS entry 1. Expected format: "<version>:<secret>"`,
		"2:" + rotatedSecret + ",hunter": `Invalid BETTER_AUTH_SECRETS entry 2. Expected format: "<version>:<secret>"`,
		" ":                              `Invalid BETTER_AUTH_SECRETS entry 1. Expected format: "<version>:<secret>"`,
		"2:" + rotatedSecret + ",":       `Invalid BETTER_AUTH_SECRETS entry 2. Expected format: "<version>:<secret>"`,
		"v2:hunter2":                     `Invalid version in BETTER_AUTH_SECRETS entry 1. Version must be a non-negative integer.`,
		"-1:hunter2":                     `Invalid version in BETTER_AUTH_SECRETS entry 1. Version must be a non-negative integer.`,
		"3:  ":                           `Empty secret value for version 3 in BETTER_AUTH_SECRETS.`,
		"1:hunter2,1:hunter3":            "Duplicate version 1 in `secrets`. Each version must be unique.",
		"0:hunter2,-0:hunter3":           "Duplicate version 0 in `secrets`. Each version must be unique.",
	} {
		t.Setenv("BETTER_AUTH_SECRETS", env)
		err := openErr(t, core.Options{})
		if err == nil || err.Error() != want {
			t.Errorf("BETTER_AUTH_SECRETS=%q: Open = %v\nwant %s", env, err, want)
		}
		if err != nil && (strings.Contains(err.Error(), "hunter") || strings.Contains(err.Error(), "s3cr3t") || strings.Contains(err.Error(), rotatedSecret)) {
			t.Errorf("the error shows a secret: %v", err)
		}
	}
	// Lenient like JavaScript's parseInt and trim: "2x" is version 2.
	t.Setenv("BETTER_AUTH_SECRETS", " 2x : "+rotatedSecret+" ,+1:"+retiredSecret)
	if !signedWith(t, core.Options{}, rotatedSecret) {
		t.Error("lenient parse")
	}
}

func TestSecretsProductionRefusal(t *testing.T) {
	clearSecretEnv(t)
	err := openErr(t, core.Options{Production: true})
	if err == nil {
		t.Fatal("Open without a secret in production succeeded")
	}
	for _, name := range []string{"no secret in production", "BETTER_AUTH_SECRET ", "BETTER_AUTH_SECRETS", "Options.Secret ", "Options.Secrets"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("production refusal %q does not name %q", err, name)
		}
	}
	// NODE_ENV=production too, and the public default secret set on purpose
	// is refused as Better Auth 1.7.5 refuses it.
	t.Setenv("NODE_ENV", "production")
	if err := openErr(t, core.Options{}); err == nil || !strings.Contains(err.Error(), "no secret in production") {
		t.Errorf("NODE_ENV=production: Open = %v", err)
	}
	t.Setenv("BETTER_AUTH_SECRET", "better-auth-secret-12345678901234567890")
	if err := openErr(t, core.Options{}); err == nil || !strings.Contains(err.Error(), "no secret in production") {
		t.Errorf("the default secret in production: Open = %v", err)
	}
	// BETTER_AUTH_SECRETS alone is a secret.
	t.Setenv("BETTER_AUTH_SECRET", "")
	t.Setenv("BETTER_AUTH_SECRETS", secretsEnv)
	if err := openErr(t, core.Options{}); err != nil {
		t.Errorf("BETTER_AUTH_SECRETS in production: %v", err)
	}
}

// logBuffer is a slog.Logger's output, safe for concurrent handlers.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestSecretsDefaultSecretWarning(t *testing.T) {
	clearSecretEnv(t)
	var logs logBuffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	db := openDB(t, core.DialectSQLite)
	a := core.New(core.Options{Logger: logger, Database: core.Database{Dialect: core.DialectSQLite, DB: db}, EmailAndPassword: core.EmailAndPassword{Enabled: true}})
	createTables(t, db, core.DialectSQLite, a)
	t.Cleanup(func() { a.Close() })
	if err := a.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	c := startServer(t, a)
	c.signUp("d@example.com", password)
	for range 3 {
		c.do("GET", "/get-session", nil)
	}
	_ = a.Open(context.Background())
	out := logs.String()
	if n := strings.Count(out, "public default secret"); n != 1 {
		t.Fatalf("default-secret warning logged %d times:\n%s", n, out)
	}
	if !strings.Contains(out, "level=WARN") || !strings.Contains(out, "BETTER_AUTH_SECRETS") {
		t.Errorf("warning: %s", out)
	}
	if strings.Contains(out, "better-auth-secret-1234") {
		t.Errorf("the log shows the default secret: %s", out)
	}

	// A weak secret is warned about as 1.7.5 does, without its value; with
	// a strong one, nothing is logged.
	for _, o := range []struct {
		secret string
		want   []string
	}{
		{"hunter2hunter2", []string{"BETTER_AUTH_SECRET should be at least 32 characters", "BETTER_AUTH_SECRET appears low-entropy"}},
		{testSecret, nil},
	} {
		var logs logBuffer
		db := openDB(t, core.DialectSQLite)
		a := core.New(core.Options{Secret: o.secret, Logger: slog.New(slog.NewTextHandler(&logs, nil)), Database: core.Database{Dialect: core.DialectSQLite, DB: db}})
		createTables(t, db, core.DialectSQLite, a)
		if err := a.Open(context.Background()); err != nil {
			t.Fatal(err)
		}
		a.Close()
		out := logs.String()
		for _, w := range o.want {
			if !strings.Contains(out, w) {
				t.Errorf("secret %d chars: no %q in %s", len(o.secret), w, out)
			}
		}
		if len(o.want) == 0 && out != "" {
			t.Errorf("a strong secret logged: %s", out)
		}
		if strings.Contains(out, "hunter2") {
			t.Errorf("the log shows the secret: %s", out)
		}
	}
}

func TestSecretsOption(t *testing.T) {
	clearSecretEnv(t)
	t.Setenv("BETTER_AUTH_SECRET", testSecret)
	t.Setenv("BETTER_AUTH_SECRETS", "9:"+testSecret+"-env")
	// Options.Secrets wins over BETTER_AUTH_SECRETS, Secret and BETTER_AUTH_SECRET.
	o := core.Options{Secret: testSecret, Secrets: []core.VersionedSecret{{Version: 2, Value: rotatedSecret}, {Version: 1, Value: retiredSecret}}}
	if !signedWith(t, o, rotatedSecret) {
		t.Error("Options.Secrets does not win")
	}
	// Validated at Open as 1.7.5 validates secrets: [...].
	for _, c := range []struct {
		secrets []core.VersionedSecret
		want    string
	}{
		{[]core.VersionedSecret{}, "`secrets` array must contain at least one entry."},
		{[]core.VersionedSecret{{Version: -3, Value: "hunter2"}}, "Invalid version -3 in `secrets`. Version must be a non-negative integer."},
		{[]core.VersionedSecret{{Version: 1, Value: rotatedSecret}, {Version: 0}}, "Empty secret value for version 0 in `secrets`."},
		{[]core.VersionedSecret{{Version: 1, Value: rotatedSecret}, {Version: 1, Value: "hunter2"}}, "Duplicate version 1 in `secrets`. Each version must be unique."},
	} {
		if err := openErr(t, core.Options{Secrets: c.secrets}); err == nil || err.Error() != c.want {
			t.Errorf("Secrets %d entries: Open = %v, want %s", len(c.secrets), err, c.want)
		}
	}
	// A weak current secret is warned about without its value.
	var logs logBuffer
	err := openErr(t, core.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil)), Secrets: []core.VersionedSecret{{Version: 5, Value: "hunter2hunter2"}, {Version: 4, Value: rotatedSecret}}})
	if err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if !strings.Contains(out, "the current secret (version 5) should be at least 32 characters") || !strings.Contains(out, "the current secret appears low-entropy") || strings.Contains(out, "hunter2") || strings.Contains(out, "default secret") {
		t.Errorf("logs: %s", out)
	}
}

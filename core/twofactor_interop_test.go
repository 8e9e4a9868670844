package core_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// tfBrowser is one cookie jar used against either server.
type tfBrowser struct {
	jar   map[string]string
	order []string
}

func (b *tfBrowser) do(c *client, method, path string, body any) map[string]any {
	c.t.Helper()
	c.jar, c.order = b.jar, b.order
	out := obj(c.do(method, path, body))
	b.order = c.order
	return out
}

func newTFBrowser() *tfBrowser { return &tfBrowser{jar: map[string]string{}} }

// codeFor is the current TOTP code of an otpauth URI.
func codeFor(t *testing.T, uri string) string {
	t.Helper()
	u, err := url.Parse(uri)
	if err != nil {
		t.Fatal(err)
	}
	code, err := totp.GenerateCodeCustom(u.Query().Get("secret"), time.Now(), totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// enableTOTP turns TOTP on for the tfBrowser's user through c and returns
// the URI and the backup codes.
func enableTOTP(t *testing.T, b *tfBrowser, c *client) (string, []string) {
	t.Helper()
	res := b.do(c, "POST", "/two-factor/enable", map[string]any{"password": password})
	c.expect(200, "*")
	uri, _ := res["totpURI"].(string)
	var codes []string
	for _, x := range res["backupCodes"].([]any) {
		codes = append(codes, x.(string))
	}
	b.do(c, "POST", "/two-factor/verify-totp", map[string]any{"code": codeFor(t, uri)})
	c.expect(200, "*")
	return uri, codes
}

// challenged requires a sign-in through c to answer the 2FA challenge and
// no session.
func challenged(t *testing.T, b *tfBrowser, c *client, email string) {
	t.Helper()
	res := b.do(c, "POST", "/sign-in/email", map[string]any{"email": email, "password": password})
	if c.status != 200 || res["twoFactorRedirect"] != true || res["token"] != nil {
		t.Fatalf("sign-in of %s on %s: %d %s", email, c.base, c.status, c.raw)
	}
	if b.do(c, "GET", "/get-session", nil); string(c.raw) != "null" {
		t.Fatalf("a challenged sign-in has a session: %s", c.raw)
	}
	if b.jar["better-auth.session_token"] != "" || b.jar["better-auth.two_factor"] == "" {
		t.Fatalf("cookies after a challenged sign-in: %v", b.jar)
	}
}

// signedInAs requires the tfBrowser to have a session for email on c.
func signedInAs(t *testing.T, b *tfBrowser, c *client, email string) {
	t.Helper()
	if u := obj(b.do(c, "GET", "/get-session", nil)["user"]); u["email"] != email || u["twoFactorEnabled"] != true {
		t.Fatalf("get-session on %s: %s", c.base, c.raw)
	}
}

// 2FA set up on one server is enforced and completed by the other, on
// one SQLite database with one secret: secrets and backup codes are
// encrypted as 1.7.5 encrypts them, and the two_factor and trust_device
// cookies are signed alike.
func TestTwoFactorAcrossServers(t *testing.T) {
	dir, node := npmWire(t)
	path, db := sharedSQLite(t)
	a := core.New(core.Options{Secret: testSecret, Database: core.Database{Dialect: core.DialectSQLite, DB: db},
		EmailAndPassword: core.EmailAndPassword{Enabled: true}, Plugins: []core.Plugin{plugins.TwoFactor()}})
	createTables(t, db, core.DialectSQLite, a)
	t.Cleanup(func() { a.Close() })
	goc := startServer(t, a)
	ts := &client{t: t, base: startTS(t, dir, node, path, "TWO_FACTOR_PLUGIN={}") + "/api/auth", jar: map[string]string{}}
	ts.origin = strings.TrimSuffix(ts.base, "/api/auth")

	for _, tc := range []struct {
		name          string
		setup, verify *client
	}{{"enabled on TypeScript", ts, goc}, {"enabled on Go", goc, ts}} {
		t.Run(tc.name, func(t *testing.T) {
			goc.t, ts.t = t, t
			email := strings.ReplaceAll(strings.ToLower(tc.name), " ", "-") + "@example.com"
			b := newTFBrowser()
			b.do(tc.setup, "POST", "/sign-up/email", map[string]any{"name": "U", "email": email, "password": password})
			tc.setup.expect(200, "*")
			uri, backup := enableTOTP(t, b, tc.setup)
			b.do(tc.setup, "POST", "/sign-out", nil)

			// The other server challenges the sign-in; a wrong code fails,
			// the code of the secret the first server stored passes.
			challenged(t, b, tc.verify, email)
			b.do(tc.verify, "POST", "/two-factor/verify-totp", map[string]any{"code": "12345"})
			tc.verify.expectError(401, "INVALID_CODE", "Invalid code")
			b.do(tc.verify, "POST", "/two-factor/verify-totp", map[string]any{"code": codeFor(t, uri), "trustDevice": true})
			tc.verify.expect(200, "*")
			signedInAs(t, b, tc.verify, email)
			b.do(tc.verify, "POST", "/sign-out", nil)

			// The device trusted by one server is trusted by the other.
			b.do(tc.setup, "POST", "/sign-in/email", map[string]any{"email": email, "password": password})
			tc.setup.expect(200, "*")
			signedInAs(t, b, tc.setup, email)
			b.do(tc.setup, "POST", "/sign-out", nil)
			delete(b.jar, "better-auth.trust_device")

			// A challenge started on one server is completed on the other
			// with a backup code the first server generated; a used code
			// fails on both.
			challenged(t, b, tc.setup, email)
			b.do(tc.verify, "POST", "/two-factor/verify-backup-code", map[string]any{"code": backup[0]})
			tc.verify.expect(200, "*")
			signedInAs(t, b, tc.setup, email)
			for _, c := range []*client{tc.setup, tc.verify} {
				b.do(c, "POST", "/two-factor/verify-backup-code", map[string]any{"code": backup[0]})
				c.expectError(401, "INVALID_BACKUP_CODE", "Invalid backup code")
			}

			// New codes from the verifying server work on the first one.
			res := b.do(tc.verify, "POST", "/two-factor/generate-backup-codes", map[string]any{"password": password})
			tc.verify.expect(200, "*")
			fresh := res["backupCodes"].([]any)
			b.do(tc.setup, "POST", "/sign-out", nil)
			challenged(t, b, tc.verify, email)
			b.do(tc.setup, "POST", "/two-factor/verify-backup-code", map[string]any{"code": backup[1]})
			tc.setup.expectError(401, "INVALID_BACKUP_CODE", "Invalid backup code")
			b.do(tc.setup, "POST", "/two-factor/verify-backup-code", map[string]any{"code": fresh[0]})
			tc.setup.expect(200, "*")
			signedInAs(t, b, tc.verify, email)

			// Disabled on the other server: the first signs in directly.
			b.do(tc.verify, "POST", "/two-factor/disable", map[string]any{"password": password})
			tc.verify.expect(200, `{"status":true}`)
			b.do(tc.setup, "POST", "/sign-out", nil)
			res = b.do(tc.setup, "POST", "/sign-in/email", map[string]any{"email": email, "password": password})
			if tc.setup.status != 200 || res["token"] == nil {
				t.Fatalf("sign-in after disable: %d %s", tc.setup.status, tc.setup.raw)
			}
		})
	}
}

package core_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestEmailOTPWithOfficialClient: Better Auth 1.7.5's better-auth/client
// with emailOTPClient() (testdata/emailOTP-client.mjs) signs up by code,
// resets the password by code and changes the email by code against the
// Go handler, reading the codes from the test's outbox.
func TestEmailOTPWithOfficialClient(t *testing.T) {
	run := clientScript(t, "emailOTP-client.mjs")
	box := &signInBox{}
	origin := serveOn(t, func(origin string) http.Handler {
		o := enabled(core.Options{Plugins: []core.Plugin{plugins.EmailOTP(plugins.EmailOTPOptions{SendVerificationOTP: box.emailOTP,
			ChangeEmail: plugins.EmailOTPChangeEmail{Enabled: true}})}})
		db := newWireDB(t, core.DialectSQLite, o, "otp-client")
		o.BaseURL, o.Secret, o.Database = origin, testSecret, db.database()
		a := core.New(o)
		t.Cleanup(func() { a.Close() })
		return outboxHandler(a, box)
	})
	out, err := run(origin+"/api/auth", "otp.client@example.com")
	if err != nil {
		t.Fatalf("emailOTP-client.mjs: %v\n%s", err, out)
	}
	var got struct{ User map[string]any }
	if err := json.Unmarshal([]byte(out[strings.LastIndexByte(out, '\n')+1:]), &got); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	if got.User["name"] != "OTP Client" || got.User["email"] != "moved.otp.client@example.com" {
		t.Fatalf("session user: %v", got.User)
	}
	// The script can fail: the moved address is taken now, so no code is
	// sent for it.
	if out, err := run(origin+"/api/auth", "otp.client@example.com"); err == nil || !strings.HasPrefix(out, "FAIL: outbox: []") {
		t.Fatalf("emailOTP-client.mjs again: %v\n%s", err, out)
	}
}

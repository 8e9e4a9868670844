package core_test

import (
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestPhoneNumberWithOfficialClient: Better Auth 1.7.5's client with
// phoneNumberClient() (testdata/phonenumber-client.mjs) signs up by
// verifying a number, resets its password by code and signs in with it;
// the codes reach the script through /__test/outbox.
func TestPhoneNumberWithOfficialClient(t *testing.T) {
	box := &outbox{}
	h := startClientHarness(t, "phonenumber-client.mjs", enabled(core.Options{Plugins: []core.Plugin{plugins.PhoneNumber(phoneOptions(box, true, true, false))}}), func() any { return box.take() })
	if u := h.user("+15557000"); u["phoneNumber"] != "+15557000" || u["email"] != "15557000@phone.test" {
		t.Fatalf("session user: %v", u)
	}
	// The script can fail: the validator refuses a number without "+".
	if out, err := h.run("15557000"); err == nil || !strings.HasPrefix(out, "FAIL: phoneNumber.sendOtp:") {
		t.Fatalf("with an invalid number: %v %s", err, out)
	}
}

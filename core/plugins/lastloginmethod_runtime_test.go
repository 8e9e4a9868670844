package plugins

import "testing"

// The built-in rules, as 1.7.5's defaultResolveMethod.
func TestDefaultLoginMethod(t *testing.T) {
	for path, want := range map[string]string{"/callback/google": "google", "/sign-up/email": "email", "/sign-in/email": "email",
		"/siwe/verify": "siwe", "/passkey/verify-authentication": "passkey", "/magic-link/verify": "magic-link",
		"/sign-in/email-otp": "email-otp", "/sign-in/phone-number": "", "/sign-in/social": "", "/oauth2/callback/x": "", "": ""} {
		if got := defaultLoginMethod(path); got != want {
			t.Errorf("%q: %q, want %q", path, got, want)
		}
	}
}

package plugins

import "github.com/authctl/authctl/core"

// CaptchaOptions configures Captcha. Captcha has no tables, so Schema must be empty;
// it exists because every plugin takes Better Auth's schema option.
type CaptchaOptions struct {
	Schema Schema
}

// Captcha checks a CAPTCHA (Turnstile, reCAPTCHA, hCaptcha, …) on sign-up and sign-in (Better Auth's captcha, id "captcha"). It adds no tables or columns.
func Captcha(opts ...CaptchaOptions) core.Plugin {
	o, err := one(opts)
	return noTables("captcha", "captcha", "CaptchaOptions", err, o.Schema)
}

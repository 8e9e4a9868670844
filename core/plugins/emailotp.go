package plugins

import "github.com/authctl/authctl/core"

// EmailOTPOptions configures EmailOTP, mirroring Better Auth 1.7.5's
// EmailOTPOptions.
type EmailOTPOptions struct {
	// Schema must be empty: EmailOTP has no tables (it exists because
	// every plugin takes Better Auth's schema option).
	Schema Schema
	// SendVerificationOTP delivers a code (sendVerificationOTP;
	// required). Its error is logged, not answered, as Better Auth's
	// runInBackgroundOrAwait does.
	SendVerificationOTP func(x *core.Context, m EmailOTPMessage) error
	// OTPLength is the length of the default codes (otpLength); 0
	// means 6.
	OTPLength int
	// ExpiresIn is a code's lifetime in seconds (expiresIn); 0 means
	// 300.
	ExpiresIn int
	// GenerateOTP makes a code for the email and type (generateOTP); nil,
	// or "" returned: OTPLength random digits.
	GenerateOTP func(x *core.Context, email, otpType string) string
	// SendVerificationOnSignUp sends an "email-verification" code after
	// each sign-up (sendVerificationOnSignUp).
	SendVerificationOnSignUp bool
	// DisableSignUp refuses /sign-in/email-otp for emails without a user
	// (disableSignUp) and sends no "sign-in" code to them.
	DisableSignUp bool
	// AllowedAttempts is how many wrong codes a code survives
	// (allowedAttempts); 0 means 3.
	AllowedAttempts int
	// StoreOTP is how codes are stored (storeOTP): "plain" (""),
	// "hashed" (base64url of SHA-256) or "encrypted" (with the server's
	// secret, as Better Auth's symmetricEncrypt).
	StoreOTP string
	// HashOTP stores a code as this function's result (storeOTP {hash});
	// StoreOTP must then be "".
	HashOTP func(otp string) (string, error)
	// EncryptOTP and DecryptOTP store a code encrypted your way (storeOTP
	// {encrypt, decrypt}); both or neither, and StoreOTP "".
	EncryptOTP, DecryptOTP func(s string) (string, error)
	// ResendStrategy is "rotate" ("": a new code every time) or "reuse"
	// (the live code is sent again with a new expiry, when it can be
	// read back: not with hashed codes) (resendStrategy).
	ResendStrategy string
	// ChangeEmail turns on /email-otp/request-email-change and
	// /email-otp/change-email (changeEmail).
	ChangeEmail EmailOTPChangeEmail
	// OverrideDefaultEmailVerification sends codes instead of links for
	// email verification (overrideDefaultEmailVerification). The Go
	// handler honours it only where it has no effect in 1.7.5 either:
	// with EmailVerification.SendVerificationEmail set (your own sender
	// wins). Without one Open fails, naming it. With it the sign-up hook
	// of SendVerificationOnSignUp is off, as in 1.7.5.
	OverrideDefaultEmailVerification bool
	// RateLimit is the rule on each of the plugin's endpoints
	// (rateLimit); a zero Window means 60 seconds, a zero Max 3.
	RateLimit PluginRateLimitOptions
}

// EmailOTPChangeEmail is the changeEmail option.
type EmailOTPChangeEmail struct {
	// Enabled turns the change-email endpoints on.
	Enabled bool
	// VerifyCurrentEmail requires an "email-verification" code sent to
	// the current address with the request.
	VerifyCurrentEmail bool
}

// EmailOTPMessage is what SendVerificationOTP delivers: the address, the
// code, and its type: "sign-in", "email-verification",
// "forget-password" or "change-email".
type EmailOTPMessage struct {
	Email, OTP, Type string
}

// EmailOTP signs users in, verifies emails, resets passwords and changes
// emails with one-time codes (Better Auth's emailOTP, id "email-otp");
// its codes live in the verification table, and it adds no tables or
// columns. Its runtime is in emailotp_runtime.go.
func EmailOTP(opts ...EmailOTPOptions) core.Plugin {
	o, err := one(opts)
	return &emailOTPPlugin{plugin: &plugin{id: "email-otp", optErr: err, schema: o.Schema,
		rules: rules{options: "EmailOTPOptions", plugin: "emailOTP"}}, o: o}
}

type emailOTPPlugin struct {
	*plugin
	o EmailOTPOptions
}

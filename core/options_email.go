package core

import (
	"context"
	"net/http"
	"time"
)

// EmailAndPassword configures email and password authentication (Better
// Auth's emailAndPassword).
type EmailAndPassword struct {
	Enabled bool
	// MinPasswordLength defaults to 8; MaxPasswordLength to 128.
	MinPasswordLength int
	MaxPasswordLength int
	// DisableSignUp turns off POST /sign-up/email.
	DisableSignUp bool
	// AutoSignIn, when explicitly false, makes sign-up return no session
	// (and answer a duplicate email like a new one, against enumeration).
	// Default true.
	AutoSignIn *bool
	// RequireEmailVerification refuses sign-in (403 EMAIL_NOT_VERIFIED)
	// until user.emailVerified is true, and sign-up returns no session.
	RequireEmailVerification bool
	// SendResetPassword sends the password-reset link
	// (POST /request-password-reset): Email.URL is
	// <base URL>/reset-password/<token>?callbackURL=<redirectTo>, which
	// redirects to redirectTo with ?token=<token> (or ?error=INVALID_TOKEN)
	// for the page that then calls POST /reset-password. Without it that
	// endpoint answers 400 RESET_PASSWORD_DISABLED, as in Better Auth. Its
	// error is logged, not answered: the endpoint never tells whether the
	// email exists.
	SendResetPassword SendEmailFunc
	// ResetPasswordTokenExpiresIn defaults to 1 hour.
	ResetPasswordTokenExpiresIn time.Duration
	// OnPasswordReset runs after a password was reset (before the sessions
	// are revoked); its error fails the request, the password changed.
	OnPasswordReset func(ctx context.Context, user User, r *http.Request) error
	// RevokeSessionsOnPasswordReset deletes the user's sessions when the
	// password is reset.
	RevokeSessionsOnPasswordReset bool
	// Password replaces the scrypt hashing wherever the handler hashes or
	// checks a password (sign-up, sign-in, change-password,
	// reset-password, verify-password, the username plugin's sign-in).
	// Each function left nil is scrypt's, as in Better Auth.
	Password PasswordFuncs
	// OnExistingUserSignUp runs when a sign-up names an existing email
	// while RequireEmailVerification is set or AutoSignIn is false (the
	// sign-up then answers like a new user's, so the app may tell the
	// owner by mail). Its error is logged, not answered.
	OnExistingUserSignUp func(ctx context.Context, user User, r *http.Request) error
}

// PasswordFuncs are a custom password hash and check (Better Auth's
// emailAndPassword.password). Nil means scrypt, as Better Auth stores it.
type PasswordFuncs struct {
	Hash   func(password string) (string, error)
	Verify func(hash, password string) (bool, error)
}

// EmailVerification is Better Auth's emailVerification.
type EmailVerification struct {
	// SendVerificationEmail sends the verification link,
	// <base URL>/verify-email?token=<JWT>&callbackURL=<callbackURL or />.
	// The library never sends mail itself. Its error fails
	// POST /send-verification-email; where Better Auth sends in the
	// background (sign-up, sign-in, change-email links) it is logged.
	SendVerificationEmail SendEmailFunc
	// SendOnSignUp: nil follows EmailAndPassword.RequireEmailVerification.
	SendOnSignUp *bool
	// SendOnSignIn sends a new link when an unverified user signs in
	// with the right password (only with RequireEmailVerification; the
	// answer stays 403 EMAIL_NOT_VERIFIED).
	SendOnSignIn bool
	// AutoSignInAfterVerification signs the user in when the link is
	// followed (unless the browser is signed in as that user already).
	AutoSignInAfterVerification bool
	// ExpiresIn is how long a link is valid, in whole seconds; default 1
	// hour.
	ExpiresIn time.Duration
	// BeforeEmailVerification and AfterEmailVerification run around
	// marking the email verified (After also when a change of email is
	// verified); an error fails the request (an *APIError with its
	// status), After's with the email already verified.
	BeforeEmailVerification func(ctx context.Context, user User, r *http.Request) error
	AfterEmailVerification  func(ctx context.Context, user User, r *http.Request) error
}

// Email is what a send function receives: Better Auth's data object.
type Email struct {
	// User is the user the message is about (for a change of email, the
	// user with the current address).
	User User
	// URL is the link to send; it holds the token.
	URL string
	// Token is the bare token, for apps that build their own link.
	Token string
	// NewEmail is the requested address (change-email confirmation only).
	NewEmail string
	// Request is the request being served.
	Request *http.Request
}

// SendEmailFunc sends one message. Where Better Auth awaits the send, an
// error fails the request (an *APIError with its status, anything else an
// empty 500); where it runs the send as a background task, the error is
// logged and the request answers as if the mail had gone (see each
// option).
type SendEmailFunc func(ctx context.Context, e Email) error

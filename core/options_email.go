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
	// (POST /request-password-reset); without it that endpoint answers
	// 400 RESET_PASSWORD_DISABLED, as in Better Auth.
	SendResetPassword SendEmailFunc
	// ResetPasswordTokenExpiresIn defaults to 1 hour.
	ResetPasswordTokenExpiresIn time.Duration
	// OnPasswordReset runs after a password was reset.
	OnPasswordReset func(ctx context.Context, user User, r *http.Request) error
	// RevokeSessionsOnPasswordReset deletes the user's sessions when the
	// password is reset.
	RevokeSessionsOnPasswordReset bool
	// Password replaces the scrypt hashing (both or neither).
	Password PasswordFuncs
	// OnExistingUserSignUp runs when a sign-up names an existing email
	// while RequireEmailVerification is set or AutoSignIn is false.
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
	// SendVerificationEmail sends the verification link. The library
	// never sends mail itself.
	SendVerificationEmail SendEmailFunc
	// SendOnSignUp: nil follows EmailAndPassword.RequireEmailVerification.
	SendOnSignUp *bool
	// SendOnSignIn sends a new link when an unverified user signs in
	// (with RequireEmailVerification).
	SendOnSignIn bool
	// AutoSignInAfterVerification signs the user in when the link is
	// followed.
	AutoSignInAfterVerification bool
	// ExpiresIn is how long a link is valid; default 1 hour.
	ExpiresIn time.Duration
	// BeforeEmailVerification and AfterEmailVerification run around
	// marking the email verified; an error aborts.
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

// SendEmailFunc sends one message. An error fails the request (an
// *APIError with its status, anything else an empty 500).
type SendEmailFunc func(ctx context.Context, e Email) error

// unservedEmail lists the email options the handler does not serve yet.
// Every option above is served (verifyemail.go, resetpassword.go,
// signin.go), except a reset link while verification values live only in
// SecondaryStorage: the handler keeps them in the verification table.
func unservedEmail(o Options) []string {
	var out []string
	out = set(out, o.EmailAndPassword.SendResetPassword != nil && o.SecondaryStorage != nil && !o.Verification.StoreInDatabase,
		"EmailAndPassword.SendResetPassword (with verification values in SecondaryStorage)")
	return out
}

package core

import (
	"context"
	"net/http"
	"time"
)

// UserOptions configures the user table (Better Auth's user option).
type UserOptions struct {
	// ModelName renames the table.
	ModelName string
	// Fields renames columns: logical field name → column name.
	Fields map[string]string
	// AdditionalFields are appended to the table in order. A field with the
	// name of an existing one replaces it in place.
	AdditionalFields []Field
	// ChangeEmail enables POST /change-email.
	ChangeEmail ChangeEmail
	// DeleteUser enables POST /delete-user.
	DeleteUser DeleteUser
}

// ChangeEmail is Better Auth's user.changeEmail.
type ChangeEmail struct {
	Enabled bool
	// SendChangeEmailConfirmation sends the confirmation link to the
	// current address (Email.NewEmail is the requested one).
	SendChangeEmailConfirmation SendEmailFunc
	// UpdateEmailWithoutVerification changes an unverified user's email at
	// once.
	UpdateEmailWithoutVerification bool
}

// DeleteUser is Better Auth's user.deleteUser.
type DeleteUser struct {
	Enabled bool
	// SendDeleteAccountVerification sends a confirmation link; without it
	// the user is deleted at once (with a fresh session or the password).
	SendDeleteAccountVerification SendEmailFunc
	// BeforeDelete may refuse (an *APIError is answered); AfterDelete runs
	// once the user is gone.
	BeforeDelete func(ctx context.Context, user User, r *http.Request) error
	AfterDelete  func(ctx context.Context, user User, r *http.Request) error
	// DeleteTokenExpiresIn defaults to 1 day.
	DeleteTokenExpiresIn time.Duration
}

// AccountOptions configures the account table (Better Auth's account
// option).
type AccountOptions struct {
	// ModelName renames the table.
	ModelName string
	// Fields renames columns: logical field name → column name.
	Fields map[string]string
	// AdditionalFields are appended to the table in order. A field with the
	// name of an existing one replaces it in place.
	AdditionalFields []Field
	// UpdateAccountOnSignIn, unless explicitly false, stores the
	// provider's latest tokens on every social sign-in.
	UpdateAccountOnSignIn *bool
	// AccountLinking configures linking provider accounts to users.
	AccountLinking AccountLinking
	// EncryptOAuthTokens stores provider tokens encrypted (AES-256-GCM
	// under the secret, as Better Auth does).
	EncryptOAuthTokens bool
	// StoreStateStrategy is "database" (the default) or "cookie": where
	// the OAuth state lives during a social sign-in.
	StoreStateStrategy string
	// SkipStateCookieCheck skips the state cookie check of OAuth
	// callbacks. Only for flows that start on another origin.
	SkipStateCookieCheck bool
}

// AccountLinking is Better Auth's account.accountLinking.
type AccountLinking struct {
	// Disabled turns linking off (Better Auth's enabled: false).
	Disabled bool
	// DisableImplicitLinking stops social sign-in from linking an account
	// to an existing user with the same email.
	DisableImplicitLinking bool
	// TrustedProviders may link even when the provider does not say the
	// email is verified ("email-password" included).
	TrustedProviders []string
	// AllowDifferentEmails lets link-social link an account whose email
	// differs from the user's.
	AllowDifferentEmails bool
	// AllowUnlinkingAll lets unlink-account remove the last account.
	AllowUnlinkingAll bool
	// UpdateUserInfoOnLink copies the provider's name and image onto the
	// user when linking.
	UpdateUserInfoOnLink bool
}

// unservedUser lists the user and account options the handler does not
// serve yet. change-email, delete-user, update-session, list-accounts and
// unlink-account serve all of theirs (user.go, accounts.go); a delete
// link needs the verification table, so it is refused with verification
// values in SecondaryStorage only.
func unservedUser(o Options) []string {
	d := o.User.DeleteUser
	return set(nil, d.SendDeleteAccountVerification != nil && o.SecondaryStorage != nil && !o.Verification.StoreInDatabase,
		"User.DeleteUser.SendDeleteAccountVerification (with verification values in SecondaryStorage)")
}

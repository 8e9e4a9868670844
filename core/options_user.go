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
	// ChangeEmail configures POST /change-email.
	ChangeEmail ChangeEmail
	// DeleteUser configures POST /delete-user and its link.
	DeleteUser DeleteUser
}

// ChangeEmail is Better Auth's user.changeEmail (POST /change-email).
// Without Enabled the endpoint answers 400 CHANGE_EMAIL_DISABLED. A change
// needs a way to go through: UpdateEmailWithoutVerification for an
// unverified user, or EmailVerification.SendVerificationEmail; with
// neither it answers 400 "Verification email isn't enabled". An address
// that is already taken gets the same 200 as a free one and changes
// nothing (against enumeration).
type ChangeEmail struct {
	Enabled bool
	// SendChangeEmailConfirmation, for a verified user and only together
	// with EmailVerification.SendVerificationEmail, sends the link to the
	// current address (Email.NewEmail is the requested one); following it
	// sends the verification to the new address. Without it a verified
	// user's new address gets the verification link directly.
	SendChangeEmailConfirmation SendEmailFunc
	// UpdateEmailWithoutVerification changes an unverified user's email
	// at once (and sends the new address a verification link when
	// EmailVerification.SendVerificationEmail is set).
	UpdateEmailWithoutVerification bool
}

// DeleteUser is Better Auth's user.deleteUser (POST /delete-user,
// GET /delete-user/callback). Without Enabled both answer 404.
type DeleteUser struct {
	Enabled bool
	// SendDeleteAccountVerification sends a confirmation link (to
	// GET /delete-user/callback, whose token delete-user also takes in
	// its body); the link works only with the same user's session.
	// Without it the user is deleted at once, given the password or a
	// fresh session (Session.FreshAge).
	SendDeleteAccountVerification SendEmailFunc
	// BeforeDelete may refuse (an *APIError is answered; any other error
	// is a 500); AfterDelete runs once the user, its sessions and its
	// accounts are gone.
	BeforeDelete func(ctx context.Context, user User, r *http.Request) error
	AfterDelete  func(ctx context.Context, user User, r *http.Request) error
	// DeleteTokenExpiresIn is how long a link is valid; default 1 day.
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
	// AllowUnlinkingAll lets unlink-account remove the last account
	// (otherwise 400 FAILED_TO_UNLINK_LAST_ACCOUNT).
	AllowUnlinkingAll bool
	// UpdateUserInfoOnLink copies the provider's name and image onto the
	// user when linking.
	UpdateUserInfoOnLink bool
}

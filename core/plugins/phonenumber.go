package plugins

import (
	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// PhoneNumberOptions configures PhoneNumber (Better Auth's phoneNumber
// options).
type PhoneNumberOptions struct {
	// OTPLength is the number of digits of a code; 0 means 6.
	OTPLength int
	// ExpiresIn is a code's lifetime in seconds; 0 means 300.
	ExpiresIn int
	// AllowedAttempts is how many wrong codes a code survives; 0 means 3.
	AllowedAttempts int
	// SendOTP delivers a sign-in or verification code (Better Auth's
	// sendOTP). Without it /phone-number/send-otp answers 501.
	SendOTP func(x *core.Context, phoneNumber, code string) error
	// SendPasswordResetOTP delivers a password-reset code (Better Auth's
	// sendPasswordResetOTP); without it the code is stored, not sent.
	SendPasswordResetOTP func(x *core.Context, phoneNumber, code string) error
	// VerifyOTP replaces the check of stored codes (Better Auth's
	// verifyOTP, e.g. for a provider's verification service): false
	// answers 400 INVALID_OTP.
	VerifyOTP func(x *core.Context, phoneNumber, code string) (bool, error)
	// PhoneNumberValidator refuses a phone number (400
	// INVALID_PHONE_NUMBER) when it answers false.
	PhoneNumberValidator func(phoneNumber string) (bool, error)
	// RequireVerification refuses a password sign-in (401
	// PHONE_NUMBER_NOT_VERIFIED) until the number is verified, sending a
	// new code.
	RequireVerification bool
	// CallbackOnVerification runs after a number is verified (Better
	// Auth's callbackOnVerification); user is the updated user row.
	CallbackOnVerification func(x *core.Context, phoneNumber string, user core.Record) error
	// SignUpOnVerification creates a user when a number nobody has is
	// verified (Better Auth's signUpOnVerification).
	SignUpOnVerification *PhoneNumberSignUp
	// Schema renames the user.phoneNumber and user.phoneNumberVerified
	// columns.
	Schema Schema
}

// PhoneNumberSignUp is Better Auth's signUpOnVerification.
type PhoneNumberSignUp struct {
	// GetTempEmail is the new user's email (required).
	GetTempEmail func(phoneNumber string) string
	// GetTempName is the new user's name; nil means the phone number.
	GetTempName func(phoneNumber string) string
}

// PhoneNumber adds sign-in by phone number and OTP (Better Auth's
// phoneNumber, id "phone-number"): the user.phoneNumber (unique) and
// user.phoneNumberVerified columns.
//
// The Go handler runs it (phonenumber_runtime.go): POST
// /sign-in/phone-number, /phone-number/send-otp, /phone-number/verify,
// /phone-number/request-password-reset and /phone-number/reset-password,
// and the rule that /update-user cannot set a phone number.
func PhoneNumber(opts ...PhoneNumberOptions) core.Plugin {
	o, err := one(opts)
	return &phoneNumberPlugin{o: o, plugin: &plugin{
		id: "phone-number", optErr: err, schema: o.Schema,
		rules: rules{options: "PhoneNumberOptions", plugin: "phoneNumber"},
		tables: func() []schema.Table {
			return []schema.Table{{Key: "user", Fields: []schema.Field{
				{Name: "phoneNumber", Type: schema.TypeString, Required: schema.Optional, Unique: true, Sortable: true},
				{Name: "phoneNumberVerified", Type: schema.TypeBoolean, Required: schema.Optional, Input: inputOff()},
			}}}
		},
	}}
}

package plugins

import "github.com/authctl/authctl/core"

// EmailOTPOptions configures EmailOTP. EmailOTP has no tables, so Schema must be empty;
// it exists because every plugin takes Better Auth's schema option.
type EmailOTPOptions struct {
	Schema Schema
}

// EmailOTP signs users in and verifies emails with one-time codes; its codes live in the verification table (Better Auth's emailOTP, id "email-otp"). It adds no tables or columns.
func EmailOTP(opts ...EmailOTPOptions) core.Plugin {
	o, err := one(opts)
	return noTables("email-otp", "emailOTP", "EmailOTPOptions", err, o.Schema)
}

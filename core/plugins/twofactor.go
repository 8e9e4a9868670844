package plugins

import (
	"fmt"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// TwoFactorOptions configures TwoFactor.
type TwoFactorOptions struct {
	// TwoFactorTable renames the twoFactor table (Better Auth's
	// twoFactorTable option). Empty keeps "twoFactor".
	TwoFactorTable string
	// Issuer is shown by authenticator apps; empty means the app name.
	// It does not change the schema.
	Issuer string
	// Schema renames the twoFactor table and the columns of twoFactor and
	// of user.twoFactorEnabled. Its twoFactor ModelName and TwoFactorTable
	// may not disagree.
	Schema Schema
	// TOTPOptions configures authenticator-app codes (totpOptions).
	TOTPOptions TOTPOptions
	// OTPOptions configures codes sent by your function (otpOptions).
	OTPOptions OTPOptions
	// BackupCodeOptions configures recovery codes (backupCodeOptions).
	BackupCodeOptions BackupCodeOptions
	// SkipVerificationOnEnable turns 2FA on at /two-factor/enable, before
	// a first TOTP code is verified (skipVerificationOnEnable).
	SkipVerificationOnEnable bool
	// AllowPasswordless lets users without a password enable and manage
	// 2FA without one (allowPasswordless).
	AllowPasswordless bool
	// TwoFactorCookieMaxAge is how long a sign-in waits for its second
	// factor, in seconds (twoFactorCookieMaxAge); 0 means 600.
	TwoFactorCookieMaxAge int
	// TrustDeviceMaxAge is how long a trusted device skips the second
	// factor, in seconds (trustDeviceMaxAge); 0 means 30 days.
	TrustDeviceMaxAge int
	// AccountLockout locks second-factor sign-ins after failures
	// (accountLockout).
	AccountLockout TwoFactorAccountLockout
}

// TOTPOptions are Better Auth's totpOptions.
type TOTPOptions struct {
	// Digits of a code: 6 (0) or 8.
	Digits int
	// Period of a code in seconds; 0 means 30.
	Period int
	// Disable turns TOTP off.
	Disable bool
	// AllowPasswordless overrides TwoFactorOptions.AllowPasswordless for
	// /two-factor/get-totp-uri.
	AllowPasswordless *bool
}

// OTPOptions are Better Auth's otpOptions.
type OTPOptions struct {
	// Period a code stays valid, in minutes; 0 means 3.
	Period int
	// Digits of a code; 0 means 6.
	Digits int
	// SendOTP delivers a code to the user (a row of the user table). Its
	// error is logged, not answered, as Better Auth does. Without it OTP
	// is not available.
	SendOTP func(x *core.Context, user core.Record, otp string) error
	// AllowedAttempts per code; 0 means 5.
	AllowedAttempts int
	// StoreOTP is how codes are stored: "plain" (""), "encrypted" or
	// "hashed".
	StoreOTP string
}

// BackupCodeOptions are Better Auth's backupCodeOptions.
type BackupCodeOptions struct {
	// Amount of codes; 0 means 10.
	Amount int
	// Length of a code before its dash; 0 means 10.
	Length int
	// CustomBackupCodesGenerate replaces the generator.
	CustomBackupCodesGenerate func() []string
	// StoreBackupCodes is "encrypted" ("", with the server's secrets) or
	// "plain".
	StoreBackupCodes string
	// AllowPasswordless overrides TwoFactorOptions.AllowPasswordless for
	// /two-factor/generate-backup-codes.
	AllowPasswordless *bool
}

// TwoFactorAccountLockout is Better Auth's accountLockout: on by default,
// 10 failures lock second-factor sign-ins for 900 seconds.
type TwoFactorAccountLockout struct {
	Disabled          bool // enabled: false
	MaxFailedAttempts int
	DurationSeconds   int
}

// TwoFactor adds TOTP, OTP and backup-code second factors (Better Auth's
// twoFactor, id "two-factor"): the user.twoFactorEnabled column and the
// twoFactor table (secret, backupCodes, userId → user, verified,
// failedVerificationCount, lockedUntil). It runs in the handler
// (twofactor_runtime.go): its endpoints under /two-factor/ and the
// challenge that replaces the session of a password sign-in.
func TwoFactor(opts ...TwoFactorOptions) core.Plugin {
	o, err := one(opts)
	return &twoFactorPlugin{o: o, plugin: &plugin{
		id: "two-factor", optErr: err, schema: o.Schema,
		rules: rules{options: "TwoFactorOptions", plugin: "twoFactor"},
		tables: func() []schema.Table {
			return []schema.Table{
				{Key: "user", Fields: []schema.Field{
					{Name: "twoFactorEnabled", Type: schema.TypeBoolean, Required: schema.Optional, Default: false, Input: inputOff()},
				}},
				{Key: "twoFactor", ModelName: o.TwoFactorTable, Fields: []schema.Field{
					{Name: "secret", Type: schema.TypeString, Index: true, Returned: returnedOff()},
					{Name: "backupCodes", Type: schema.TypeString, Returned: returnedOff()},
					{Name: "userId", Type: schema.TypeString, Index: true, References: refID("user"), Returned: returnedOff()},
					{Name: "verified", Type: schema.TypeBoolean, Required: schema.Optional, Default: true, Input: inputOff()},
					{Name: "failedVerificationCount", Type: schema.TypeNumber, Required: schema.Optional, Default: 0, Input: inputOff(), Returned: returnedOff()},
					{Name: "lockedUntil", Type: schema.TypeDate, Required: schema.Optional, Input: inputOff(), Returned: returnedOff()},
				}},
			}
		},
		conflicts: func() error {
			if m := o.Schema["twoFactor"].ModelName; m != "" && o.TwoFactorTable != "" && m != o.TwoFactorTable {
				return fmt.Errorf("TwoFactorOptions.TwoFactorTable %q and TwoFactorOptions.Schema[\"twoFactor\"].ModelName %q disagree; set one of them", o.TwoFactorTable, m)
			}
			return nil
		},
	}}
}

// twoFactorPlugin is TwoFactor's plugin, which also runs in the handler
// (twofactor_runtime.go).
type twoFactorPlugin struct {
	*plugin
	o TwoFactorOptions
}

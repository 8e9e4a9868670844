package plugins

import (
	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// TwoFactorOptions configures TwoFactor.
type TwoFactorOptions struct {
	// TwoFactorTable renames the twoFactor table (Better Auth's
	// twoFactorTable option).
	TwoFactorTable string
	// Issuer is shown by authenticator apps; defaults to the app name.
	Issuer string
}

// TwoFactor adds TOTP, OTP and backup-code second factors: the
// user.twoFactorEnabled column and the twoFactor table.
func TwoFactor(opts ...TwoFactorOptions) core.Plugin { return twoFactor{first(opts)} }

type twoFactor struct{ o TwoFactorOptions }

func (twoFactor) ID() string { return "two-factor" }

func (p twoFactor) Schema() []schema.Table {
	no := core.Bool(false)
	return []schema.Table{
		{Key: "user", Fields: []schema.Field{
			{Name: "twoFactorEnabled", Type: schema.TypeBoolean, Required: schema.Optional, Default: false, Input: no},
		}},
		{Key: "twoFactor", ModelName: p.o.TwoFactorTable, Fields: []schema.Field{
			{Name: "secret", Type: schema.TypeString, Index: true, Returned: no},
			{Name: "backupCodes", Type: schema.TypeString, Returned: no},
			{Name: "userId", Type: schema.TypeString, Index: true, Returned: no,
				References: &schema.Reference{Model: "user", Field: "id", OnDelete: schema.Cascade}},
			{Name: "verified", Type: schema.TypeBoolean, Required: schema.Optional, Default: true, Input: no},
			{Name: "failedVerificationCount", Type: schema.TypeNumber, Required: schema.Optional, Default: 0, Input: no, Returned: no},
			{Name: "lockedUntil", Type: schema.TypeDate, Required: schema.Optional, Input: no, Returned: no},
		}},
	}
}

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
}

// TwoFactor adds TOTP, OTP and backup-code second factors (Better Auth's
// twoFactor, id "two-factor"): the user.twoFactorEnabled column and the
// twoFactor table (secret, backupCodes, userId → user, verified,
// failedVerificationCount, lockedUntil).
func TwoFactor(opts ...TwoFactorOptions) core.Plugin {
	o, err := one(opts)
	return &plugin{
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
	}
}

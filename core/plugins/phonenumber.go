package plugins

import (
	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// PhoneNumberOptions configures PhoneNumber.
type PhoneNumberOptions struct {
	// Schema renames the user.phoneNumber and user.phoneNumberVerified
	// columns.
	Schema Schema
}

// PhoneNumber adds sign-in by phone number and OTP (Better Auth's
// phoneNumber, id "phone-number"): the user.phoneNumber (unique) and
// user.phoneNumberVerified columns.
func PhoneNumber(opts ...PhoneNumberOptions) core.Plugin {
	o, err := one(opts)
	return &plugin{
		id: "phone-number", optErr: err, schema: o.Schema,
		rules: rules{options: "PhoneNumberOptions", plugin: "phoneNumber"},
		tables: func() []schema.Table {
			return []schema.Table{{Key: "user", Fields: []schema.Field{
				{Name: "phoneNumber", Type: schema.TypeString, Required: schema.Optional, Unique: true, Sortable: true},
				{Name: "phoneNumberVerified", Type: schema.TypeBoolean, Required: schema.Optional, Input: inputOff()},
			}}}
		},
	}
}

package plugins

import (
	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// AnonymousOptions configures Anonymous, mirroring Better Auth 1.7.5's
// AnonymousOptions.
type AnonymousOptions struct {
	// Schema renames the user.isAnonymous column.
	Schema Schema
	// EmailDomainName makes anonymous users' emails
	// "temp-<id>@<EmailDomainName>" (emailDomainName). Empty: the
	// placeholder "<id>@anonymous.placeholder.invalid".
	EmailDomainName string
	// GenerateName returns the name of a new anonymous user
	// (generateName); nil, or "" returned: "Anonymous".
	GenerateName func(x *core.Context) (string, error)
	// GenerateRandomEmail returns the email of a new anonymous user
	// (generateRandomEmail); it must be a valid address (else 400
	// INVALID_EMAIL_FORMAT) and unique. nil, or "" returned: see
	// EmailDomainName.
	GenerateRandomEmail func(x *core.Context) (string, error)
	// OnLinkAccount runs when an anonymous user signs in another way,
	// before the anonymous user is deleted (onLinkAccount). An error
	// fails the request (an *core.APIError is answered as it is).
	OnLinkAccount func(x *core.Context, link AnonymousLink) error
	// DisableDeleteAnonymousUser keeps the anonymous user when it signs
	// in another way, and turns /delete-anonymous-user off
	// (disableDeleteAnonymousUser).
	DisableDeleteAnonymousUser bool
}

// AnonymousLink is what OnLinkAccount sees: the anonymous user and
// session, and the user and session it signed in as.
type AnonymousLink struct {
	AnonymousUser, AnonymousSession core.Record
	NewUser, NewSession             core.Record
}

// Anonymous adds anonymous sign-in (Better Auth's anonymous, id
// "anonymous"): the user.isAnonymous column (optional boolean, default
// false); its runtime is in anonymous_runtime.go.
func Anonymous(opts ...AnonymousOptions) core.Plugin {
	o, err := one(opts)
	return &anonymousPlugin{plugin: &plugin{
		id: "anonymous", optErr: err, schema: o.Schema,
		rules: rules{options: "AnonymousOptions", plugin: "anonymous"},
		tables: func() []schema.Table {
			return []schema.Table{{Key: "user", Fields: []schema.Field{
				{Name: "isAnonymous", Type: schema.TypeBoolean, Required: schema.Optional, Default: false, Input: inputOff()},
			}}}
		},
	}, o: o}
}

type anonymousPlugin struct {
	*plugin
	o AnonymousOptions
}

package plugins_test

import (
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
	"github.com/authctl/authctl/schema"
)

// pluginCase is one configuration under test: its golden SQL lives in
// testdata/sql/<name>/<dialect>.sql, and spec, when set, names its rows in
// specTables.
type pluginCase struct {
	name    string
	spec    string
	options func() core.Options
}

func withPlugins(ps ...core.Plugin) func() core.Options {
	return func() core.Options {
		return core.Options{EmailAndPassword: core.EmailAndPassword{Enabled: true}, Plugins: ps}
	}
}

// cases has one entry per §3 case, plus the option variants the spec
// describes without a table of their own, the field-order example and a
// config with every plugin on.
var cases = []pluginCase{
	{"twoFactor", "twoFactor", withPlugins(plugins.TwoFactor())},
	{"username", "username", withPlugins(plugins.Username())},
	{"username-no-display", "username(displayUsername:false)", withPlugins(plugins.Username(plugins.UsernameOptions{NoDisplayUsername: true}))},
	{"anonymous", "anonymous", withPlugins(plugins.Anonymous())},
	{"phoneNumber", "phoneNumber", withPlugins(plugins.PhoneNumber())},
	{"admin", "admin", withPlugins(plugins.Admin())},
	{"organization", "organization", withPlugins(plugins.Organization())},
	{"organization-teams-dac", "organization(teams+dynamicAC)", withPlugins(plugins.Organization(plugins.OrganizationOptions{Teams: true, DynamicAccessControl: true}))},
	{"jwt", "jwt", withPlugins(plugins.JWT())},
	{"siwe", "siwe", withPlugins(plugins.SIWE())},
	{"deviceAuthorization", "deviceAuthorization", withPlugins(plugins.DeviceAuthorization())},
	{"oauthDeviceAuthorization", "oauthDeviceAuthorization", withPlugins(plugins.OAuthDeviceAuthorization())},
	{"lastLoginMethod-store", "lastLoginMethod(storeInDatabase)", withPlugins(plugins.LastLoginMethod(plugins.LastLoginMethodOptions{StoreInDatabase: true}))},
	{"passkey", "passkey", withPlugins(plugins.Passkey())},
	{"apiKey", "apiKey", withPlugins(plugins.APIKey())},
	{"sso", "sso", withPlugins(plugins.SSO())},
	{"sso-domain-verification", "sso(domainVerification)", withPlugins(plugins.SSO(plugins.SSOOptions{DomainVerification: true}))},
	{"stripe", "stripe", withPlugins(plugins.Stripe())},
	{"stripe-subscription-organization", "stripe(subscription+organization)", withPlugins(plugins.Stripe(plugins.StripeOptions{Subscription: true, Organization: true}))},
	{"oauthProvider", "oauthProvider", withPlugins(plugins.OAuthProvider())},
	{"scim", "scim", withPlugins(plugins.SCIM())},
	{"scim-managed", "scim(managedConnections)", withPlugins(plugins.SCIM(plugins.SCIMOptions{ManagedConnections: true}))},
	{"organization-schema", "", organizationSchemaOptions},
	{"field-order", "", fieldOrderOptions},
	{"everything", "", everythingOptions},
}

// organizationSchemaOptions renames tables and columns and adds fields
// through Organization's Schema, on every table that takes them.
func organizationSchemaOptions() core.Options {
	o := withPlugins(plugins.Organization(plugins.OrganizationOptions{
		Teams: true, DynamicAccessControl: true,
		Schema: plugins.Schema{
			"organization": {ModelName: "workspaces", Fields: map[string]string{"createdAt": "created_at"},
				AdditionalFields: []core.Field{{Name: "plan", Type: core.TypeString, Default: "free"}, {Name: "seats", Type: core.TypeNumber, Required: core.Optional}}},
			"member":           {ModelName: "workspace_members", Fields: map[string]string{"organizationId": "workspace_id"}, AdditionalFields: []core.Field{{Name: "title", Type: core.TypeString, Required: core.Optional}}},
			"invitation":       {AdditionalFields: []core.Field{{Name: "message", Type: core.TypeString, Required: core.Optional}}},
			"team":             {ModelName: "squads", AdditionalFields: []core.Field{{Name: "color", Type: core.TypeString, Required: core.Optional}}},
			"teamMember":       {ModelName: "squad_members", Fields: map[string]string{"teamId": "squad_id"}},
			"organizationRole": {AdditionalFields: []core.Field{{Name: "description", Type: core.TypeString, Required: core.Optional}}},
			"session":          {Fields: map[string]string{"activeOrganizationId": "active_workspace_id"}},
		},
	}))()
	return o
}

// fieldOrderOptions is the example at the end of spec §3, plus one user
// additional field, which comes after every plugin field.
func fieldOrderOptions() core.Options {
	o := withPlugins(plugins.TwoFactor(), plugins.Username(), plugins.Organization(plugins.OrganizationOptions{Teams: true}), plugins.Admin())()
	o.User.AdditionalFields = []core.Field{{Name: "locale", Type: core.TypeString, Required: core.Optional}}
	return o
}

// everythingOptions turns every plugin and every table-adding option on.
// oauthDeviceAuthorization stands in for deviceAuthorization: Better Auth
// refuses the two together.
func everythingOptions() core.Options {
	return withPlugins(
		plugins.TwoFactor(), plugins.Username(), plugins.Anonymous(), plugins.PhoneNumber(), plugins.Admin(),
		plugins.Organization(plugins.OrganizationOptions{Teams: true, DynamicAccessControl: true}),
		plugins.JWT(), plugins.SIWE(), plugins.LastLoginMethod(plugins.LastLoginMethodOptions{StoreInDatabase: true}),
		plugins.Passkey(), plugins.APIKey(), plugins.SSO(plugins.SSOOptions{DomainVerification: true}),
		plugins.Stripe(plugins.StripeOptions{Subscription: true, Organization: true}),
		plugins.OAuthProvider(), plugins.OAuthDeviceAuthorization(),
		plugins.SCIM(plugins.SCIMOptions{ManagedConnections: true}),
		plugins.Bearer(), plugins.MagicLink(), plugins.EmailOTP(), plugins.MultiSession(), plugins.OneTap(),
		plugins.CustomSession(), plugins.GenericOAuth(), plugins.OpenAPI(), plugins.Captcha(), plugins.OneTimeToken(),
		plugins.HaveIBeenPwned(), plugins.OAuthProxy(),
	)()
}

// schemaOf builds the merged schema of o, failing the test on error.
func schemaOf(t testing.TB, o core.Options) *schema.Schema {
	t.Helper()
	s, err := core.New(o).Schema()
	if err != nil {
		t.Fatalf("core.New: %v", err)
	}
	return s
}

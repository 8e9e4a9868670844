package plugins_test

import (
	"testing"
	"time"

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
	{"twoFactor-table", "", twoFactorTableOptions},
	{"apiKey-rate-limit", "", apiKeyRateLimitOptions},
	{"apiKey-one-configuration", "", withPlugins(plugins.APIKey(plugins.APIKeyOptions{Configurations: []plugins.APIKeyConfiguration{
		{ConfigID: "public", RateLimit: plugins.APIKeyRateLimit{TimeWindow: time.Minute, MaxRequests: 5}},
	}}))},
	{"apiKey-configurations", "", apiKeyConfigurationsOptions},
	{"sso-schema", "", ssoSchemaOptions},
	{"user-columns-schema", "", userColumnsSchemaOptions},
	{"table-plugins-schema", "", tablePluginsSchemaOptions},
	{"oauthProvider-schema", "", oauthProviderSchemaOptions},
	{"stripe-schema", "", stripeSchemaOptions},
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

// The option-variant cases below exercise, against Better Auth 1.7.5, every
// option that changes a table: renames through each plugin's Schema (and
// its own spellings: TwoFactorTable, SSOOptions.ModelName/Fields), the
// tables and fields those renames reach (references to renamed tables and
// columns, table-level indexes over renamed columns), additional fields,
// and apiKey's rate limits as column defaults. Options that change no
// table (Issuer, the username lengths, RateLimit.Enabled) ride along to
// show they don't.

// twoFactorTableOptions renames the twoFactor table with TwoFactorTable
// and columns of both its tables with Schema.
func twoFactorTableOptions() core.Options {
	return withPlugins(plugins.TwoFactor(plugins.TwoFactorOptions{
		TwoFactorTable: "two_factor",
		Issuer:         "Example",
		Schema: plugins.Schema{
			"twoFactor": {Fields: map[string]string{"userId": "user_id", "backupCodes": "backup_codes"}},
			"user":      {Fields: map[string]string{"twoFactorEnabled": "two_factor_enabled"}},
		},
	}))()
}

// apiKeyRateLimitOptions: one configuration's rate limit becomes the
// defaults of rateLimitTimeWindow (3600000) and rateLimitMax (100), also
// on renamed columns.
func apiKeyRateLimitOptions() core.Options {
	return withPlugins(plugins.APIKey(plugins.APIKeyOptions{
		RateLimit: plugins.APIKeyRateLimit{Enabled: core.Bool(false), TimeWindow: time.Hour, MaxRequests: 100},
		Schema: plugins.Schema{"apikey": {ModelName: "api_keys",
			Fields: map[string]string{"referenceId": "reference_id", "rateLimitTimeWindow": "rate_limit_time_window"}}},
	}))()
}

// apiKeyConfigurationsOptions: with several configurations the defaults
// stay 86400000 and 10.
func apiKeyConfigurationsOptions() core.Options {
	return withPlugins(plugins.APIKey(plugins.APIKeyOptions{
		Configurations: []plugins.APIKeyConfiguration{
			{ConfigID: "public", RateLimit: plugins.APIKeyRateLimit{TimeWindow: time.Minute, MaxRequests: 5}},
			{ConfigID: "internal", RateLimit: plugins.APIKeyRateLimit{MaxRequests: 1000}},
		},
		Schema: plugins.Schema{"apikey": {Fields: map[string]string{"configId": "config_id"}}},
	}))()
}

// ssoSchemaOptions uses the top-level ModelName and Fields, Schema's
// Fields (the only way to rename domainVerified) and AdditionalFields.
func ssoSchemaOptions() core.Options {
	return withPlugins(plugins.SSO(plugins.SSOOptions{
		DomainVerification: true,
		ModelName:          "sso_providers",
		Fields:             map[string]string{"providerId": "provider_id", "userId": "user_id"},
		Schema: plugins.Schema{"ssoProvider": {
			Fields: map[string]string{"domainVerified": "domain_verified", "issuer": "issuer_url"},
			AdditionalFields: []core.Field{
				{Name: "tenant", Type: core.TypeString, Required: core.Optional, Column: "tenant_id", Index: true},
				{Name: "priority", Type: core.TypeNumber, Default: 0},
				{Name: "kind", Type: core.TypeEnum, Enum: []string{"oidc", "saml"}, Required: core.Optional},
			},
		}},
	}))()
}

// userColumnsSchemaOptions renames the columns plugins add to user and
// session.
func userColumnsSchemaOptions() core.Options {
	user := func(fields map[string]string) plugins.Schema { return plugins.Schema{"user": {Fields: fields}} }
	admin := user(map[string]string{"role": "user_role", "banExpires": "ban_expires"})
	admin["session"] = plugins.TableSchema{Fields: map[string]string{"impersonatedBy": "impersonated_by"}}
	return withPlugins(
		plugins.Username(plugins.UsernameOptions{MinUsernameLength: 5, MaxUsernameLength: 20,
			Schema: user(map[string]string{"username": "user_name", "displayUsername": "display_username"})}),
		plugins.PhoneNumber(plugins.PhoneNumberOptions{Schema: user(map[string]string{"phoneNumber": "phone_number", "phoneNumberVerified": "phone_number_verified"})}),
		plugins.Admin(plugins.AdminOptions{Schema: admin}),
		plugins.Anonymous(plugins.AnonymousOptions{Schema: user(map[string]string{"isAnonymous": "is_anonymous"})}),
		plugins.LastLoginMethod(plugins.LastLoginMethodOptions{StoreInDatabase: true, Schema: user(map[string]string{"lastLoginMethod": "last_login_method"})}),
	)()
}

// tablePluginsSchemaOptions renames the tables and some columns of the
// plugins with one table, including the columns of deviceCode's
// table-level unique indexes.
func tablePluginsSchemaOptions() core.Options {
	return withPlugins(
		plugins.JWT(plugins.JWTOptions{Schema: plugins.Schema{"jwks": {ModelName: "json_web_keys",
			Fields: map[string]string{"publicKey": "public_key", "privateKey": "private_key"}}}}),
		plugins.Passkey(plugins.PasskeyOptions{Schema: plugins.Schema{"passkey": {ModelName: "passkeys",
			Fields: map[string]string{"userId": "user_id", "credentialID": "credential_id"}}}}),
		plugins.SIWE(plugins.SIWEOptions{Schema: plugins.Schema{"walletAddress": {ModelName: "wallet_addresses",
			Fields: map[string]string{"userId": "user_id", "chainId": "chain_id"}}}}),
		plugins.DeviceAuthorization(plugins.DeviceAuthorizationOptions{Schema: plugins.Schema{"deviceCode": {ModelName: "device_codes",
			Fields: map[string]string{"deviceCode": "device_code", "userCode": "user_code"}}}}),
	)()
}

// oauthProviderSchemaOptions renames the targets of references
// (oauthClient.clientId, oauthResource.identifier, oauthRefreshToken) and
// the grant fields oauthDeviceAuthorization adds to deviceCode.
func oauthProviderSchemaOptions() core.Options {
	return withPlugins(
		plugins.JWT(),
		plugins.OAuthProvider(plugins.OAuthProviderOptions{Schema: plugins.Schema{
			"oauthClient":         {ModelName: "oauth_clients", Fields: map[string]string{"clientId": "client_id"}},
			"oauthResource":       {Fields: map[string]string{"identifier": "resource_identifier"}},
			"oauthClientResource": {ModelName: "oauth_client_resources"},
			"oauthRefreshToken":   {ModelName: "oauth_refresh_tokens"},
			"oauthAccessToken":    {Fields: map[string]string{"refreshId": "refresh_id", "sessionId": "session_id"}},
		}}),
		plugins.OAuthDeviceAuthorization(plugins.OAuthDeviceAuthorizationOptions{Schema: plugins.Schema{"deviceCode": {ModelName: "oauth_device_codes",
			Fields: map[string]string{"oauthClientId": "oauth_client_id", "resources": "resource_list"}}}}),
	)()
}

// stripeSchemaOptions renames Stripe's subscription table and columns,
// its user column, and its column on an organization table that
// Organization renames too (Stripe repeats the model name, as its doc
// says it must).
func stripeSchemaOptions() core.Options {
	return withPlugins(
		plugins.Organization(plugins.OrganizationOptions{Schema: plugins.Schema{"organization": {ModelName: "workspaces"}}}),
		plugins.Stripe(plugins.StripeOptions{Subscription: true, Organization: true, Schema: plugins.Schema{
			"subscription": {ModelName: "subscriptions", Fields: map[string]string{"referenceId": "reference_id", "stripeSubscriptionId": "stripe_subscription_id"}},
			"user":         {Fields: map[string]string{"stripeCustomerId": "stripe_customer_id"}},
			"organization": {ModelName: "workspaces", Fields: map[string]string{"stripeCustomerId": "stripe_customer"}},
		}}),
	)()
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

package plugins

import (
	"sort"
	"strings"

	"github.com/authctl/authctl/core"
)

// Info describes one built-in plugin.
type Info struct {
	// Name is Better Auth's name of the plugin, e.g. "twoFactor".
	Name string
	// Constructor is the function of this package that makes it, e.g.
	// "TwoFactor": an auth config writes plugins.TwoFactor().
	Constructor string
	// Tables are the keys of the tables it adds or extends, in the order
	// the plugin lists them, with every option that adds a table turned on
	// ("user" for a plugin that only adds user columns; empty for one that
	// adds nothing).
	Tables []string
	// Summary is one line saying what it does.
	Summary string
	// Runs says the Go handler runs the plugin (it is a
	// core.RuntimePlugin). A config listing one that does not makes the
	// handler refuse to start, unless core.Options.SessionsOnly is set.
	Runs bool
}

// entry is one catalog row; full builds the plugin with every option that
// adds a table on, from which Info.Tables is derived.
type entry struct {
	name, constructor, summary string
	full                       func() core.Plugin
}

var entries = []entry{
	{"twoFactor", "TwoFactor", "TOTP, OTP and backup-code second factors", func() core.Plugin { return TwoFactor() }},
	{"username", "Username", "sign-in by username", func() core.Plugin { return Username() }},
	{"anonymous", "Anonymous", "anonymous users that can later link an account", func() core.Plugin { return Anonymous() }},
	{"phoneNumber", "PhoneNumber", "sign-in by phone number and OTP", func() core.Plugin { return PhoneNumber() }},
	{"admin", "Admin", "user administration: roles, bans, impersonation", func() core.Plugin { return Admin() }},
	{"organization", "Organization", "organizations, members and invitations (teams and dynamic roles are options)", func() core.Plugin {
		return Organization(OrganizationOptions{Teams: true, DynamicAccessControl: true})
	}},
	{"jwt", "JWT", "JSON Web Tokens and a JWKS endpoint", func() core.Plugin { return JWT() }},
	{"siwe", "SIWE", "Sign-In With Ethereum", func() core.Plugin { return SIWE() }},
	{"deviceAuthorization", "DeviceAuthorization", "OAuth 2.0 device authorization grant for first-party sign-in", func() core.Plugin { return DeviceAuthorization() }},
	{"oauthDeviceAuthorization", "OAuthDeviceAuthorization", "device authorization grant for OAuthProvider clients (instead of deviceAuthorization)", func() core.Plugin { return OAuthDeviceAuthorization() }},
	{"lastLoginMethod", "LastLoginMethod", "remembers how each user last signed in", func() core.Plugin {
		return LastLoginMethod(LastLoginMethodOptions{StoreInDatabase: true})
	}},
	{"passkey", "Passkey", "WebAuthn passkeys", func() core.Plugin { return Passkey() }},
	{"apiKey", "APIKey", "API keys with per-key rate limits", func() core.Plugin { return APIKey() }},
	{"sso", "SSO", "OIDC and SAML single sign-on providers", func() core.Plugin { return SSO(SSOOptions{DomainVerification: true}) }},
	{"stripe", "Stripe", "Stripe customers and subscriptions", func() core.Plugin {
		return Stripe(StripeOptions{Subscription: true, Organization: true})
	}},
	{"oauthProvider", "OAuthProvider", "OAuth 2.1 / OpenID Connect provider (needs jwt)", func() core.Plugin { return OAuthProvider() }},
	{"scim", "SCIM", "inbound SCIM 2.0 user and group provisioning", func() core.Plugin { return SCIM(SCIMOptions{ManagedConnections: true}) }},
	{"bearer", "Bearer", "session tokens in the Authorization header", func() core.Plugin { return Bearer() }},
	{"magicLink", "MagicLink", "sign-in by emailed link", func() core.Plugin { return MagicLink() }},
	{"emailOTP", "EmailOTP", "sign-in and email verification by one-time code", func() core.Plugin { return EmailOTP() }},
	{"multiSession", "MultiSession", "several signed-in accounts per browser", func() core.Plugin { return MultiSession() }},
	{"oneTap", "OneTap", "Google One Tap sign-in", func() core.Plugin { return OneTap() }},
	{"customSession", "CustomSession", "reshapes the session the API returns", func() core.Plugin { return CustomSession() }},
	{"genericOAuth", "GenericOAuth", "any OAuth 2.0 / OIDC provider", func() core.Plugin { return GenericOAuth() }},
	{"openAPI", "OpenAPI", "OpenAPI description of the auth API", func() core.Plugin { return OpenAPI() }},
	{"captcha", "Captcha", "CAPTCHA checks on sign-up and sign-in", func() core.Plugin { return Captcha() }},
	{"oneTimeToken", "OneTimeToken", "single-use session tokens", func() core.Plugin { return OneTimeToken() }},
	{"haveIBeenPwned", "HaveIBeenPwned", "rejects breached passwords", func() core.Plugin { return HaveIBeenPwned() }},
	{"oAuthProxy", "OAuthProxy", "OAuth callback proxy for preview deployments", func() core.Plugin { return OAuthProxy() }},
}

// Catalog returns every built-in plugin, sorted by Name.
func Catalog() []Info {
	out := make([]Info, len(entries))
	for i, e := range entries {
		out[i] = e.info()
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Lookup returns the plugin named name: its Better Auth name in any case
// ("twoFactor", "twofactor") or its Better Auth id ("two-factor"; the id
// "device-authorization" means deviceAuthorization).
func Lookup(name string) (Info, bool) {
	for _, e := range entries {
		if strings.EqualFold(e.name, name) {
			return e.info(), true
		}
	}
	for _, e := range entries {
		if e.full().ID() == name {
			return e.info(), true
		}
	}
	return Info{}, false
}

func (e entry) info() Info {
	p := e.full()
	tables := []string{}
	for _, t := range p.Schema() {
		tables = append(tables, t.Key)
	}
	_, runs := p.(core.RuntimePlugin)
	return Info{Name: e.name, Constructor: e.constructor, Tables: tables, Summary: e.summary, Runs: runs}
}

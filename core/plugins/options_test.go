package plugins_test

import (
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
	"github.com/authctl/authctl/schema"
)

// configErr returns core.New's error for plugins ps.
func configErr(ps ...core.Plugin) error {
	_, err := core.New(core.Options{Plugins: ps}).Schema()
	return err
}

// Every bad option is an error from core.New naming the plugin (its id
// prefix or its options type), the table and the field, with the fix.
func TestBadOptions(t *testing.T) {
	for _, c := range []struct {
		name   string
		plugin core.Plugin
		want   []string
	}{
		{"two options values", plugins.TwoFactor(plugins.TwoFactorOptions{}, plugins.TwoFactorOptions{}),
			[]string{"plugin two-factor:", "pass at most one plugins.TwoFactorOptions, got 2"}},
		{"unknown table", plugins.TwoFactor(plugins.TwoFactorOptions{Schema: plugins.Schema{"two_factor": {ModelName: "x"}}}),
			[]string{"plugin two-factor:", `TwoFactorOptions.Schema["two_factor"]`, `twoFactor has no "two_factor" table (its tables: user, twoFactor)`}},
		{"unknown field", plugins.JWT(plugins.JWTOptions{Schema: plugins.Schema{"jwks": {Fields: map[string]string{"publickey": "public_key"}}}}),
			[]string{"plugin jwt:", `JWTOptions.Schema["jwks"].Fields["publickey"]: the jwks table has no field "publickey" (fields: publicKey, privateKey, createdAt, expiresAt, alg, crv)`}},
		{"core table renamed by a plugin", plugins.Admin(plugins.AdminOptions{Schema: plugins.Schema{"user": {ModelName: "users"}}}),
			[]string{"plugin admin:", `AdminOptions.Schema["user"].ModelName: user is a core table; rename it with core.Options.User.ModelName`}},
		{"core column renamed by a plugin", plugins.Admin(plugins.AdminOptions{Schema: plugins.Schema{"user": {Fields: map[string]string{"email": "mail"}}}}),
			[]string{`AdminOptions.Schema["user"].Fields["email"]: admin adds no field "email" to the user table (it adds: role, banned, banReason, banExpires); rename core columns with core.Options.User.Fields`}},
		{"core table the plugin does not extend", plugins.JWT(plugins.JWTOptions{Schema: plugins.Schema{"account": {}}}),
			[]string{`JWTOptions.Schema["account"]: jwt adds no fields to the account table; configure core tables with core.Options.Account`}},
		{"additional fields where the reference takes none", plugins.Passkey(plugins.PasskeyOptions{Schema: plugins.Schema{"passkey": {AdditionalFields: []core.Field{{Name: "label", Type: core.TypeString}}}}}),
			[]string{`PasskeyOptions.Schema["passkey"].AdditionalFields: the passkey table takes no additional fields (Better Auth's passkey accepts them on no table)`}},
		{"additional fields on a core table", plugins.Organization(plugins.OrganizationOptions{Schema: plugins.Schema{"session": {AdditionalFields: []core.Field{{Name: "x", Type: core.TypeString}}}}}),
			[]string{`OrganizationOptions.Schema["session"].AdditionalFields: the session table takes no additional fields (add columns to core tables with core.Options.<Table>.AdditionalFields)`}},
		{"a table its options leave out", plugins.Organization(plugins.OrganizationOptions{Schema: plugins.Schema{"team": {ModelName: "teams"}}}),
			[]string{`OrganizationOptions.Schema["team"]: the team table is only added when OrganizationOptions.Teams is true; change that or remove this entry`}},
		{"a field its options leave out", plugins.Organization(plugins.OrganizationOptions{Schema: plugins.Schema{"invitation": {Fields: map[string]string{"teamId": "team_id"}}}}),
			[]string{`OrganizationOptions.Schema["invitation"].Fields["teamId"]: invitation.teamId is only added when OrganizationOptions.Teams is true`}},
		{"dynamic access control off", plugins.Organization(plugins.OrganizationOptions{Teams: true, Schema: plugins.Schema{"organizationRole": {ModelName: "roles"}}}),
			[]string{`the organizationRole table is only added when OrganizationOptions.DynamicAccessControl is true`}},
		{"displayUsername dropped and renamed", plugins.Username(plugins.UsernameOptions{NoDisplayUsername: true, Schema: plugins.Schema{"user": {Fields: map[string]string{"displayUsername": "display_name"}}}}),
			[]string{"plugin username:", `user.displayUsername is only added when UsernameOptions.NoDisplayUsername is false`}},
		{"username lengths", plugins.Username(plugins.UsernameOptions{MinUsernameLength: 40}),
			[]string{"UsernameOptions: MinUsernameLength 40 is above MaxUsernameLength 30"}},
		{"twoFactorTable disagrees", plugins.TwoFactor(plugins.TwoFactorOptions{TwoFactorTable: "a", Schema: plugins.Schema{"twoFactor": {ModelName: "b"}}}),
			[]string{`TwoFactorOptions.TwoFactorTable "a" and TwoFactorOptions.Schema["twoFactor"].ModelName "b" disagree`}},
		{"lastLoginMethod schema without the column", plugins.LastLoginMethod(plugins.LastLoginMethodOptions{Schema: plugins.Schema{"user": {Fields: map[string]string{"lastLoginMethod": "last_login"}}}}),
			[]string{"plugin last-login-method:", `LastLoginMethodOptions.Schema["user"]: lastLoginMethod adds columns to the user table only when LastLoginMethodOptions.StoreInDatabase is true; change that or remove this entry`}},
		{"sso model names disagree", plugins.SSO(plugins.SSOOptions{ModelName: "a", Schema: plugins.Schema{"ssoProvider": {ModelName: "b"}}}),
			[]string{`SSOOptions.ModelName "a" and SSOOptions.Schema["ssoProvider"].ModelName "b" disagree`}},
		{"sso field renames disagree", plugins.SSO(plugins.SSOOptions{Fields: map[string]string{"domain": "a"}, Schema: plugins.Schema{"ssoProvider": {Fields: map[string]string{"domain": "b"}}}}),
			[]string{`SSOOptions.Fields["domain"] = "a" and SSOOptions.Schema["ssoProvider"].Fields["domain"] = "b" disagree`}},
		{"sso domainVerified without domain verification", plugins.SSO(plugins.SSOOptions{Schema: plugins.Schema{"ssoProvider": {Fields: map[string]string{"domainVerified": "verified"}}}}),
			[]string{`ssoProvider.domainVerified is only added when SSOOptions.DomainVerification is true`}},
		{"sso domainVerified renamed by the top-level Fields", plugins.SSO(plugins.SSOOptions{DomainVerification: true, Fields: map[string]string{"domainVerified": "verified"}}),
			[]string{"plugin sso:", `SSOOptions.Fields["domainVerified"]: Better Auth's top-level fields option cannot rename domainVerified; use SSOOptions.Schema["ssoProvider"].Fields["domainVerified"]`}},
		{"sso additional field with a built-in name", plugins.SSO(plugins.SSOOptions{Schema: plugins.Schema{"ssoProvider": {AdditionalFields: []core.Field{{Name: "domain", Type: core.TypeString}}}}}),
			[]string{"plugin sso:", `SSOOptions.Schema["ssoProvider"].AdditionalFields[0]: "domain" is a built-in ssoProvider field`}},
		{"sso additional field with a response name", plugins.SSO(plugins.SSOOptions{Schema: plugins.Schema{"ssoProvider": {AdditionalFields: []core.Field{{Name: "kind", Type: core.TypeString, Required: core.Optional}, {Name: "redirectURI", Type: core.TypeString}}}}}),
			[]string{`AdditionalFields[1]: "redirectURI" is a field of Better Auth's SSO provider responses`}},
		{"sso additional field on a built-in column", plugins.SSO(plugins.SSOOptions{Fields: map[string]string{"issuer": "iss"}, Schema: plugins.Schema{"ssoProvider": {AdditionalFields: []core.Field{{Name: "issuerUrl", Type: core.TypeString, Column: "iss"}}}}}),
			[]string{"plugin sso:", `ssoProvider: fields "issuer" and "issuerUrl" both map to column "iss"`}},
		{"sso additional field on domainVerified's column, verification off", plugins.SSO(plugins.SSOOptions{Schema: plugins.Schema{"ssoProvider": {AdditionalFields: []core.Field{{Name: "verified", Type: core.TypeBoolean, Column: "domainVerified"}}}}}),
			[]string{`AdditionalFields[0]: column "domainVerified" is the column of the built-in field domainVerified (even with DomainVerification off`}},
		{"an additional field renamed through Fields", plugins.Organization(plugins.OrganizationOptions{Schema: plugins.Schema{"member": {AdditionalFields: []core.Field{{Name: "title", Type: core.TypeString}}, Fields: map[string]string{"title": "job_title"}}}}),
			[]string{"plugin organization:", `OrganizationOptions.Schema["member"].Fields["title"]: "title" is one of OrganizationOptions.Schema["member"].AdditionalFields, which Better Auth does not rename; set that field's Column instead`}},
		{"stripe subscription schema without subscriptions", plugins.Stripe(plugins.StripeOptions{Schema: plugins.Schema{"subscription": {ModelName: "subs"}}}),
			[]string{"plugin stripe:", `the subscription table is only added when StripeOptions.Subscription is true`}},
		{"scim schema, which 1.7.5 does not have", plugins.SCIM(plugins.SCIMOptions{ManagedConnections: true, Schema: plugins.Schema{"scimUser": {ModelName: "scim_users"}}}),
			[]string{"plugin scim:", "SCIMOptions.Schema: Better Auth's scim (1.7.5) has no schema option, so its tables and columns keep their names; remove Schema"}},
		{"schema on a plugin without tables", plugins.Bearer(plugins.BearerOptions{Schema: plugins.Schema{"session": {}}}),
			[]string{"plugin bearer:", `BearerOptions.Schema["session"]: bearer adds no fields to the session table`}},
		{"schema on a plugin without tables, other key", plugins.MagicLink(plugins.MagicLinkOptions{Schema: plugins.Schema{"magicLink": {}}}),
			[]string{"plugin magic-link:", "magicLink has no tables, so its Schema must be empty"}},
		{"two fields mapped to one column", plugins.JWT(plugins.JWTOptions{Schema: plugins.Schema{"jwks": {Fields: map[string]string{"publicKey": "key", "privateKey": "KEY"}}}}),
			[]string{"plugin jwt:", `JWTOptions: jwks: fields "publicKey" and "privateKey" both map to column "KEY"`}},
		{"a field renamed to id", plugins.Passkey(plugins.PasskeyOptions{Schema: plugins.Schema{"passkey": {Fields: map[string]string{"credentialID": "id"}}}}),
			[]string{"plugin passkey:", `passkey: fields "id" and "credentialID" both map to column "id"`}},
		{"an index over a json column", plugins.Organization(plugins.OrganizationOptions{Schema: plugins.Schema{"member": {AdditionalFields: []core.Field{{Name: "prefs", Type: core.TypeJSON, Index: true}}}}}),
			[]string{"plugin organization:", "OrganizationOptions: member.prefs: a json column cannot be indexed; remove unique/index"}},
		{"an enum without values", plugins.SSO(plugins.SSOOptions{Schema: plugins.Schema{"ssoProvider": {AdditionalFields: []core.Field{{Name: "kind", Type: core.TypeEnum}}}}}),
			[]string{"plugin sso:", "ssoProvider.kind: an enum field needs at least one value"}},
		{"two tables renamed to one name", plugins.Organization(plugins.OrganizationOptions{Schema: plugins.Schema{"member": {ModelName: "Org"}, "organization": {ModelName: "org"}}}),
			[]string{"plugin organization:", `tables "organization" and "member" both map to the physical table "Org"`}},
		{"blank column name", plugins.Anonymous(plugins.AnonymousOptions{Schema: plugins.Schema{"user": {Fields: map[string]string{"isAnonymous": " "}}}}),
			[]string{`AnonymousOptions.Schema["user"].Fields["isAnonymous"]: column name " " is blank`}},
		{"apiKey single and several configurations", plugins.APIKey(plugins.APIKeyOptions{RateLimit: plugins.APIKeyRateLimit{MaxRequests: 5}, Configurations: []plugins.APIKeyConfiguration{{ConfigID: "a"}}}),
			[]string{"plugin api-key:", "APIKeyOptions: RateLimit and Configurations are both set"}},
		{"apiKey configuration without id", plugins.APIKey(plugins.APIKeyOptions{Configurations: []plugins.APIKeyConfiguration{{ConfigID: "a"}, {}}}),
			[]string{"APIKeyOptions.Configurations[1].ConfigID is empty"}},
		{"apiKey duplicate configuration id", plugins.APIKey(plugins.APIKeyOptions{Configurations: []plugins.APIKeyConfiguration{{ConfigID: "a"}, {ConfigID: "a"}}}),
			[]string{`APIKeyOptions.Configurations[1].ConfigID "a" is also the ConfigID of Configurations[0]`}},
		{"apiKey window too long for the column", plugins.APIKey(plugins.APIKeyOptions{RateLimit: plugins.APIKeyRateLimit{TimeWindow: 30 * 24 * time.Hour}}),
			[]string{"APIKeyOptions.RateLimit.TimeWindow 720h0m0s is 2592000000 ms, more than the 32-bit apikey.rateLimitTimeWindow column holds"}},
		{"apiKey window below a millisecond", plugins.APIKey(plugins.APIKeyOptions{RateLimit: plugins.APIKeyRateLimit{TimeWindow: 1500 * time.Microsecond}}),
			[]string{"APIKeyOptions.RateLimit.TimeWindow 1.5ms is not a whole number of milliseconds"}},
		{"apiKey negative maximum", plugins.APIKey(plugins.APIKeyOptions{Configurations: []plugins.APIKeyConfiguration{{ConfigID: "a", RateLimit: plugins.APIKeyRateLimit{MaxRequests: -1}}}}),
			[]string{"APIKeyOptions.Configurations[0].RateLimit.MaxRequests -1 is negative"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := configErr(c.plugin)
			if err == nil {
				t.Fatal("core.New accepted it")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%v\ndoes not contain\n%s", err, w)
				}
			}
		})
	}
}

// Several problems are all reported, in a stable order.
func TestBadOptionsAllReported(t *testing.T) {
	p := plugins.Organization(plugins.OrganizationOptions{Schema: plugins.Schema{
		"organization": {Fields: map[string]string{"zzz": "a", "aaa": "b"}},
		"invitation":   {ModelName: " invites"},
	}})
	err := configErr(p)
	if err == nil {
		t.Fatal("accepted")
	}
	msg := err.Error()
	a, i, z := strings.Index(msg, `"aaa"`), strings.Index(msg, `Schema["invitation"]`), strings.Index(msg, `"zzz"`)
	if i < 0 || a < 0 || z < 0 || i > a || a > z {
		t.Fatalf("want invitation, aaa, zzz in that order:\n%s", msg)
	}
	if first := configErr(p).Error(); first != msg {
		t.Fatalf("error text changes run to run:\n%s\n%s", first, msg)
	}
}

func TestSchemaOverrides(t *testing.T) {
	s := schemaOf(t, core.Options{Plugins: []core.Plugin{
		plugins.TwoFactor(plugins.TwoFactorOptions{TwoFactorTable: "two_factor", Schema: plugins.Schema{
			"twoFactor": {Fields: map[string]string{"userId": "user_id"}},
			"user":      {Fields: map[string]string{"twoFactorEnabled": "two_factor_enabled"}},
		}}),
		plugins.SSO(plugins.SSOOptions{ModelName: "sso_providers", Fields: map[string]string{"providerId": "provider_id"},
			Schema: plugins.Schema{"ssoProvider": {Fields: map[string]string{"domain": "domain_name"},
				AdditionalFields: []core.Field{{Name: "label", Type: core.TypeString, Required: core.Optional, Column: "label_text"}}}}}),
		plugins.Organization(plugins.OrganizationOptions{Schema: plugins.Schema{"member": {
			AdditionalFields: []core.Field{{Name: "role", Type: core.TypeString, Required: core.Optional, Column: "member_role"}}}}}),
		plugins.LastLoginMethod(plugins.LastLoginMethodOptions{StoreInDatabase: true, Schema: plugins.Schema{"user": {Fields: map[string]string{"lastLoginMethod": "last_login_method"}}}}),
	}})
	tf := s.Table("twoFactor")
	if tf.Name() != "two_factor" || tf.Field("userId").ColumnName() != "user_id" {
		t.Errorf("twoFactor = %s, userId column %s", tf.Name(), tf.Field("userId").ColumnName())
	}
	if c := s.Table("user").Field("twoFactorEnabled").ColumnName(); c != "two_factor_enabled" {
		t.Errorf("twoFactorEnabled column %s", c)
	}
	if c := s.Table("user").Field("lastLoginMethod").ColumnName(); c != "last_login_method" {
		t.Errorf("lastLoginMethod column %s", c)
	}
	sso := s.Table("ssoProvider")
	if sso.Name() != "sso_providers" || sso.Field("providerId").ColumnName() != "provider_id" {
		t.Errorf("ssoProvider %s / %s", sso.Name(), sso.Field("providerId").ColumnName())
	}
	// Additional fields come last and keep their own Column.
	if fieldNames(sso)[6] != "domain" || sso.Field("domain").ColumnName() != "domain_name" || fieldNames(sso)[7] != "label" || sso.Field("label").ColumnName() != "label_text" {
		t.Errorf("ssoProvider fields %v", fieldNames(sso))
	}
	// On organization's tables an additional field of an existing name
	// replaces it in place, as the object spread of Better Auth 1.7.5's
	// organization() does (sso() refuses such a name instead).
	member := s.Table("member")
	if r := member.Field("role"); fieldNames(member)[2] != "role" || r.IsRequired() || r.Default != nil || r.ColumnName() != "member_role" {
		t.Errorf("member fields %v, role %+v", fieldNames(member), *r)
	}
	// The same SSO setting given twice the same way is no conflict.
	if err := configErr(plugins.SSO(plugins.SSOOptions{ModelName: "a", Schema: plugins.Schema{"ssoProvider": {ModelName: "a"}}})); err != nil {
		t.Error(err)
	}
}

// The plugin's Schema never shares slices with an earlier call, so a
// caller that edits one result cannot change the next.
func TestSchemaIsFresh(t *testing.T) {
	p := plugins.Organization(plugins.OrganizationOptions{Schema: plugins.Schema{
		"member": {AdditionalFields: []core.Field{{Name: "title", Type: core.TypeString}}},
	}})
	a := p.Schema()
	a[0].Fields[0].Name = "changed"
	a[1].Fields[4].Name = "changed"
	b := p.Schema()
	if b[1].Key != "member" || b[0].Fields[0].Name != "name" || b[1].Fields[4].Name != "title" {
		t.Fatalf("second Schema() saw the first caller's edit: %v %v", b[0].Fields[0].Name, b[1].Fields[4].Name)
	}
}

// apiKey's rule: with exactly one key configuration its rate limit gives
// the column defaults of rateLimitTimeWindow and rateLimitMax.
func TestAPIKeyRateLimitDefaults(t *testing.T) {
	rl := plugins.APIKeyRateLimit{TimeWindow: time.Hour, MaxRequests: 100}
	for _, c := range []struct {
		name        string
		opts        plugins.APIKeyOptions
		window, max any
	}{
		{"defaults", plugins.APIKeyOptions{}, 86400000, 10},
		{"single configuration", plugins.APIKeyOptions{RateLimit: rl}, 3600000, 100},
		{"single configuration, window only", plugins.APIKeyOptions{RateLimit: plugins.APIKeyRateLimit{TimeWindow: time.Minute}}, 60000, 10},
		{"one of several", plugins.APIKeyOptions{Configurations: []plugins.APIKeyConfiguration{{ConfigID: "a", RateLimit: rl}}}, 3600000, 100},
		{"several", plugins.APIKeyOptions{Configurations: []plugins.APIKeyConfiguration{{ConfigID: "a", RateLimit: rl}, {ConfigID: "b", RateLimit: rl}}}, 86400000, 10},
		{"disabled keeps the defaults of the columns", plugins.APIKeyOptions{RateLimit: plugins.APIKeyRateLimit{Enabled: core.Bool(false)}}, 86400000, 10},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := schemaOf(t, core.Options{Plugins: []core.Plugin{plugins.APIKey(c.opts)}})
			tb := s.Table("apikey")
			if got := tb.Field("rateLimitTimeWindow").Default; got != c.window {
				t.Errorf("rateLimitTimeWindow default %v, want %v", got, c.window)
			}
			if got := tb.Field("rateLimitMax").Default; got != c.max {
				t.Errorf("rateLimitMax default %v, want %v", got, c.max)
			}
			if got := tb.Field("rateLimitEnabled").Default; got != true {
				t.Errorf("rateLimitEnabled default %v", got)
			}
		})
	}
}

// The options that switch nothing on leave the schema exactly as it is
// without the plugin.
func TestPluginsWithoutTables(t *testing.T) {
	base := render(t, schemaOf(t, withPlugins()()), "postgres", false)
	for _, p := range []core.Plugin{
		plugins.LastLoginMethod(), plugins.Bearer(), plugins.MagicLink(), plugins.EmailOTP(), plugins.MultiSession(),
		plugins.OneTap(), plugins.CustomSession(), plugins.GenericOAuth(), plugins.OpenAPI(), plugins.Captcha(),
		plugins.OneTimeToken(), plugins.HaveIBeenPwned(), plugins.OAuthProxy(),
	} {
		if got := render(t, schemaOf(t, withPlugins(p)()), "postgres", false); got != base {
			t.Errorf("%s changed the schema:\n%s", p.ID(), got)
		}
		if len(p.Schema()) != 0 {
			t.Errorf("%s has tables", p.ID())
		}
	}
}

// CheckTables reports a custom plugin's mistakes as the merge would.
func TestCheckTables(t *testing.T) {
	good := []schema.Table{{Key: "auditLog", Fields: []schema.Field{
		{Name: "userId", Type: schema.TypeString, Index: true, References: &schema.Reference{Model: "user", Field: "id"}},
		{Name: "payload", Type: schema.TypeJSON},
	}}}
	if err := plugins.CheckTables(good); err != nil {
		t.Fatal(err)
	}
	bad := []schema.Table{{Key: "auditLog", Fields: []schema.Field{
		{Name: "payload", Type: schema.TypeJSON, Index: true},
		{Name: "kind", Type: schema.TypeString, Required: schema.Optional},
	}, Indexes: []schema.Index{{Fields: []string{"kind"}, Unique: true}}}}
	err := plugins.CheckTables(bad)
	if err == nil || !strings.Contains(err.Error(), "auditLog.payload: a json column cannot be indexed") ||
		!strings.Contains(err.Error(), `a unique index may only hold required fields, and "kind" is optional`) {
		t.Fatalf("err = %v", err)
	}
}

// Every line of a multi-problem error names the plugin's options, since
// core prefixes only the first with the plugin id.
func TestEveryLineNamesThePlugin(t *testing.T) {
	err := configErr(plugins.Organization(plugins.OrganizationOptions{Schema: plugins.Schema{
		"member":     {Fields: map[string]string{"nope": "x"}, AdditionalFields: []core.Field{{Name: "prefs", Type: core.TypeJSON, Unique: true}}},
		"invitation": {Fields: map[string]string{"email": "EMAIL", "role": "email"}},
	}}))
	if err == nil {
		t.Fatal("accepted")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) < 3 {
		t.Fatalf("want several problems:\n%v", err)
	}
	for _, l := range lines {
		if !strings.Contains(l, "OrganizationOptions") {
			t.Errorf("line does not name the plugin: %s", l)
		}
	}
}

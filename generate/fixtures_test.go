package generate_test

import (
	"context"
	"flag"
	"os"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
	"github.com/authctl/authctl/generate"
	"github.com/authctl/authctl/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/sql")

var dialectNames = []string{"sqlite", "postgres", "mysql"}

// sampleDialect is the dialect's name in the reference sample folders.
var sampleDialect = map[string]string{"sqlite": "sqlite", "postgres": "pg", "mysql": "mysql"}

// ---------------------------------------------------------------------------
// Fixtures: the options of the projects in testdata/fixtures/*/, copied
// exactly (the end-to-end tests compare those projects' output with the
// golden files written from these).

// memory is the secondary fixture's toy key-value store.
type memory struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *memory) Get(_ context.Context, k string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[k], nil
}

func (s *memory) Set(_ context.Context, k, v string, _ time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = v
	return nil
}

func (s *memory) Delete(_ context.Context, k string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, k)
	return nil
}

type fixture struct {
	name string
	opts func() core.Options
}

var fixtures = []fixture{
	{"default", func() core.Options {
		return core.Options{
			AppName:          "default-fixture",
			Database:         core.SQLite("./auth.db"),
			EmailAndPassword: core.EmailAndPassword{Enabled: true},
		}
	}},
	{"plugins", func() core.Options {
		return core.Options{
			Database:         core.SQLite("./auth.db"),
			EmailAndPassword: core.EmailAndPassword{Enabled: true},
			Plugins:          []core.Plugin{plugins.TwoFactor(), plugins.Username()},
		}
	}},
	{"custom", func() core.Options {
		return core.Options{
			Database:         core.Postgres(os.Getenv("DATABASE_URL")),
			EmailAndPassword: core.EmailAndPassword{Enabled: true},
			User: core.UserOptions{
				ModelName: "users",
				Fields:    map[string]string{"email": "email_address", "emailVerified": "email_verified"},
				AdditionalFields: []core.Field{
					{Name: "plan", Type: core.TypeString, Default: "free"},
					{Name: "age", Type: core.TypeNumber, Required: core.Optional},
					{Name: "role", Type: core.TypeEnum, Enum: []string{"admin", "member"}, Default: "member", Index: true},
					{Name: "nickname", Type: core.TypeString, Required: core.Optional, Default: "it's me"},
				},
			},
			Session: core.SessionOptions{ModelName: "sessions"},
			Account: core.AccountOptions{ModelName: "accounts", Fields: map[string]string{"accountId": "account_id"}},
			Verification: core.VerificationOptions{
				ModelName:        "verifications",
				AdditionalFields: []core.Field{{Name: "attempts", Type: core.TypeNumber, Default: 0}},
			},
		}
	}},
	{"serial", func() core.Options {
		return core.Options{
			Database:         core.MySQL(os.Getenv("DATABASE_URL")),
			EmailAndPassword: core.EmailAndPassword{Enabled: true},
			Advanced:         core.Advanced{Database: core.AdvancedDatabase{GenerateID: core.IDSerial}},
			RateLimit:        core.RateLimitOptions{Storage: core.RateLimitDatabase},
			Plugins:          []core.Plugin{plugins.TwoFactor()},
		}
	}},
	{"secondary", func() core.Options {
		return core.Options{
			Database:         core.SQLite("./auth.db"),
			EmailAndPassword: core.EmailAndPassword{Enabled: true},
			SecondaryStorage: &memory{m: map[string]string{}},
			Verification:     core.VerificationOptions{StoreInDatabase: true},
		}
	}},
	{"uuid", func() core.Options {
		return core.Options{
			Database:         core.Postgres(os.Getenv("DATABASE_URL")),
			EmailAndPassword: core.EmailAndPassword{Enabled: true},
			Advanced:         core.Advanced{Database: core.AdvancedDatabase{GenerateID: core.IDUUID}},
			Plugins:          []core.Plugin{plugins.Username(plugins.UsernameOptions{NoDisplayUsername: true})},
		}
	}},
}

// testPlugin contributes arbitrary tables, for shapes no built-in plugin has.
type testPlugin struct{ tables []schema.Table }

// ID names the plugin after what it adds, so that several test plugins in
// one config have different ids (core refuses a plugin listed twice).
func (p testPlugin) ID() string {
	id := "test"
	for _, t := range p.tables {
		id += ":" + t.Key
		for _, f := range t.Fields {
			id += "." + f.Name
		}
	}
	return id
}

func (p testPlugin) Schema() []schema.Table { return p.tables }

// extras covers what the fixtures do not: table-level indexes (unique over
// two strings, named, over an enum), the 63-byte index-name truncation,
// set-null foreign keys, every default kind, json and array columns, and a
// table kept out of migrations. It has no fixture project.
var extras = fixture{"extras", func() core.Options {
	userRef := func(action schema.OnDelete) *schema.Reference {
		return &schema.Reference{Model: "user", Field: "id", OnDelete: action}
	}
	return core.Options{
		Plugins: []core.Plugin{plugins.TwoFactor(), testPlugin{[]schema.Table{
			{Key: "apiClient", Fields: []schema.Field{
				{Name: "tenantSlug", Type: schema.TypeString},
				{Name: "externalReferenceCode", Type: schema.TypeString},
				{Name: "label", Type: schema.TypeString, Required: schema.Optional, Default: `back\slash 'q'`},
				{Name: "tier", Type: schema.TypeEnum, Enum: []string{"free", "pro"}, Default: "free"},
				{Name: "ownerId", Type: schema.TypeString, Required: schema.Optional, References: userRef(schema.SetNull)},
				{Name: "quota", Type: schema.TypeNumber, BigInt: true, Default: 1000},
				{Name: "ratio", Type: schema.TypeNumber, Default: 2.0},
				{Name: "active", Type: schema.TypeBoolean, Default: true},
				{Name: "scopes", Type: schema.TypeStringArray, Required: schema.Optional},
				{Name: "meta", Type: schema.TypeJSON, Required: schema.Optional},
				{Name: "createdAt", Type: schema.TypeDate, Default: schema.Now},
			}, Indexes: []schema.Index{
				{Fields: []string{"tenantSlug", "externalReferenceCode"}, Unique: true},
				{Fields: []string{"tier"}, Name: "apiClient_tier_lookup"},
			}},
			{Key: "organizationInvitationRequest", Fields: []schema.Field{
				{Name: "inviterEmailAddressForNotifications", Type: schema.TypeString, Index: true},
				{Name: "tenantSlug", Type: schema.TypeString},
				{Name: "externalReferenceCode", Type: schema.TypeString},
				{Name: "userId", Type: schema.TypeString, Index: true, References: userRef("")},
			}, Indexes: []schema.Index{{Fields: []string{"tenantSlug", "externalReferenceCode"}, Unique: true}}},
			{Key: "legacyAudit", DisableMigrations: true, Fields: []schema.Field{{Name: "entry", Type: schema.TypeString}}},
		}}},
		User: core.UserOptions{AdditionalFields: []core.Field{
			{Name: "plan", Type: core.TypeString, Default: "free"},
			{Name: "inviteCode", Type: core.TypeString, Required: core.Optional, Unique: true, Default: "none"},
		}},
		RateLimit: core.RateLimitOptions{Storage: core.RateLimitDatabase},
	}
}}

func schemaOf(t *testing.T, fx fixture) *schema.Schema {
	t.Helper()
	s, err := core.New(fx.opts()).Schema()
	if err != nil {
		t.Fatalf("%s: %v", fx.name, err)
	}
	return s
}

func render(t *testing.T, s *schema.Schema, dialect string, compat bool) string {
	t.Helper()
	b, err := generate.SQL(s, generate.SQLOptions{Dialect: dialect, Compat: compat})
	if err != nil {
		t.Fatalf("SQL(%s, compat=%v): %v", dialect, compat, err)
	}
	return string(b)
}

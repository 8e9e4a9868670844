package migrate_test

import (
	"context"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
	"github.com/authctl/authctl/dialects"
	"github.com/authctl/authctl/generate"
	"github.com/authctl/authctl/migrate"
	"github.com/authctl/authctl/schema"
)

// execScript runs a SQL script statement by statement: a statement ends
// with a line ending in ";". Comment lines and psql meta-commands are
// skipped. MySQL runs without foreign-key checks, as dumps expect.
func execScript(t testing.TB, u, script string) {
	t.Helper()
	db := rawDB(t, u)
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if strings.HasPrefix(u, "mysql:") {
		if _, err := conn.ExecContext(context.Background(), "SET FOREIGN_KEY_CHECKS = 0"); err != nil {
			t.Fatal(err)
		}
		defer conn.ExecContext(context.Background(), "SET FOREIGN_KEY_CHECKS = 1")
	}
	var stmt strings.Builder
	for _, line := range strings.Split(script, "\n") {
		trim := strings.TrimSpace(line)
		if stmt.Len() == 0 && (trim == "" || strings.HasPrefix(trim, "--") || strings.HasPrefix(trim, `\`) || strings.HasPrefix(trim, "/*")) {
			continue
		}
		stmt.WriteString(line)
		stmt.WriteString("\n")
		if strings.HasSuffix(trim, ";") {
			s := strings.TrimSpace(stmt.String())
			stmt.Reset()
			if _, err := conn.ExecContext(context.Background(), s); err != nil {
				t.Fatalf("%s\n%v", s, err)
			}
		}
	}
	if s := strings.TrimSpace(stmt.String()); s != "" {
		if _, err := conn.ExecContext(context.Background(), s); err != nil {
			t.Fatalf("%s\n%v", s, err)
		}
	}
}

// fixtures are configs covering every mapping rule: plugins, renamed
// tables and columns with additional fields (static defaults of every
// kind, an indexed enum), each id strategy, the rateLimit table, and
// table-level indexes with json, array and bigint columns.
func fixtures() map[string]core.Options {
	ep := core.EmailAndPassword{Enabled: true}
	return map[string]core.Options{
		"default": {EmailAndPassword: ep},
		"plugins": {EmailAndPassword: ep, Plugins: []core.Plugin{plugins.TwoFactor(), plugins.Username()}},
		"custom": {
			EmailAndPassword: ep,
			User: core.UserOptions{
				ModelName: "users",
				Fields:    map[string]string{"email": "email_address", "emailVerified": "email_verified"},
				AdditionalFields: []core.Field{
					{Name: "plan", Type: core.TypeString, Default: "free"},
					{Name: "age", Type: core.TypeNumber, Required: core.Optional},
					{Name: "role", Type: core.TypeEnum, Enum: []string{"admin", "member"}, Default: "member", Index: true},
					{Name: "nickname", Type: core.TypeString, Required: core.Optional, Default: "it's me"},
					{Name: "score", Type: core.TypeNumber, BigInt: true, Default: -3},
					{Name: "vip", Type: core.TypeBoolean, Default: true},
				},
			},
			Session:      core.SessionOptions{ModelName: "sessions"},
			Account:      core.AccountOptions{ModelName: "accounts", Fields: map[string]string{"accountId": "account_id"}},
			Verification: core.VerificationOptions{ModelName: "verifications", AdditionalFields: []core.Field{{Name: "attempts", Type: core.TypeNumber, Default: 0}}},
		},
		"serial": {
			EmailAndPassword: ep,
			Advanced:         core.Advanced{Database: core.AdvancedDatabase{GenerateID: core.IDSerial}},
			RateLimit:        core.RateLimitOptions{Storage: core.RateLimitDatabase},
			Plugins:          []core.Plugin{plugins.TwoFactor()},
		},
		"uuid": {
			EmailAndPassword: ep,
			Advanced:         core.Advanced{Database: core.AdvancedDatabase{GenerateID: core.IDUUID}},
			Plugins:          []core.Plugin{plugins.Username(plugins.UsernameOptions{NoDisplayUsername: true})},
		},
		"extras": {EmailAndPassword: ep, Plugins: []core.Plugin{extrasPlugin{}}},
	}
}

// extrasPlugin adds a table with table-level indexes (unique and plain,
// over strings, an enum and a number), json and array columns, and a
// foreign key with another ON DELETE action.
type extrasPlugin struct{}

func (extrasPlugin) ID() string { return "extras" }
func (extrasPlugin) Schema() []schema.Table {
	return []schema.Table{{Key: "client", Fields: []schema.Field{
		{Name: "tenant", Type: schema.TypeString},
		{Name: "slug", Type: schema.TypeString},
		{Name: "kind", Type: schema.TypeEnum, Enum: []string{"web", "native"}, Default: "web"},
		{Name: "rank", Type: schema.TypeNumber, Default: 1},
		{Name: "meta", Type: schema.TypeJSON, Required: schema.Optional},
		{Name: "scopes", Type: schema.TypeStringArray, Required: schema.Optional},
		{Name: "ports", Type: schema.TypeNumberArray, Required: schema.Optional},
		{Name: "hits", Type: schema.TypeNumber, BigInt: true, Required: schema.Optional},
		{Name: "ownerId", Type: schema.TypeString, Required: schema.Optional, References: &schema.Reference{Model: "user", Field: "id", OnDelete: schema.SetNull}},
	}, Indexes: []schema.Index{
		{Fields: []string{"tenant", "slug"}, Unique: true},
		{Fields: []string{"kind", "rank"}},
	}}}
}

// On an empty database, migrate creates the same physical schema as the
// SQL `authctl generate` writes (the default mode), on every engine and for
// every fixture: the same tables, columns, types, nullability, defaults,
// primary keys, uniques, indexes and foreign keys.
func TestEmptyDatabaseMatchesGenerate(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		for name, o := range fixtures() {
			t.Run(name, func(t *testing.T) {
				s := mustSchema(t, o)
				viaMigrate, viaGenerate := e.fresh(t), e.fresh(t)
				apply(t, open(t, viaMigrate, migrate.Options{}), s)
				sql, err := generate.SQL(s, generate.SQLOptions{Dialect: e.name})
				if err != nil {
					t.Fatal(err)
				}
				execScript(t, viaGenerate, string(sql))
				a, b := describe(t, viaMigrate, ""), describe(t, viaGenerate, "")
				if d := diffPhysical(a, b, nil); d != "" {
					t.Errorf("migrate (first) and generate (second) differ:\n%s", d)
				}
				// And the generated database is up to date for migrate.
				p, err := open(t, viaGenerate, migrate.Options{}).Plan(context.Background(), s)
				if err != nil {
					t.Fatal(err)
				}
				if p.Pending() || len(p.Warnings) > 0 {
					t.Errorf("a database made by generate's SQL: plan\n%s\nwarnings %+v", p.SQL(), p.Warnings)
				}
			})
		}
	})
}

// dialectName is used in messages.
var _ = dialects.Names

package migrate_test

import (
	"context"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/migrate"
)

// Names longer than the engine keeps are refused before anything runs,
// naming the limit: PostgreSQL truncates them (and the next run no longer
// finds them), MySQL rejects them at the statement. 63 bytes is fine.
func TestRefuseNamesOverTheEngineLimit(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		long := strings.Repeat("c", 70)
		s := mustSchema(t, with(base, func(o *core.Options) {
			o.User.AdditionalFields = []core.Field{{Name: long, Type: core.TypeString, Required: core.Optional, Index: true}}
		}))
		u := e.fresh(t)
		m := open(t, u, migrate.Options{})
		_, err := m.Plan(context.Background(), s)
		if e.name == "sqlite" {
			if err != nil {
				t.Fatal(err)
			}
			apply(t, m, s)
			upToDate(t, u, s)
			return
		}
		want := map[string]string{
			"postgres": "column user." + long + " is 70 bytes; PostgreSQL keeps 63",
			"mysql":    "column user." + long + " is 70 characters; MySQL allows 64",
		}[e.name]
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "shorter name") {
			t.Fatalf("plan error = %v, want %q", err, want)
		}
		if _, err := m.Apply(context.Background(), s, migrate.ApplyOptions{}); err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("apply error = %v", err)
		}
		if tableExists(t, u, "user") {
			t.Fatal("something was applied")
		}

		// Exactly at the limit: migrates, and is up to date afterwards.
		fits := strings.Repeat("c", map[string]int{"postgres": 63, "mysql": 64}[e.name])
		s = mustSchema(t, with(base, func(o *core.Options) {
			o.User.AdditionalFields = []core.Field{{Name: fits, Type: core.TypeString, Required: core.Optional, Index: true}}
		}))
		apply(t, m, s)
		upToDate(t, u, s)
	})
}

// MySQL names a foreign key "<table>_ibfk_<n>", which must fit in 64
// characters too: a 60-character table with a foreign key is refused.
func TestRefuseMySQLTableTooLongForForeignKeyName(t *testing.T) {
	u := freshMySQL(t)
	s := mustSchema(t, with(base, func(o *core.Options) { o.Session.ModelName = strings.Repeat("s", 60) }))
	_, err := open(t, u, migrate.Options{}).Plan(context.Background(), s)
	if err == nil || !strings.Contains(err.Error(), "MySQL names its foreign keys "+strings.Repeat("s", 60)+"_ibfk_1") ||
		!strings.Contains(err.Error(), "64 characters") {
		t.Fatalf("plan error = %v", err)
	}
}

// Identifiers are quoted for the engine whatever they hold: a table,
// columns and an index with double quotes and backticks are created,
// altered (a SQLite table rebuild included) and then up to date, on all
// three engines, and in a PostgreSQL schema whose name has a quote.
func TestQuotedIdentifiers(t *testing.T) {
	weird := with(base, func(o *core.Options) {
		o.User.Fields = map[string]string{"name": `full "name"`}
		o.User.AdditionalFields = []core.Field{
			{Name: `nick"name`, Type: core.TypeString, Required: core.Optional, Index: true},
			{Name: "back`tick", Type: core.TypeString, Required: core.Optional, Unique: true},
		}
		o.Verification.ModelName = "verif`ica\"tion"
	})
	more := with(weird, func(o *core.Options) {
		o.Session.AdditionalFields = []core.Field{
			{Name: `own"er`, Type: core.TypeString, Required: core.Optional, References: &core.Reference{Model: "user", Field: "id"}},
		}
		o.User.AdditionalFields = append(o.User.AdditionalFields, core.Field{Name: "it's", Type: core.TypeString, Default: "o'k", Index: true})
		o.Account.ModelName = "acc'ount"
	})
	forEach(t, func(t *testing.T, e engine) {
		u := e.fresh(t)
		apply(t, open(t, u, migrate.Options{}), mustSchema(t, weird))
		upToDate(t, u, mustSchema(t, weird))
		insertUser2 := "INSERT INTO " + quoteEsc(u, "user") + " (" + quoteEsc(u, "id") + ", " + quoteEsc(u, `full "name"`) + ", " + quoteEsc(u, "email") + ", " +
			quoteEsc(u, "createdAt") + ", " + quoteEsc(u, "updatedAt") + ") VALUES ('u1', 'Ada', 'ada@example.com', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
		mustExec(t, rawDB(t, u), insertUser2)
		apply(t, open(t, u, migrate.Options{}), mustSchema(t, more))
		upToDate(t, u, mustSchema(t, more))
		for _, c := range []string{`full "name"`, `nick"name`, "back`tick", "it's"} {
			if !hasColumn(t, u, "user", c) {
				t.Errorf("user.%s missing", c)
			}
		}
		if !hasColumn(t, u, "session", `own"er`) || !tableExists(t, u, "verif`ica\"tion") || !tableExists(t, u, "acc'ount") {
			t.Error("session.own\"er, the verification or the account table is missing")
		}
	})
	t.Run("postgres schema", func(t *testing.T) {
		u := freshPostgres(t)
		name := `au"th` + randomName("_")
		t.Cleanup(func() {
			mustExec(t, rawDB(t, u), `DROP SCHEMA IF EXISTS "`+strings.ReplaceAll(name, `"`, `""`)+`" CASCADE`)
		})
		apply(t, open(t, u, migrate.Options{Schema: name}), mustSchema(t, weird))
		apply(t, open(t, u, migrate.Options{Schema: name}), mustSchema(t, more))
		p, err := open(t, u, migrate.Options{Schema: name}).Plan(context.Background(), mustSchema(t, more))
		if err != nil || p.Pending() {
			t.Fatalf("plan: %v, pending %q", err, p.Statements)
		}
	})
}

// hasColumn is columnExists for names with spaces.
func hasColumn(t testing.TB, u, table, column string) bool {
	t.Helper()
	for _, c := range describe(t, u, "")[table].Columns {
		if strings.HasPrefix(c, column+" ") {
			return true
		}
	}
	return false
}

// quoteEsc quotes an identifier for the engine of u, doubling the quote
// character inside it.
func quoteEsc(u, ident string) string {
	q := `"`
	if strings.HasPrefix(u, "mysql") {
		q = "`"
	}
	return q + strings.ReplaceAll(ident, q, q+q) + q
}

// MySQL's limit counts characters, not bytes: a column of 30 Chinese
// characters (90 bytes) is a valid name there.
func TestMySQLNameLimitCountsCharacters(t *testing.T) {
	u := freshMySQL(t)
	s := mustSchema(t, with(base, func(o *core.Options) {
		o.User.AdditionalFields = []core.Field{{Name: strings.Repeat("用", 30), Type: core.TypeString, Required: core.Optional, Index: true}}
	}))
	apply(t, open(t, u, migrate.Options{}), s)
	upToDate(t, u, s)
}

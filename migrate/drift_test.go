package migrate_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
	"github.com/authctl/authctl/generate"
	"github.com/authctl/authctl/migrate"
)

// driftSQL is generate's SQL for the base config with the user table
// changed the way hand edits change it: image has another type, name is
// nullable, emailVerified lost its default, and two columns the schema
// does not have, one of them NOT NULL without a default.
func driftSQL(t testing.TB, dialect string) string {
	b, err := generate.SQL(mustSchema(t, base), generate.SQLOptions{Dialect: dialect})
	if err != nil {
		t.Fatal(err)
	}
	q := func(s string) string {
		if dialect == "mysql" {
			return strings.ReplaceAll(s, `"`, "`")
		}
		return s
	}
	intType := "integer"
	if dialect == "mysql" {
		intType = "int"
	}
	sql := string(b)
	for _, r := range [][2]string{
		{q(`"image" text`), q(`"image" ` + intType)},
		{q(`"name" text not null`), q(`"name" text`)},
		{q(`"name" varchar(255) not null`), q(`"name" varchar(255)`)},
		{q(`"emailVerified" integer default 0 not null`), q(`"emailVerified" integer not null`)},
		{q(`"emailVerified" boolean default false not null`), q(`"emailVerified" boolean not null`)},
		{q(`"updatedAt" timestamp(3) default CURRENT_TIMESTAMP(3) not null)`), q(`"updatedAt" timestamp(3) default CURRENT_TIMESTAMP(3) not null, "legacy" text, "tenant" varchar(20) not null)`)},
		{q(`"updatedAt" timestamptz default CURRENT_TIMESTAMP not null)`), q(`"updatedAt" timestamptz default CURRENT_TIMESTAMP not null, "legacy" text, "tenant" varchar(20) not null)`)},
		{q(`"updatedAt" date not null)`), q(`"updatedAt" date not null, "legacy" text, "tenant" varchar(20) not null)`)},
	} {
		sql = strings.Replace(sql, r[0], r[1], 1)
	}
	return sql
}

// Drift is reported, one warning per difference, and never planned.
func TestDriftIsReportedNotChanged(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		u := e.fresh(t)
		execScript(t, u, driftSQL(t, e.name))
		before := describe(t, u, "")
		p, err := open(t, u, migrate.Options{}).Plan(context.Background(), mustSchema(t, base))
		if err != nil {
			t.Fatal(err)
		}
		if p.Pending() {
			t.Errorf("drift was planned:\n%s", p.SQL())
		}
		var got []string
		for _, w := range p.Warnings {
			got = append(got, w.Kind+" "+w.Table+"."+w.Column)
			if !strings.Contains(w.Message, w.Column) {
				t.Errorf("warning does not name its column: %+v", w)
			}
		}
		sort.Strings(got)
		want := []string{"default user.emailVerified", "extra-column user.legacy", "nullable user.name", "required-column user.tenant", "type user.image"}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("warnings:\n%s\nwant:\n%s\nfull: %+v", strings.Join(got, "\n"), strings.Join(want, "\n"), p.Warnings)
		}
		// Applying changes nothing either.
		apply(t, open(t, u, migrate.Options{}), mustSchema(t, base))
		if d := diffPhysical(before, describe(t, u, ""), nil); d != "" {
			t.Errorf("apply changed drifted columns:\n%s", d)
		}
	})
}

// A table of a removed plugin is kept and reported.
func TestRemovedPluginTableIsKept(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		u := e.fresh(t)
		apply(t, open(t, u, migrate.Options{}), mustSchema(t, with(base, func(o *core.Options) { o.Plugins = []core.Plugin{plugins.TwoFactor()} })))
		p, err := open(t, u, migrate.Options{}).Plan(context.Background(), mustSchema(t, base))
		if err != nil {
			t.Fatal(err)
		}
		if p.Pending() {
			t.Errorf("pending:\n%s", p.SQL())
		}
		kinds := map[string]string{}
		for _, w := range p.Warnings {
			kinds[w.Table+"."+w.Column] = w.Kind
		}
		if kinds["twoFactor."] != "extra-table" || kinds["user.twoFactorEnabled"] != "extra-column" || len(kinds) != 2 {
			t.Errorf("warnings = %+v", p.Warnings)
		}
	})
}

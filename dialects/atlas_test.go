package dialects_test

import (
	"fmt"
	"strings"
	"testing"

	amysql "ariga.io/atlas/sql/mysql"
	apostgres "ariga.io/atlas/sql/postgres"
	atlas "ariga.io/atlas/sql/schema"

	"github.com/authctl/authctl/dialects"
	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/schema"
)

func TestPostgresAutoName(t *testing.T) {
	cases := []struct{ table, column, label, want string }{
		{"user", "email", "key", "user_email_key"},
		{"session", "userId", "fkey", "session_userId_fkey"},
		// 63 bytes: the longer part loses characters first.
		{strings.Repeat("t", 60), "email", "key", strings.Repeat("t", 53) + "_email_key"},
		{"user", strings.Repeat("c", 70), "fkey", "user_" + strings.Repeat("c", 53) + "_fkey"},
		{strings.Repeat("a", 40), strings.Repeat("b", 40), "key", strings.Repeat("a", 29) + "_" + strings.Repeat("b", 29) + "_key"},
		// Never half a UTF-8 character.
		{strings.Repeat("é", 40), "x", "key", strings.Repeat("é", 28) + "_x_key"},
	}
	for _, c := range cases {
		got := dialects.PostgresAutoName(c.table, c.column, c.label)
		if got != c.want || len(got) > 63 {
			t.Errorf("PostgresAutoName(%q, %q, %q) = %q (%d bytes), want %q", c.table, c.column, c.label, got, len(got), c.want)
		}
	}
}

func TestUniqueFieldName(t *testing.T) {
	for d, want := range map[string]string{"postgres": "user_email_key", "mysql": "email", "sqlite": "user_email_uidx"} {
		if got := dialects.UniqueFieldName(mustGet(t, d).Engine(), "user", "email"); got != want {
			t.Errorf("%s: %q, want %q", d, got, want)
		}
	}
}

func TestWritesStaticDefault(t *testing.T) {
	cases := []struct {
		f    schema.Field
		want bool
	}{
		{schema.Field{Type: schema.TypeString, Default: "free"}, true},
		{schema.Field{Type: schema.TypeBoolean, Default: false}, true},
		{schema.Field{Type: schema.TypeNumber, Default: 0}, true},
		{schema.Field{Type: schema.TypeEnum, Enum: []string{"a"}, Default: "a"}, true},
		{schema.Field{Type: schema.TypeString, Default: "x", Unique: true}, false},
		{schema.Field{Type: schema.TypeDate, Default: schema.Now}, false},
		{schema.Field{Type: schema.TypeJSON, Default: "{}"}, false},
		{schema.Field{Type: schema.TypeString}, false},
	}
	for _, c := range cases {
		if got := dialects.WritesStaticDefault(c.f); got != c.want {
			t.Errorf("WritesStaticDefault(%+v) = %v", c.f, got)
		}
	}
}

func sample(ids schema.IDStrategy) *schema.Schema {
	user := &schema.Table{Key: "user", Order: 1, Fields: []schema.Field{
		{Name: "email", Type: schema.TypeString, Unique: true},
		{Name: "plan", Type: schema.TypeString, Default: "it's"},
		{Name: "active", Type: schema.TypeBoolean, Default: true, Required: schema.Optional},
		{Name: "createdAt", Type: schema.TypeDate, Default: schema.Now},
		{Name: "tags", Type: schema.TypeStringArray, Required: schema.Optional},
	}}
	session := &schema.Table{Key: "session", Order: 2, Fields: []schema.Field{
		{Name: "userId", Type: schema.TypeString, Index: true, References: &schema.Reference{Model: "user", Field: "id"}},
		{Name: "orgId", Type: schema.TypeString, Required: schema.Optional, References: &schema.Reference{Model: "orgs", Field: "id", OnDelete: schema.SetNull}},
	}, Indexes: []schema.Index{{Fields: []string{"userId", "orgId"}}}}
	return &schema.Schema{IDs: ids, Tables: []*schema.Table{user, session}}
}

// describeTable renders what AtlasTables made, in a form a test can read.
func describeTable(t *atlas.Table) string {
	var b strings.Builder
	for _, c := range t.Columns {
		fmt.Fprintf(&b, "%s %s null=%v", c.Name, c.Type.Raw, c.Type.Null)
		switch d := c.Default.(type) {
		case *atlas.Literal:
			fmt.Fprintf(&b, " default=%s", d.V)
		case *atlas.RawExpr:
			fmt.Fprintf(&b, " default=(%s)", d.X)
		}
		for _, a := range c.Attrs {
			switch a.(type) {
			case *apostgres.Identity:
				b.WriteString(" identity")
			case *amysql.AutoIncrement:
				b.WriteString(" auto_increment")
			}
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "pk %s\n", t.PrimaryKey.Parts[0].C.Name)
	for _, ix := range t.Indexes {
		var cols []string
		for _, p := range ix.Parts {
			cols = append(cols, p.C.Name)
		}
		constraint := ""
		for _, a := range ix.Attrs {
			if c, ok := a.(*apostgres.Constraint); ok {
				constraint = " constraint " + c.T
			}
		}
		fmt.Fprintf(&b, "index %s unique=%v (%s)%s\n", ix.Name, ix.Unique, strings.Join(cols, ","), constraint)
	}
	for _, fk := range t.ForeignKeys {
		fmt.Fprintf(&b, "fk %q %s -> %s.%s %s\n", fk.Symbol, fk.Columns[0].Name, fk.RefTable.Name, fk.RefColumns[0].Name, fk.OnDelete)
	}
	return b.String()
}

func TestAtlasTables(t *testing.T) {
	cases := []struct {
		dialect string
		ids     schema.IDStrategy
		user    string
		session string
	}{
		{"postgres", schema.IDString, `id text null=false
email text null=false
plan text null=false default='it''s'
active boolean null=true default=true
createdAt timestamptz null=false default=(CURRENT_TIMESTAMP)
tags jsonb null=true
pk id
index user_email_key unique=true (email) constraint u
`, `id text null=false
userId text null=false
orgId text null=true
pk id
index session_userId_idx unique=false (userId)
index session_userId_orgId_idx unique=false (userId,orgId)
fk "session_userId_fkey" userId -> user.id CASCADE
fk "session_orgId_fkey" orgId -> orgs.id SET NULL
`},
		{"postgres", schema.IDUUID, "id uuid null=false default=(pg_catalog.gen_random_uuid())", "userId uuid null=false"},
		{"postgres", schema.IDSerial, "id integer null=false identity", "userId integer null=false"},
		{"mysql", schema.IDString, `id varchar(36) null=false
email varchar(255) null=false
plan text null=false default=(('it''s'))
active boolean null=true default=true
createdAt timestamp(3) null=false default=(CURRENT_TIMESTAMP(3))
tags json null=true
pk id
index email unique=true (email)
`, `id varchar(36) null=false
userId varchar(36) null=false
orgId varchar(36) null=true
pk id
index session_userId_idx unique=false (userId)
index session_userId_orgId_idx unique=false (userId,orgId)
fk "" userId -> user.id CASCADE
fk "" orgId -> orgs.id SET NULL
`},
		{"mysql", schema.IDSerial, "id int null=false auto_increment", "userId int null=false"},
		{"sqlite", schema.IDString, `id text null=false
email text null=false
plan text null=false default='it''s'
active integer null=true default=1
createdAt date null=false
tags text null=true
pk id
index user_email_uidx unique=true (email)
`, `fk "" orgId -> orgs.id SET NULL`},
		{"sqlite", schema.IDSerial, "id integer null=false\n", "userId integer null=false"},
	}
	for _, c := range cases {
		s := atlas.New("main")
		tables, err := dialects.AtlasTables(mustGet(t, c.dialect).Engine(), sample(c.ids), dialects.AtlasOptions{Schema: s})
		if err != nil {
			t.Fatalf("%s %q: %v", c.dialect, c.ids, err)
		}
		if len(tables) != 2 || len(s.Tables) != 2 || tables[0].Schema != s {
			t.Fatalf("%s: tables %d, in schema %d", c.dialect, len(tables), len(s.Tables))
		}
		if got := describeTable(tables[0]); !strings.Contains(got, c.user) {
			t.Errorf("%s %q user:\n%s\nwant (part):\n%s", c.dialect, c.ids, got, c.user)
		}
		if got := describeTable(tables[1]); !strings.Contains(got, c.session) {
			t.Errorf("%s %q session:\n%s\nwant (part):\n%s", c.dialect, c.ids, got, c.session)
		}
	}
}

func TestAtlasTablesExternal(t *testing.T) {
	s := atlas.New("public")
	orgs := atlas.NewTable("orgs").AddColumns(atlas.NewIntColumn("id", "bigint"))
	tables, err := dialects.AtlasTables(engine.Postgres, sample(schema.IDString), dialects.AtlasOptions{Schema: s,
		External: func(name string) *atlas.Table {
			if name == "orgs" {
				return orgs
			}
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	if fk := tables[1].ForeignKeys[1]; fk.RefTable != orgs {
		t.Errorf("foreign key to orgs points at %p, want the live table", fk.RefTable)
	}
}

func TestAtlasTablesErrors(t *testing.T) {
	if _, err := dialects.AtlasTables(nil, sample(""), dialects.AtlasOptions{Schema: atlas.New("x")}); err == nil {
		t.Error("unknown dialect: no error")
	}
	if _, err := dialects.AtlasTables(engine.SQLite, sample(""), dialects.AtlasOptions{}); err == nil {
		t.Error("no schema: no error")
	}
	bad := sample("")
	bad.Tables[0].Fields[1].Default = 3 // a number on a string column
	if _, err := dialects.AtlasTables(engine.SQLite, bad, dialects.AtlasOptions{Schema: atlas.New("main")}); err == nil || !strings.Contains(err.Error(), "plan") {
		t.Errorf("bad default: %v", err)
	}
	bad = sample("")
	bad.Tables[1].Fields[0].References.Field = "nosuch"
	if _, err := dialects.AtlasTables(engine.SQLite, bad, dialects.AtlasOptions{Schema: atlas.New("main")}); err == nil {
		t.Error("reference to a missing field: no error")
	}
}

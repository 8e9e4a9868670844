package dialects_test

import (
	"math"
	"strings"
	"testing"

	"github.com/authctl/authctl/dialects"
	"github.com/authctl/authctl/schema"
)

var all = []string{"sqlite", "postgres", "mysql"}

func mustGet(t *testing.T, name string) dialects.Dialect {
	t.Helper()
	d, err := dialects.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestGet(t *testing.T) {
	for in, want := range map[string]string{
		"sqlite": "sqlite", "postgres": "postgres", "postgresql": "postgres", "pg": "postgres",
		"mysql": "mysql", "mariadb": "mysql", "PG": "postgres", " MySQL ": "mysql", "sqlite3": "sqlite",
	} {
		d, err := dialects.Get(in)
		if err != nil {
			t.Errorf("Get(%q): %v", in, err)
			continue
		}
		if d.Name() != want {
			t.Errorf("Get(%q).Name() = %q, want %q", in, d.Name(), want)
		}
	}
	for _, in := range []string{"", "mssql", "sqlite4", "postgre"} {
		_, err := dialects.Get(in)
		if err == nil {
			t.Errorf("Get(%q): no error", in)
			continue
		}
		for _, name := range dialects.Names() {
			if !strings.Contains(err.Error(), name) {
				t.Errorf("Get(%q) error %q does not list %q", in, err, name)
			}
		}
	}
}

func TestQuote(t *testing.T) {
	cases := []struct{ dialect, in, want string }{
		{"sqlite", "user", `"user"`},
		{"sqlite", `we"ird`, `"we""ird"`},
		{"postgres", "twoFactor", `"twoFactor"`},
		{"postgres", `a"b"`, `"a""b"""`},
		{"mysql", "user", "`user`"},
		{"mysql", "we`ird", "`we``ird`"},
		{"mysql", `dq"`, "`dq\"`"},
	}
	for _, c := range cases {
		if got := mustGet(t, c.dialect).Quote(c.in); got != c.want {
			t.Errorf("%s Quote(%q) = %s, want %s", c.dialect, c.in, got, c.want)
		}
	}
}

func TestID(t *testing.T) {
	cases := []struct {
		dialect string
		ids     schema.IDStrategy
		want    dialects.IDColumn
	}{
		{"sqlite", schema.IDString, dialects.IDColumn{Type: "text"}},
		{"sqlite", schema.IDUUID, dialects.IDColumn{Type: "text"}},
		{"sqlite", schema.IDSerial, dialects.IDColumn{Type: "integer"}},
		{"postgres", schema.IDString, dialects.IDColumn{Type: "text"}},
		{"postgres", schema.IDUUID, dialects.IDColumn{Type: "uuid", Default: "pg_catalog.gen_random_uuid()"}},
		{"postgres", schema.IDSerial, dialects.IDColumn{Type: "integer", Identity: true}},
		{"mysql", schema.IDString, dialects.IDColumn{Type: "varchar(36)"}},
		{"mysql", schema.IDUUID, dialects.IDColumn{Type: "varchar(36)"}},
		{"mysql", schema.IDSerial, dialects.IDColumn{Type: "integer", AutoIncrement: true}},
	}
	for _, c := range cases {
		got, err := mustGet(t, c.dialect).ID(c.ids)
		if err != nil || got != c.want {
			t.Errorf("%s ID(%q) = %+v, %v; want %+v", c.dialect, c.ids, got, err, c.want)
		}
	}
	for _, name := range all {
		if _, err := mustGet(t, name).ID("snowflake"); err == nil {
			t.Errorf("%s ID(snowflake): no error", name)
		}
	}
}

// strs returns n required string fields s1..sn.
func strs(n int) []schema.Field {
	out := make([]schema.Field, n)
	for i := range out {
		out[i] = schema.Field{Name: "s" + string(rune('a'+i)), Type: schema.TypeString}
	}
	return out
}

func names(fs []schema.Field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}

func TestColumnType(t *testing.T) {
	userRef := &schema.Reference{Model: "user", Field: "id"}
	emailRef := &schema.Reference{Model: "user", Field: "email"}
	enum := []string{"admin", "member"}

	twoStr := &schema.Table{Key: "client", Fields: strs(2), Indexes: []schema.Index{{Fields: []string{"sa", "sb"}, Unique: true}}}
	sixteen := &schema.Table{Key: "wide", Fields: strs(16), Indexes: []schema.Index{{Fields: names(strs(16))}}}
	mixed := &schema.Table{Key: "mixed", Fields: append(strs(1), schema.Field{Name: "n", Type: schema.TypeNumber}),
		Indexes: []schema.Index{{Fields: []string{"sa", "n"}}}}
	// A string in two indexes takes the narrower width.
	twoIdx := &schema.Table{Key: "two", Fields: strs(16), Indexes: []schema.Index{
		{Fields: []string{"sa", "sb"}}, {Fields: names(strs(16)), Unique: true}}}
	enumIdx := &schema.Table{Key: "roles", Fields: []schema.Field{
		{Name: "org", Type: schema.TypeString}, {Name: "role", Type: schema.TypeEnum, Enum: enum}},
		Indexes: []schema.Index{{Fields: []string{"org", "role"}, Unique: true}}}
	// Table and column names long enough for the 63-byte index-name
	// truncation: widths do not depend on names.
	long := &schema.Table{Key: "organizationInvitationRequest", Fields: []schema.Field{
		{Name: "tenantSlug", Type: schema.TypeString}, {Name: "externalReferenceCode", Type: schema.TypeString}},
		Indexes: []schema.Index{{Fields: []string{"tenantSlug", "externalReferenceCode"}, Unique: true}}}

	type want struct{ sqlite, postgres, mysql string }
	cases := []struct {
		name        string
		ids         schema.IDStrategy
		table       *schema.Table // nil: a table holding only f
		f           schema.Field  // ignored when field is set
		field       string        // a field of table
		want        want
		mysqlCompat string // MySQL type with Compat, when it differs
	}{
		{name: "string", f: schema.Field{Name: "x", Type: schema.TypeString}, want: want{"text", "text", "text"}},
		{name: "string optional", f: schema.Field{Name: "x", Type: schema.TypeString, Required: schema.Optional}, want: want{"text", "text", "text"}},
		{name: "string unique", f: schema.Field{Name: "x", Type: schema.TypeString, Unique: true}, want: want{"text", "text", "varchar(255)"}},
		{name: "string sortable", f: schema.Field{Name: "x", Type: schema.TypeString, Sortable: true}, want: want{"text", "text", "varchar(255)"}},
		{name: "string index", f: schema.Field{Name: "x", Type: schema.TypeString, Index: true}, want: want{"text", "text", "varchar(255)"}},
		// Outside compat a string foreign key to another string column
		// takes that column's type (user.email: varchar(255)), not an id's.
		{name: "string references non-id", f: schema.Field{Name: "x", Type: schema.TypeString, References: emailRef}, want: want{"text", "text", "varchar(255)"}, mysqlCompat: "varchar(36)"},
		{name: "string references non-id, indexed", f: schema.Field{Name: "x", Type: schema.TypeString, Index: true, References: emailRef}, want: want{"text", "text", "varchar(255)"}, mysqlCompat: "varchar(36)"},
		{name: "string unique beats references", f: schema.Field{Name: "x", Type: schema.TypeString, Unique: true, References: emailRef}, want: want{"text", "text", "varchar(255)"}},
		{name: "fk to id", f: schema.Field{Name: "userId", Type: schema.TypeString, Index: true, References: userRef}, want: want{"text", "text", "varchar(36)"}},
		{name: "fk to id, uuid", ids: schema.IDUUID, f: schema.Field{Name: "userId", Type: schema.TypeString, References: userRef}, want: want{"text", "uuid", "varchar(36)"}},
		{name: "fk to id, serial", ids: schema.IDSerial, f: schema.Field{Name: "userId", Type: schema.TypeString, References: userRef}, want: want{"integer", "integer", "integer"}},
		{name: "fk to id, external table", ids: schema.IDSerial, f: schema.Field{Name: "orgId", Type: schema.TypeString, References: &schema.Reference{Model: "orgs", Field: "id"}}, want: want{"integer", "integer", "integer"}},
		{name: "number", f: schema.Field{Name: "x", Type: schema.TypeNumber}, want: want{"integer", "integer", "integer"}},
		{name: "bigint", f: schema.Field{Name: "x", Type: schema.TypeNumber, BigInt: true}, want: want{"bigint", "bigint", "bigint"}},
		{name: "boolean", f: schema.Field{Name: "x", Type: schema.TypeBoolean}, want: want{"integer", "boolean", "boolean"}},
		{name: "date", f: schema.Field{Name: "x", Type: schema.TypeDate, Default: schema.Now}, want: want{"date", "timestamptz", "timestamp(3)"}},
		{name: "json", f: schema.Field{Name: "x", Type: schema.TypeJSON}, want: want{"text", "jsonb", "json"}},
		{name: "string[]", f: schema.Field{Name: "x", Type: schema.TypeStringArray}, want: want{"text", "jsonb", "json"}},
		{name: "number[]", f: schema.Field{Name: "x", Type: schema.TypeNumberArray}, want: want{"text", "jsonb", "json"}},
		{name: "enum", f: schema.Field{Name: "x", Type: schema.TypeEnum, Enum: enum}, want: want{"text", "text", "text"}},
		{name: "enum sortable", f: schema.Field{Name: "x", Type: schema.TypeEnum, Enum: enum, Sortable: true}, want: want{"text", "text", "text"}},
		{name: "enum index", f: schema.Field{Name: "x", Type: schema.TypeEnum, Enum: enum, Index: true}, want: want{"text", "text", "varchar(255)"}, mysqlCompat: "text"},
		{name: "enum unique", f: schema.Field{Name: "x", Type: schema.TypeEnum, Enum: enum, Unique: true}, want: want{"text", "text", "varchar(255)"}, mysqlCompat: "text"},
		{name: "enum in table index", table: enumIdx, field: "role", want: want{"text", "text", "varchar(191)"}, mysqlCompat: "text"},
		{name: "string beside enum in table index", table: enumIdx, field: "org", want: want{"text", "text", "varchar(191)"}},
		{name: "2-string unique table index", table: twoStr, field: "sa", want: want{"text", "text", "varchar(191)"}},
		{name: "2-string unique table index, 2nd", table: twoStr, field: "sb", want: want{"text", "text", "varchar(191)"}},
		{name: "16-string table index", table: sixteen, field: "sp", want: want{"text", "text", "varchar(48)"}},
		{name: "string and number in table index", table: mixed, field: "sa", want: want{"text", "text", "varchar(191)"}},
		{name: "narrowest of two table indexes", table: twoIdx, field: "sa", want: want{"text", "text", "varchar(48)"}},
		{name: "long names in table index", table: long, field: "externalReferenceCode", want: want{"text", "text", "varchar(191)"}},
	}
	for _, c := range cases {
		tbl, f := c.table, c.f
		if tbl == nil {
			tbl = &schema.Table{Key: "t", Fields: []schema.Field{f}}
		} else {
			f = *tbl.Field(c.field)
		}
		s := &schema.Schema{IDs: c.ids, Tables: []*schema.Table{{Key: "user", Fields: []schema.Field{{Name: "email", Type: schema.TypeString, Unique: true}}}, tbl}}
		for i, w := range []string{c.want.sqlite, c.want.postgres, c.want.mysql} {
			d := mustGet(t, all[i])
			got, err := d.ColumnType(s, tbl, f, dialects.TypeOptions{})
			if err != nil || got != w {
				t.Errorf("%s: %s ColumnType = %q, %v; want %q", c.name, d.Name(), got, err, w)
			}
			wantCompat := w
			if all[i] == "mysql" && c.mysqlCompat != "" {
				wantCompat = c.mysqlCompat
			}
			got, err = d.ColumnType(s, tbl, f, dialects.TypeOptions{Compat: true})
			if err != nil || got != wantCompat {
				t.Errorf("%s: %s compat ColumnType = %q, %v; want %q", c.name, d.Name(), got, err, wantCompat)
			}
		}
	}
}

func TestColumnTypeErrors(t *testing.T) {
	for _, name := range all {
		d := mustGet(t, name)
		f := schema.Field{Name: "x", Type: "decimal"}
		tbl := &schema.Table{Key: "t", Fields: []schema.Field{f}}
		if _, err := d.ColumnType(&schema.Schema{Tables: []*schema.Table{tbl}}, tbl, f, dialects.TypeOptions{}); err == nil {
			t.Errorf("%s: unknown type: no error", name)
		}
		ref := schema.Field{Name: "u", Type: schema.TypeString, References: &schema.Reference{Model: "user", Field: "id"}}
		if _, err := d.ColumnType(&schema.Schema{IDs: "snowflake"}, tbl, ref, dialects.TypeOptions{}); err == nil {
			t.Errorf("%s: unknown id strategy: no error", name)
		}
	}
}

func TestStaticDefault(t *testing.T) {
	str := func(v any) schema.Field { return schema.Field{Name: "x", Type: schema.TypeString, Default: v} }
	cases := []struct {
		name    string
		f       schema.Field
		colType string // MySQL's; the others ignore it
		want    [3]string
	}{
		{"no default", str(nil), "text", [3]string{"", "", ""}},
		{"now", schema.Field{Name: "x", Type: schema.TypeDate, Default: schema.Now}, "timestamp(3)", [3]string{"", "", ""}},
		{"false", schema.Field{Name: "x", Type: schema.TypeBoolean, Default: false}, "boolean", [3]string{"0", "false", "false"}},
		{"true", schema.Field{Name: "x", Type: schema.TypeBoolean, Default: true}, "boolean", [3]string{"1", "true", "true"}},
		{"int", schema.Field{Name: "x", Type: schema.TypeNumber, Default: 0}, "integer", [3]string{"0", "0", "0"}},
		{"int64", schema.Field{Name: "x", Type: schema.TypeNumber, Default: int64(-42)}, "integer", [3]string{"-42", "-42", "-42"}},
		{"uint8", schema.Field{Name: "x", Type: schema.TypeNumber, Default: uint8(7)}, "integer", [3]string{"7", "7", "7"}},
		{"integral float", schema.Field{Name: "x", Type: schema.TypeNumber, Default: 2.0}, "integer", [3]string{"2", "2", "2"}},
		{"negative integral float32", schema.Field{Name: "x", Type: schema.TypeNumber, Default: float32(-3)}, "integer", [3]string{"-3", "-3", "-3"}},
		{"string on text", str("free"), "text", [3]string{"'free'", "'free'", "('free')"}},
		{"string on varchar", str("free"), "varchar(255)", [3]string{"'free'", "'free'", "'free'"}},
		{"quote", str("it's"), "text", [3]string{"'it''s'", "'it''s'", "('it''s')"}},
		{"backslash", str(`a\'b`), "varchar(36)", [3]string{`'a\''b'`, `'a\''b'`, `'a\\''b'`}},
		{"empty string", str(""), "text", [3]string{"''", "''", "('')"}},
		{"enum", schema.Field{Name: "x", Type: schema.TypeEnum, Enum: []string{"a"}, Default: "a"}, "varchar(255)", [3]string{"'a'", "'a'", "'a'"}},
	}
	for _, c := range cases {
		for i, name := range all {
			got, err := mustGet(t, name).StaticDefault(c.f, c.colType)
			if err != nil || got != c.want[i] {
				t.Errorf("%s: %s StaticDefault = %q, %v; want %q", c.name, name, got, err, c.want[i])
			}
		}
	}

	bad := []schema.Field{
		{Name: "x", Type: schema.TypeBoolean, Default: "yes"},
		{Name: "x", Type: schema.TypeNumber, Default: "1"},
		{Name: "x", Type: schema.TypeNumber, Default: 0.5},
		{Name: "x", Type: schema.TypeNumber, Default: math.NaN()},
		{Name: "x", Type: schema.TypeNumber, Default: math.Inf(1)},
		{Name: "x", Type: schema.TypeString, Default: 3},
		{Name: "x", Type: schema.TypeJSON, Default: "{}"},
		{Name: "x", Type: schema.TypeDate, Default: "2024-01-01"},
	}
	for _, f := range bad {
		for _, name := range all {
			if got, err := mustGet(t, name).StaticDefault(f, "text"); err == nil {
				t.Errorf("%s StaticDefault(%s %#v) = %q, want an error", name, f.Type, f.Default, got)
			}
		}
	}
}

func TestNowDefault(t *testing.T) {
	want := map[string]string{"sqlite": "", "postgres": "CURRENT_TIMESTAMP", "mysql": "CURRENT_TIMESTAMP(3)"}
	for _, name := range all {
		if got := mustGet(t, name).NowDefault(); got != want[name] {
			t.Errorf("%s NowDefault = %q, want %q", name, got, want[name])
		}
	}
}

package dialects

import (
	"github.com/authctl/authctl/engine"
	"testing"

	amysql "ariga.io/atlas/sql/mysql"
	apostgres "ariga.io/atlas/sql/postgres"
)

// The pairs below were checked against PostgreSQL 15 and MariaDB 10.11:
// "ok" pairs make a foreign key, the others fail at the statement.
func TestForeignKeyTypesMatch(t *testing.T) {
	cases := []struct {
		dialect  *engine.Engine
		col, ref string
		ok       bool
	}{
		{engine.Postgres, "text", "integer", false},
		{engine.Postgres, "text", "uuid", false},
		{engine.Postgres, "uuid", "text", false},
		{engine.Postgres, "text", "character varying(36)", true},
		{engine.Postgres, "character varying(36)", "text", true},
		{engine.Postgres, "integer", "bigint", true},
		{engine.Postgres, "bigint", "integer", true},
		{engine.Postgres, "integer", "numeric", true},
		{engine.Postgres, "timestamptz", "text", false},
		{engine.Postgres, "json", "json", false},
		{engine.MySQL, "varchar(36)", "int", false},
		{engine.MySQL, "int", "int unsigned", false},
		{engine.MySQL, "int", "bigint", false},
		{engine.MySQL, "int", "int(11)", true},
		{engine.MySQL, "smallint", "int", false},
		{engine.MySQL, "varchar(36)", "varchar(255)", true},
		{engine.MySQL, "varchar(36)", "char(36)", true},
		{engine.MySQL, "varchar(36)", "text", false},
		{engine.MySQL, "binary(16)", "varchar(36)", false},
		{engine.MySQL, "binary(16)", "varbinary(16)", true},
		{engine.MySQL, "tinyint(1)", "bool", true},
	}
	for _, c := range cases {
		parse := amysql.ParseType
		if c.dialect == engine.Postgres {
			parse = apostgres.ParseType
		}
		col, err := parse(c.col)
		if err != nil {
			t.Fatal(err)
		}
		ref, err := parse(c.ref)
		if err != nil {
			t.Fatal(err)
		}
		if got := ForeignKeyTypesMatch(c.dialect, col, ref); got != c.ok {
			t.Errorf("%s: %s -> %s = %v, want %v", c.dialect, c.col, c.ref, got, c.ok)
		}
	}
}

// Atlas formats table and index names into these queries unescaped.
func TestEscapeInspection(t *testing.T) {
	cases := map[string]string{
		"SELECT `name` FROM pragma_table_xinfo('it's') ORDER BY `cid`":                                        "SELECT `name` FROM pragma_table_xinfo('it''s') ORDER BY `cid`",
		"SELECT `il`.`name` FROM pragma_index_list('a')b') AS il JOIN sqlite_master AS m ON il.name = m.name": "SELECT `il`.`name` FROM pragma_index_list('a'')b') AS il JOIN sqlite_master AS m ON il.name = m.name",
		"SELECT name, desc FROM pragma_index_xinfo('user_it's_idx') WHERE key = 1 ORDER BY seqno":             "SELECT name, desc FROM pragma_index_xinfo('user_it''s_idx') WHERE key = 1 ORDER BY seqno",
		"SELECT `id` FROM pragma_foreign_key_list('x') ORDER BY id, seq":                                      "SELECT `id` FROM pragma_foreign_key_list('x') ORDER BY id, seq",
		"SHOW CREATE TABLE `db`.`verif`ica\"tion`":                                                            "SHOW CREATE TABLE `db`.`verif``ica\"tion`",
		"SHOW CREATE TABLE `plain`": "SHOW CREATE TABLE `plain`",
		"SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_name IN (?, ?)": "SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_name IN (?, ?)",
	}
	for in, want := range cases {
		if got := escapeInspection(in); got != want {
			t.Errorf("escapeInspection(%q)\n = %q\nwant %q", in, got, want)
		}
	}
	if got := EscapeAtlasName(engine.Postgres, `a"b`); got != `a""b` {
		t.Errorf("postgres: %q", got)
	}
	if got := EscapeAtlasName(engine.SQLite, "a`b\"c"); got != "a``b\"c" {
		t.Errorf("sqlite: %q", got)
	}
}

package engine

import (
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	for in, want := range map[string]*Engine{
		"sqlite": SQLite, "SQLite3": SQLite, " sqlite ": SQLite,
		"postgres": Postgres, "PG": Postgres, "PostgreSQL": Postgres,
		"mysql": MySQL, "MariaDB": MySQL,
	} {
		if got, err := Lookup(in); err != nil || got != want {
			t.Errorf("Lookup(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "oracle", "postgres9", "my sql"} {
		if _, err := Lookup(in); err == nil || !strings.Contains(err.Error(), "sqlite (or sqlite3), postgres (or postgresql, pg) or mysql (or mariadb)") {
			t.Errorf("Lookup(%q) error = %v", in, err)
		}
	}
}

func TestFacts(t *testing.T) {
	if got := MySQL.Quote("a`b"); got != "`a``b`" {
		t.Errorf("MySQL quote: %s", got)
	}
	if got := Postgres.Quote(`a"b`); got != `"a""b"` {
		t.Errorf("PostgreSQL quote: %s", got)
	}
	if Postgres.Placeholder(3) != "$3" || SQLite.Placeholder(3) != "?" || MySQL.Placeholder(1) != "?" {
		t.Error("placeholders")
	}
	if MySQL.TransactionalDDL() || !Postgres.TransactionalDDL() || !SQLite.TransactionalDDL() {
		t.Error("transactional DDL")
	}
	// Every engine has every fact: a new one that forgets one fails here.
	for _, e := range All() {
		if e.name == "" || e.label == "" || e.quote == 0 || e.prisma == "" || e.drizzle == "" || e.lock == 0 || len(e.drivers) == 0 || e.hint == "" || len(e.schemes) == 0 {
			t.Errorf("%s lacks a fact: %+v", e.name, *e)
		}
	}
}

func TestForURLScheme(t *testing.T) {
	for in, want := range map[string]*Engine{"postgres": Postgres, "PostgreSQL": Postgres, "mariadb": MySQL, "sqlite3": SQLite, "pg": nil, "file": nil} {
		if got := ForURLScheme(in); got != want {
			t.Errorf("ForURLScheme(%q) = %v, want %v", in, got, want)
		}
	}
}

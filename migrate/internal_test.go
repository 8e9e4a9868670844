package migrate

import (
	"strings"
	"testing"

	atlas "ariga.io/atlas/sql/schema"
)

func TestSameDefault(t *testing.T) {
	lit := func(s string) atlas.Expr { return &atlas.Literal{V: s} }
	raw := func(s string) atlas.Expr { return &atlas.RawExpr{X: s} }
	same := [][2]atlas.Expr{
		{lit("'free'"), raw("('free')")},
		{lit(`'it\'s me'`), raw("('it''s me')")},
		{lit("_utf8mb4'x'"), lit("'x'")},
		{lit("'free'::text"), lit("'free'")},
		{raw("gen_random_uuid()"), raw("pg_catalog.gen_random_uuid()")},
		{lit("0"), lit("false")},
		{lit("1"), lit("true")},
		{raw("current_timestamp(3)"), raw("CURRENT_TIMESTAMP(3)")},
		{raw("now()"), raw("CURRENT_TIMESTAMP")},
		{nil, nil},
	}
	for _, c := range same {
		if !sameDefault(c[0], c[1]) {
			t.Errorf("sameDefault(%v, %v) = false", exprString(c[0]), exprString(c[1]))
		}
	}
	differ := [][2]atlas.Expr{
		{lit("'free'"), lit("'paid'")},
		{nil, lit("0")},
		{lit("1"), lit("0")},
		{raw("CURRENT_TIMESTAMP"), raw("CURRENT_TIMESTAMP(3)")},
	}
	for _, c := range differ {
		if sameDefault(c[0], c[1]) {
			t.Errorf("sameDefault(%v, %v) = true", exprString(c[0]), exprString(c[1]))
		}
	}
}

func TestSubset(t *testing.T) {
	if !subset(nil, []string{"a"}) || !subset([]string{"a"}, []string{"b", "a"}) || subset([]string{"a", "a"}, []string{"a"}) || subset([]string{"c"}, []string{"a"}) {
		t.Error("subset is wrong")
	}
}

func TestLockNames(t *testing.T) {
	// The key is documented: tooling may take it. It must never change.
	if got := AdvisoryLockKey("public"); got != AdvisoryLockKey("public") || got == AdvisoryLockKey("other") {
		t.Errorf("AdvisoryLockKey is not a function of the schema: %d", got)
	}
	if got := MySQLLockName("app"); got != "authctl_migrate.app" {
		t.Errorf("MySQLLockName(app) = %q", got)
	}
	long := MySQLLockName(strings.Repeat("d", 64))
	if len(long) > 64 || !strings.HasPrefix(long, "authctl_migrate.") || long == MySQLLockName(strings.Repeat("e", 64)) {
		t.Errorf("MySQLLockName(long) = %q", long)
	}
}

func TestNormType(t *testing.T) {
	for a, b := range map[string]string{"timestamp with time zone": "timestamptz", "INT(11)": "integer", "tinyint(1)": "bool", "int8": "bigint"} {
		if normType(a) != normType(b) {
			t.Errorf("normType(%q) != normType(%q)", a, b)
		}
	}
	if normType("text") == normType("integer") {
		t.Error("text == integer")
	}
}

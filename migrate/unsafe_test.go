package migrate_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/migrate"
)

var base = core.Options{EmailAndPassword: core.EmailAndPassword{Enabled: true}}

func with(o core.Options, f func(*core.Options)) core.Options {
	f(&o)
	return o
}

func insertUser(t testing.TB, u, id, name string) {
	t.Helper()
	db := rawDB(t, u)
	q := "INSERT INTO " + quote(u, "user") + " (" + quote(u, "id") + ", " + quote(u, "name") + ", " + quote(u, "email") + ", " +
		quote(u, "emailVerified") + ", " + quote(u, "createdAt") + ", " + quote(u, "updatedAt") + ") VALUES ('" + id + "', '" + name + "', '" + id + "@example.com', " +
		boolLit(u, false) + ", CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
	mustExec(t, db, q)
}

// quote quotes an identifier for the engine of u.
func quote(u, ident string) string {
	if strings.HasPrefix(u, "mysql") {
		return "`" + ident + "`"
	}
	return `"` + ident + `"`
}

func boolLit(u string, b bool) string {
	switch {
	case strings.HasPrefix(u, "sqlite") && b:
		return "1"
	case strings.HasPrefix(u, "sqlite"):
		return "0"
	case b:
		return "true"
	}
	return "false"
}

// columnExists reports whether table has column, using the engine's
// catalog (never SELECT "col", which SQLite answers with a string).
func columnExists(t testing.TB, u, table, column string) bool {
	t.Helper()
	for _, c := range describe(t, u, "")[table].Columns {
		if colName(c) == column {
			return true
		}
	}
	return false
}

// A required column without a default, added to a table that has rows, is
// refused with the fix spelled out, and nothing is applied, not even the
// safe statements of the same plan. Into an empty table it is fine (SQLite
// needs a table rebuild for that).
func TestRefuseRequiredColumnWithoutDefault(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		withPlan := with(base, func(o *core.Options) {
			o.User.AdditionalFields = []core.Field{{Name: "plan", Type: core.TypeString}}
			o.Session.AdditionalFields = []core.Field{{Name: "device", Type: core.TypeString, Required: core.Optional}}
		})
		s0, s1 := mustSchema(t, base), mustSchema(t, withPlan)

		empty := e.fresh(t)
		apply(t, open(t, empty, migrate.Options{}), s0)
		res := apply(t, open(t, empty, migrate.Options{}), s1)
		if !columnExists(t, empty, "user", "plan") {
			t.Fatalf("plan not added to the empty table; ran:\n%s", res.Plan.SQL())
		}

		full := e.fresh(t)
		m := open(t, full, migrate.Options{})
		apply(t, m, s0)
		insertUser(t, full, "u1", "Ada")
		p, err := m.Plan(context.Background(), s1)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Unsafe) != 1 || p.Unsafe[0].Table != "user" || p.Unsafe[0].Column != "plan" ||
			!strings.Contains(p.Unsafe[0].Message, "give the field a Default") {
			t.Fatalf("unsafe = %+v", p.Unsafe)
		}
		_, err = m.Apply(context.Background(), s1, migrate.ApplyOptions{})
		var ue *migrate.UnsafeError
		if !errors.As(err, &ue) || !errors.Is(err, migrate.ErrUnsafe) {
			t.Fatalf("apply error = %v, want an UnsafeError", err)
		}
		if columnExists(t, full, "user", "plan") || columnExists(t, full, "session", "device") {
			t.Fatal("a refused plan changed the database")
		}
	})
}

// A unique index over a column that already holds duplicates is refused
// before anything runs (on MySQL it would fail halfway).
func TestRefuseUniqueOverDuplicates(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		uniqueName := with(base, func(o *core.Options) {
			o.User.AdditionalFields = []core.Field{{Name: "name", Type: core.TypeString, Unique: true}}
			o.Session.AdditionalFields = []core.Field{{Name: "device", Type: core.TypeString, Required: core.Optional}}
		})
		u := e.fresh(t)
		m := open(t, u, migrate.Options{})
		apply(t, m, mustSchema(t, base))
		insertUser(t, u, "u1", "Ada")
		insertUser(t, u, "u2", "Ada")
		_, err := m.Apply(context.Background(), mustSchema(t, uniqueName), migrate.ApplyOptions{})
		var ue *migrate.UnsafeError
		if !errors.As(err, &ue) || len(ue.Problems) != 1 || !strings.Contains(ue.Problems[0].Message, "duplicate values") {
			t.Fatalf("apply error = %v, want a refusal about duplicates", err)
		}
		if columnExists(t, u, "session", "device") {
			t.Fatal("a refused plan changed the database")
		}
	})
}

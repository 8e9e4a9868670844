package migrate_test

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
	"github.com/authctl/authctl/migrate"
)

// holdLock takes the migration lock of the database at u on a connection
// of its own, as a concurrent run would, until the test ends.
func holdLock(t *testing.T, e engine, u string) {
	t.Helper()
	ctx := context.Background()
	db := rawDB(t, u)
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	switch e.name {
	case "sqlite":
		mustConnExec(t, conn, "BEGIN IMMEDIATE")
		t.Cleanup(func() { conn.ExecContext(ctx, "ROLLBACK") })
	case "postgres":
		pu, _ := url.Parse(u)
		var ok bool
		if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", migrate.AdvisoryLockKey(pu.Query().Get("search_path"))).Scan(&ok); err != nil || !ok {
			t.Fatalf("taking the advisory lock: %v %v", ok, err)
		}
	case "mysql":
		pu, _ := url.Parse(u)
		var ok int
		if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, 0)", migrate.MySQLLockName(strings.TrimPrefix(pu.Path, "/"))).Scan(&ok); err != nil || ok != 1 {
			t.Fatalf("taking the named lock: %v %v", ok, err)
		}
	}
}

func mustConnExec(t testing.TB, c *sql.Conn, q string) {
	t.Helper()
	if _, err := c.ExecContext(context.Background(), q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// While another run holds the lock, Apply waits --lock-timeout, then fails
// saying who holds it (where the engine says), having changed nothing.
func TestLockTimeout(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		u := e.fresh(t)
		s := mustSchema(t, base)
		if e.name == "sqlite" {
			mustExec(t, rawDB(t, u), "CREATE TABLE other (x)") // the file must exist to be locked
		}
		holdLock(t, e, u)
		m := open(t, u, migrate.Options{LockTimeout: 700 * time.Millisecond})
		start := time.Now()
		_, err := m.Apply(context.Background(), s, migrate.ApplyOptions{})
		waited := time.Since(start)
		var le *migrate.LockError
		if !errors.As(err, &le) {
			t.Fatalf("apply error = %v, want a LockError", err)
		}
		if waited < 600*time.Millisecond || waited > 5*time.Second {
			t.Errorf("waited %s for a 700ms lock timeout", waited)
		}
		switch e.name {
		case "postgres":
			if !strings.Contains(le.Holder, "pid") || !strings.Contains(le.Holder, "user postgres") {
				t.Errorf("holder = %q", le.Holder)
			}
		case "mysql":
			if !strings.Contains(le.Holder, "MySQL connection") {
				t.Errorf("holder = %q", le.Holder)
			}
		}
		wantWho := "another migration is running"
		if e.name == "sqlite" {
			wantWho = "the database is busy (another migration, or an application writing to it)"
		}
		if !strings.Contains(err.Error(), wantWho) || !strings.Contains(err.Error(), "700ms") {
			t.Errorf("message: %v", err)
		}
		if _, ok := describe(t, u, "")["session"]; ok {
			t.Error("the database changed without the lock")
		}
	})
}

// Eight runs at once on an empty database: all succeed, exactly one
// applies, and the schema is complete.
func TestConcurrentApply(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		u := e.fresh(t)
		s := mustSchema(t, with(base, func(o *core.Options) { o.Plugins = []core.Plugin{plugins.TwoFactor(), plugins.Username()} }))
		if e.name == "sqlite" {
			mustExec(t, rawDB(t, u), "CREATE TABLE other (x)") // create the file first: eight creators race on it
		}
		const n = 8
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			applied int
		)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				m, err := migrate.Open(context.Background(), u, migrate.OpenOptions{Options: migrate.Options{LockTimeout: 30 * time.Second}})
				if err != nil {
					t.Error(err)
					return
				}
				defer m.Close()
				res, err := m.Apply(context.Background(), s, migrate.ApplyOptions{})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				if len(res.Applied) > 0 {
					applied++
				}
			}()
		}
		wg.Wait()
		if applied != 1 {
			t.Errorf("%d runs applied statements, want exactly 1", applied)
		}
		upToDate(t, u, s)
	})
}

// A statement that fails: PostgreSQL and SQLite roll the whole plan back;
// MySQL keeps what ran before it and says so, and the next run applies
// only the rest.
func TestFailingStatement(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		u := e.fresh(t)
		m := open(t, u, migrate.Options{})
		apply(t, m, mustSchema(t, base))
		// A view is not a table: migrate does not inspect it, plans CREATE
		// TABLE twoFactor, and the engine refuses the name.
		mustExec(t, rawDB(t, u), "CREATE VIEW "+quote(u, "twoFactor")+" AS SELECT 1 AS x")
		s := mustSchema(t, with(base, func(o *core.Options) { o.Plugins = []core.Plugin{plugins.TwoFactor()} }))
		_, err := m.Apply(context.Background(), s, migrate.ApplyOptions{})
		var ae *migrate.ApplyError
		if !errors.As(err, &ae) {
			t.Fatalf("apply error = %v, want an ApplyError", err)
		}
		added := columnExists(t, u, "user", "twoFactorEnabled")
		if e.name == "mysql" {
			if ae.RolledBack || len(ae.Applied) == 0 || !added || !strings.HasPrefix(ae.Pending[0], "CREATE TABLE") {
				t.Fatalf("MySQL: rolled back %v, applied %q, pending %q, column added %v", ae.RolledBack, ae.Applied, ae.Pending, added)
			}
			if !strings.Contains(err.Error(), "run the migration again") {
				t.Errorf("message: %v", err)
			}
		} else if !ae.RolledBack || len(ae.Applied) != 0 || added {
			t.Fatalf("rolled back %v, applied %q, column added %v", ae.RolledBack, ae.Applied, added)
		}
		mustExec(t, rawDB(t, u), "DROP VIEW "+quote(u, "twoFactor"))
		res := apply(t, m, s)
		if e.name == "mysql" {
			for _, st := range res.Applied {
				if strings.Contains(st, "twoFactorEnabled") {
					t.Errorf("re-run applied an applied statement again: %s", st)
				}
			}
		}
		upToDate(t, u, s)
	})
}

// Cancelling the context (Ctrl-C) while a statement waits rolls the whole
// plan back on PostgreSQL, including the statements that already ran.
func TestCancelRollsBack(t *testing.T) {
	u := freshPostgres(t)
	m := open(t, u, migrate.Options{})
	apply(t, m, mustSchema(t, base))
	s := mustSchema(t, with(base, func(o *core.Options) {
		o.Plugins = []core.Plugin{plugins.Username(), admin}
	}))
	p, err := m.Plan(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	// Another session reads the table the last statement changes, so the
	// first statement on it waits, after the others ran.
	last := p.Statements[len(p.Statements)-1]
	table := "user"
	if strings.Contains(last, `"session"`) {
		table = "session"
	}
	db := rawDB(t, u)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`LOCK TABLE "` + table + `" IN ACCESS SHARE MODE`); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var ran []string
	_, err = m.Apply(ctx, s, migrate.ApplyOptions{OnStatement: func(i int, stmt string) {
		ran = append(ran, stmt)
		if strings.Contains(stmt, `"`+table+`"`) {
			time.AfterFunc(300*time.Millisecond, cancel)
		}
	}})
	var ae *migrate.ApplyError
	if !errors.As(err, &ae) || !errors.Is(err, context.Canceled) || !ae.RolledBack {
		t.Fatalf("apply error = %v, want a rolled-back ApplyError wrapping context.Canceled", err)
	}
	if len(ran) < 2 {
		t.Fatalf("the blocked statement ran first; nothing to roll back: %q", ran)
	}
	if columnExists(t, u, "user", "username") || columnExists(t, u, "session", "impersonatedBy") {
		t.Fatal("statements of a cancelled migration stayed applied")
	}
}

// A plan confirmed by the user is applied only if the plan computed under
// the lock is part of it; when another run applied it meanwhile, there is
// nothing left to do.
func TestConfirmedPlan(t *testing.T) {
	u := freshSQLite(t)
	m := open(t, u, migrate.Options{})
	s0 := mustSchema(t, base)
	s1 := mustSchema(t, with(base, func(o *core.Options) { o.Plugins = []core.Plugin{plugins.TwoFactor()} }))
	confirmed, err := m.Plan(context.Background(), s0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Apply(context.Background(), s1, migrate.ApplyOptions{Confirmed: confirmed}); !errors.Is(err, migrate.ErrPlanChanged) {
		t.Fatalf("apply error = %v, want ErrPlanChanged", err)
	}
	if _, ok := describe(t, u, "")["user"]; ok {
		t.Fatal("a changed plan was applied")
	}
	apply(t, open(t, u, migrate.Options{}), s0) // another run
	res, err := m.Apply(context.Background(), s0, migrate.ApplyOptions{Confirmed: confirmed})
	if err != nil || !res.UpToDate() || len(res.Applied) != 0 {
		t.Fatalf("res %+v, err %v; want up to date", res, err)
	}
}

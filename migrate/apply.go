package migrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/authctl/authctl/schema"
)

// accept runs the checks every engine makes on the plan computed under the
// lock. It returns done=true when there is nothing to apply.
func (m *Migrator) accept(p *Plan, o ApplyOptions) (done bool, err error) {
	if len(p.Unsafe) > 0 {
		return false, &UnsafeError{Problems: p.Unsafe}
	}
	if o.OnPlan != nil {
		if err := o.OnPlan(p); err != nil {
			return false, err
		}
	}
	if !p.Pending() {
		return true, nil
	}
	if o.Confirmed != nil && !subset(p.Statements, o.Confirmed.Statements) {
		return false, ErrPlanChanged
	}
	return false, nil
}

// subset reports whether every statement of a is in b (as a multiset).
func subset(a, b []string) bool {
	n := map[string]int{}
	for _, s := range b {
		n[s]++
	}
	for _, s := range a {
		if n[s] == 0 {
			return false
		}
		n[s]--
	}
	return true
}

// execer is what applying needs: *sql.Tx and *sql.Conn.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// run executes the plan's statements in order. On failure it returns an
// *ApplyError listing the statements that ran before it.
func (m *Migrator) run(ctx context.Context, x execer, p *Plan, o ApplyOptions) ([]string, error) {
	var applied []string
	for i, st := range p.stmts {
		if err := ctx.Err(); err != nil {
			return applied, &ApplyError{Index: i, Err: err, Applied: applied, Pending: p.Statements[i:]}
		}
		if o.OnStatement != nil {
			o.OnStatement(i, st.Cmd)
		}
		if _, err := x.ExecContext(ctx, st.Cmd, st.Args...); err != nil {
			if ctx.Err() != nil {
				err = ctx.Err()
			}
			return applied, &ApplyError{Index: i, Err: m.scrubErr(err), Applied: applied, Pending: p.Statements[i:]}
		}
		applied = append(applied, st.Cmd)
	}
	return applied, nil
}

// scrubErr keeps the error's identity for errors.Is but removes the
// password from its text.
func (m *Migrator) scrubErr(err error) error {
	if m.dsn == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if s := m.dsn.Scrub(err.Error()); s != err.Error() {
		return errors.New(s)
	}
	return err
}

// rolledBack marks an apply error as rolled back: nothing is in effect.
func rolledBack(err error) error {
	var ae *ApplyError
	if errors.As(err, &ae) {
		ae.Pending = append(append([]string(nil), ae.Applied...), ae.Pending...)
		ae.Applied, ae.RolledBack = nil, true
	}
	return err
}

func (m *Migrator) applyPostgres(ctx context.Context, s *schema.Schema, o ApplyOptions) (*Result, error) {
	conn, t, err := m.connTarget(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	// The lock, the inspection, the plan and every statement share one
	// transaction: a crash or Ctrl-C at any point leaves the database as it
	// was (database/sql rolls the transaction back when ctx is cancelled).
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if err := m.lockPostgres(ctx, tx, t.name); err != nil {
		return nil, err
	}
	// ALTER TABLE waits for sessions using the table; do not wait forever.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("SET LOCAL lock_timeout = %d", m.o.LockTimeout.Milliseconds())); err != nil {
		return nil, err
	}
	p, err := m.plan(ctx, tx, s, t)
	if err != nil {
		return nil, err
	}
	res := &Result{Plan: p}
	if done, err := m.accept(p, o); done || err != nil {
		return res, err
	}
	if _, err := m.run(ctx, tx, p, o); err != nil {
		return res, rolledBack(err)
	}
	if err := tx.Commit(); err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return res, &ApplyError{Index: len(p.Statements) - 1, Err: fmt.Errorf("commit: %w", err), Pending: p.Statements, RolledBack: true}
	}
	res.Applied = p.Statements
	return res, nil
}

func (m *Migrator) applyMySQL(ctx context.Context, s *schema.Schema, o ApplyOptions) (*Result, error) {
	conn, t, err := m.connTarget(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	unlock, err := m.lockMySQL(ctx, conn, t.name)
	if err != nil {
		return nil, err
	}
	defer unlock()
	// Metadata locks: ALTER TABLE waits for open transactions on the table.
	secs := int(m.o.LockTimeout.Seconds() + 0.999)
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("SET SESSION lock_wait_timeout = %d", max(secs, 1))); err != nil {
		return nil, err
	}
	p, err := m.plan(ctx, conn, s, t)
	if err != nil {
		return nil, err
	}
	res := &Result{Plan: p}
	if done, err := m.accept(p, o); done || err != nil {
		return res, err
	}
	// MySQL commits every DDL statement on its own: there is no
	// transaction to roll back. Statements run one by one; a failure
	// reports which ran, and a new run plans only what is still missing.
	applied, err := m.run(ctx, conn, p, o)
	res.Applied = applied
	return res, err
}

func (m *Migrator) applySQLite(ctx context.Context, s *schema.Schema, o ApplyOptions) (res *Result, err error) {
	conn, err := m.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	bg := context.WithoutCancel(ctx)
	// PRAGMA foreign_keys cannot change inside a transaction, and a table
	// rebuild must not cascade deletes to the rows that reference it: turn
	// it off first, on again after (on this connection only).
	var fk bool
	if err := conn.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
		return nil, err
	}
	if fk {
		if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = off"); err != nil {
			return nil, err
		}
		defer conn.ExecContext(bg, "PRAGMA foreign_keys = on")
	}
	// A table rebuild drops the table and renames its copy. With SQLite's
	// default (3.26+), RENAME re-parses every view and trigger of the
	// schema, and one naming the table fails while it is gone; the legacy
	// mode renames just the table, and the views find it again.
	var legacy bool
	if err := conn.QueryRowContext(ctx, "PRAGMA legacy_alter_table").Scan(&legacy); err != nil {
		return nil, err
	}
	if !legacy {
		if _, err := conn.ExecContext(ctx, "PRAGMA legacy_alter_table = on"); err != nil {
			return nil, err
		}
		defer conn.ExecContext(bg, "PRAGMA legacy_alter_table = off")
	}
	if err := m.lockSQLite(ctx, conn); err != nil {
		return nil, err
	}
	committed := false
	defer func() {
		if !committed {
			conn.ExecContext(bg, "ROLLBACK")
		}
	}()
	t := target{name: "main"}
	p, err := m.plan(ctx, conn, s, t)
	if err != nil {
		return nil, err
	}
	res = &Result{Plan: p}
	if done, err := m.accept(p, o); done || err != nil {
		return res, err
	}
	rebuild := false
	for _, c := range p.Changes {
		rebuild = rebuild || c.Rebuild
	}
	var before map[string]bool
	if fk && rebuild {
		if before, err = fkViolations(ctx, conn, s); err != nil {
			return res, err
		}
	}
	if _, err := m.run(ctx, conn, p, o); err != nil {
		return res, rolledBack(err)
	}
	if fk && rebuild {
		after, err := fkViolations(ctx, conn, s)
		if err != nil {
			return res, err
		}
		for v := range after {
			if !before[v] {
				return res, &ApplyError{Index: len(p.Statements) - 1, Pending: p.Statements, RolledBack: true,
					Err: fmt.Errorf("the change would leave rows whose foreign key points nowhere (%s); fix the data, then run migrate again", v)}
			}
		}
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return res, &ApplyError{Index: len(p.Statements) - 1, Err: fmt.Errorf("commit: %w", err), Pending: p.Statements, RolledBack: true}
	}
	committed = true
	res.Applied = p.Statements
	return res, nil
}

// fkViolations runs PRAGMA foreign_key_check on the schema's tables (and
// only those: other tables are not the migration's business) and returns
// the violations found, as "table rowid -> parent".
func fkViolations(ctx context.Context, conn *sql.Conn, s *schema.Schema) (map[string]bool, error) {
	out := map[string]bool{}
	for _, t := range s.Migratable() {
		rows, err := conn.QueryContext(ctx, "SELECT * FROM pragma_foreign_key_check(?)", t.Name())
		if err != nil {
			if strings.Contains(err.Error(), "no such table") {
				continue
			}
			return nil, err
		}
		for rows.Next() {
			var (
				table, parent string
				rowid         sql.NullInt64
				fkid          int
			)
			if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
				rows.Close()
				return nil, err
			}
			out[fmt.Sprintf("%s row %d -> %s", table, rowid.Int64, parent)] = true
		}
		rows.Close()
	}
	return out, nil
}

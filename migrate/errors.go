package migrate

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrUnsafe is matched (errors.Is) by an *UnsafeError.
var ErrUnsafe = errors.New("refused as unsafe")

// ErrPlanChanged is returned by Apply when the plan computed under the lock
// holds a statement the confirmed plan did not: someone changed the
// database while the user was reading the plan. Nothing was applied.
var ErrPlanChanged = errors.New("the database changed after the plan was shown; nothing was applied; run the migration again to see the new plan")

// UnsafeError refuses a plan that would fail on, or corrupt, existing data.
// Nothing was applied.
type UnsafeError struct {
	Problems []Problem
}

func (e *UnsafeError) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Message
	}
	return "refused, nothing was applied: " + strings.Join(msgs, "; ")
}

// Is makes errors.Is(err, ErrUnsafe) true.
func (e *UnsafeError) Is(target error) bool { return target == ErrUnsafe }

// LockError reports that the migration lock was not acquired in time.
type LockError struct {
	// Lock names the lock ("advisory lock 123 on schema public").
	Lock string
	// Holder describes who holds it, when the database says; else "".
	Holder string
	// Waited is how long Apply waited.
	Waited time.Duration
	// AnyWriter says the lock is one every writer takes (SQLite's), so
	// the holder may be the application rather than another migration.
	AnyWriter bool
}

func (e *LockError) Error() string {
	who := "another migration is running"
	if e.AnyWriter {
		who = "the database is busy (another migration, or an application writing to it)"
	}
	msg := fmt.Sprintf("%s: could not take the %s within %s", who, e.Lock, e.Waited)
	if e.Holder != "" {
		msg += "; it is held by " + e.Holder
	}
	return msg + "; try again when it has finished, or raise --lock-timeout"
}

// ApplyError reports a statement that failed (or was interrupted) while
// applying a plan.
type ApplyError struct {
	// Index is the failing statement's position in Plan.Statements.
	Index int
	// Err is the database's error, or the context's.
	Err error
	// Applied lists the statements that are in effect. It is empty when the
	// transaction was rolled back (PostgreSQL, SQLite).
	Applied []string
	// Pending lists the statements not in effect, the failing one first.
	Pending []string
	// RolledBack is true when the whole plan was rolled back.
	RolledBack bool
}

func (e *ApplyError) Error() string {
	n := len(e.Applied) + len(e.Pending)
	msg := fmt.Sprintf("statement %d of %d failed: %v", e.Index+1, n, e.Err)
	switch {
	case e.RolledBack:
		msg += "; the transaction was rolled back, nothing was applied"
	case len(e.Applied) > 0:
		msg += fmt.Sprintf("; %d statement(s) before it were applied (MySQL commits each DDL statement); run the migration again to apply the rest", len(e.Applied))
	default:
		msg += "; nothing was applied"
	}
	return msg
}

func (e *ApplyError) Unwrap() error { return e.Err }

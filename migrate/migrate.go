package migrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/authctl/authctl/dialects"
	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/schema"
)

// DefaultLockTimeout is Options.LockTimeout when it is zero.
const DefaultLockTimeout = 10 * time.Second

// Options configure a Migrator. The zero value is valid.
type Options struct {
	// Schema is the PostgreSQL schema that holds the auth tables. Empty
	// means the first entry of the connection's search_path ("$user" is
	// the role's schema when it exists, else the next entry), else
	// current_schema(), else public. A schema named here is created when
	// missing (CREATE SCHEMA IF NOT EXISTS, in the migration's transaction);
	// one taken from search_path must exist. Other dialects reject it.
	Schema string
	// LockTimeout bounds the wait for the migration lock, and for the table
	// locks a schema change needs when other sessions hold them (default
	// DefaultLockTimeout, 10s).
	LockTimeout time.Duration
}

// OpenOptions configure Open.
type OpenOptions struct {
	Options
	// Dir is the directory a relative SQLite path is relative to (default:
	// the process's working directory).
	Dir string
	// ReadOnly opens SQLite databases read-only, for Plan: a missing file
	// is then planned as an empty database and not created.
	ReadOnly bool
}

// Migrator plans and applies migrations on one database.
type Migrator struct {
	db    *sql.DB
	eng   *engine.Engine
	o     Options
	owned bool
	dsn   *dialects.DSN
	// file is set by PlanFile: the plan is for a migration file.
	file bool
}

// New returns a Migrator on db, an open database of dialect "sqlite",
// "postgres" or "mysql" (the dialects package's names and aliases). The
// caller keeps ownership of db. A SQLite db should have foreign keys on
// (as the application uses it); the migration runs on one dedicated
// connection whatever the pool size.
func New(db *sql.DB, dialect string, o Options) (*Migrator, error) {
	d, err := dialects.Get(dialect)
	if err != nil {
		return nil, err
	}
	if o.Schema != "" && d.Engine() != engine.Postgres {
		return nil, fmt.Errorf("a schema (%q) can only be chosen on PostgreSQL, not %s", o.Schema, d.Name())
	}
	if o.LockTimeout <= 0 {
		o.LockTimeout = DefaultLockTimeout
	}
	return &Migrator{db: db, eng: d.Engine(), o: o}, nil
}

// Open parses url (see dialects.ParseDSN for the accepted forms), connects
// within o.LockTimeout and returns a Migrator that owns the connection:
// call Close.
func Open(ctx context.Context, url string, o OpenOptions) (*Migrator, error) {
	dsn, err := dialects.ParseDSN(url)
	if err != nil {
		return nil, err
	}
	return OpenDSN(ctx, dsn, o)
}

// OpenDSN is Open for a parsed URL.
func OpenDSN(ctx context.Context, dsn *dialects.DSN, o OpenOptions) (*Migrator, error) {
	if o.Schema != "" && dsn.Engine != engine.Postgres {
		return nil, fmt.Errorf("a schema (%q) can only be chosen on PostgreSQL, and %s is a %s database", o.Schema, dsn.Location(), dsn.Engine)
	}
	if o.LockTimeout <= 0 {
		o.LockTimeout = DefaultLockTimeout
	}
	db, err := dsn.Open(ctx, dialects.OpenOptions{Dir: o.Dir, ConnectTimeout: o.LockTimeout, ReadOnly: o.ReadOnly})
	if err != nil {
		return nil, err
	}
	m, err := New(db, dsn.Engine.Name(), o.Options)
	if err != nil {
		db.Close()
		return nil, err
	}
	m.owned, m.dsn = true, dsn
	return m, nil
}

// Close closes the database if Open opened it.
func (m *Migrator) Close() error {
	if m.owned {
		return m.db.Close()
	}
	return nil
}

// Dialect is the canonical dialect name.
func (m *Migrator) Dialect() string { return m.eng.Name() }

// Scrub removes the connection password from msg (see dialects.DSN.Scrub).
func (m *Migrator) Scrub(msg string) string { return m.dsn.Scrub(msg) }

// Plan computes what Apply would do now, without a lock and without
// writing anything.
func (m *Migrator) Plan(ctx context.Context, s *schema.Schema) (*Plan, error) {
	if s == nil {
		return nil, errors.New("no schema")
	}
	conn, t, err := m.connTarget(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	return m.plan(ctx, conn, s, t)
}

// PlanFile plans as Plan does, for a versioned migration file that will run
// on other databases than this one (typically a scratch database holding
// what a migration directory builds): the statements name tables without a
// schema qualifier, every existing table is taken to hold rows (so the
// checks that depend on data — a required column without a default, a
// unique index or a foreign key over existing columns — report Unsafe), and
// on SQLite a change that copies a table is Unsafe too (a tool running the
// file with foreign keys on would cascade the DROP TABLE of the copy).
func (m *Migrator) PlanFile(ctx context.Context, s *schema.Schema) (*Plan, error) {
	fm := *m
	fm.file = true
	return fm.Plan(ctx, s)
}

// ApplyOptions tune Apply. The zero value applies whatever is pending.
type ApplyOptions struct {
	// Confirmed is the plan the user agreed to. When set, Apply refuses
	// (ErrPlanChanged) a plan computed under the lock that holds any
	// statement Confirmed does not. Nil applies the plan as found.
	Confirmed *Plan
	// OnPlan, when set, sees the plan computed under the lock before
	// anything runs; an error from it aborts (nothing is applied).
	OnPlan func(*Plan) error
	// OnStatement, when set, is called before each statement runs.
	OnStatement func(i int, stmt string)
}

// Result is what Apply did.
type Result struct {
	// Plan is the plan computed under the lock.
	Plan *Plan
	// Applied lists the statements that were applied, in order.
	Applied []string
}

// UpToDate reports whether there was nothing to apply.
func (r *Result) UpToDate() bool { return r.Plan != nil && !r.Plan.Pending() }

// Apply takes the migration lock, plans again under it, and applies the
// plan: in one transaction on PostgreSQL and SQLite, statement by statement
// on MySQL. It returns an *UnsafeError (nothing applied) when the plan has
// unsafe changes, a *LockError when the lock was not free within
// Options.LockTimeout, and an *ApplyError when a statement failed or ctx
// was cancelled while applying.
func (m *Migrator) Apply(ctx context.Context, s *schema.Schema, o ApplyOptions) (*Result, error) {
	if s == nil {
		return nil, errors.New("no schema")
	}
	switch m.eng {
	case engine.Postgres:
		return m.applyPostgres(ctx, s, o)
	case engine.MySQL:
		return m.applyMySQL(ctx, s, o)
	default:
		return m.applySQLite(ctx, s, o)
	}
}

// Up applies s to db (see Migrator.Apply) and returns the result.
func Up(ctx context.Context, db *sql.DB, dialect string, s *schema.Schema, o Options) (*Result, error) {
	m, err := New(db, dialect, o)
	if err != nil {
		return nil, err
	}
	return m.Apply(ctx, s, ApplyOptions{})
}

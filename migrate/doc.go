// Package migrate brings a live database up to an auth schema, safely.
//
// A run inspects only the tables the schema names (plus foreign-key
// targets and, to warn about them, tables Better Auth plugins are known to
// create), diffs them against the schema with Atlas (ariga.io/atlas), and
// classifies every difference:
//
//   - applied: create table, add column, add index, add foreign key;
//   - refused as unsafe: a NOT NULL column without a default added to a
//     table that has rows, a unique index over columns that already hold
//     duplicates, and (SQLite) a table rebuild of a table with triggers;
//   - reported as a warning and never changed: type, nullability, default
//     and ON DELETE drift, columns and known plugin tables the schema no
//     longer has.
//
// Nothing is ever altered, renamed or dropped. An index or foreign key that
// already exists under another name (a database created by Better Auth's
// TypeScript CLI names its inline uniques sqlite_autoindex_*, "<col>" or
// "<table>_<col>_key") counts as present. The desired tables are merged
// with everything live before diffing, so that SQLite, which adds a foreign
// key by recreating the table, copies every column, index and row it did
// not know about.
//
// Apply takes a lock first — a PostgreSQL advisory lock held by the
// migration's transaction, MySQL GET_LOCK on the migration's connection,
// SQLite's write lock (BEGIN IMMEDIATE) — waiting at most
// Options.LockTimeout (default 10s), then plans again under the lock, so
// concurrent runs apply the plan exactly once. PostgreSQL and SQLite apply
// the whole plan in one transaction; MySQL commits each DDL statement, so it
// applies statement by statement and reports which ones ran; running again
// finishes the job.
//
// The zero Options are valid (10s lock timeout; on PostgreSQL the schema of
// the connection's search_path):
//
//	s, err := lib.Auth.Schema()
//	…
//	m, err := migrate.Open(ctx, os.Getenv("DATABASE_URL"), migrate.OpenOptions{})
//	…
//	defer m.Close()
//	plan, err := m.Plan(ctx, s)                        // read-only
//	res, err := m.Apply(ctx, s, migrate.ApplyOptions{}) // lock, plan again, apply
//
// Up does the same on a *sql.DB the application already has:
//
//	res, err := migrate.Up(ctx, db, "postgres", s, migrate.Options{})
package migrate

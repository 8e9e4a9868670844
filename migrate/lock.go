package migrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// AdvisoryLockKey is the PostgreSQL advisory lock a migration of schema
// holds (pg_advisory_xact_lock): the FNV-1a 64-bit hash of
// "authctl migrate <schema>". Deploy tooling can take it to keep migrations
// out of a maintenance window.
func AdvisoryLockKey(schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("authctl migrate " + schema))
	return int64(h.Sum64())
}

// MySQLLockName is the GET_LOCK name a migration of database holds. MySQL
// locks are server-wide, so the name includes the database; long names
// are hashed to fit MySQL's 64-character limit.
func MySQLLockName(database string) string {
	name := "authctl_migrate." + database
	if len(name) > 64 {
		h := fnv.New64a()
		h.Write([]byte(database))
		name = fmt.Sprintf("authctl_migrate.%x", h.Sum64())
	}
	return name
}

// poll calls try with growing pauses until it succeeds, fails, or timeout
// has passed; it returns whether try succeeded.
func poll(ctx context.Context, timeout time.Duration, try func() (bool, error)) (bool, error) {
	deadline := time.Now().Add(timeout)
	pause := 20 * time.Millisecond
	for {
		ok, err := try()
		if ok || err != nil {
			return ok, err
		}
		left := time.Until(deadline)
		if left <= 0 {
			return false, nil
		}
		if pause > left {
			pause = left
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(pause):
		}
		if pause < 250*time.Millisecond {
			pause *= 2
		}
	}
}

// lockPostgres takes the transaction-scoped advisory lock of the schema,
// so it is released by COMMIT, ROLLBACK or a dropped connection.
func (m *Migrator) lockPostgres(ctx context.Context, tx *sql.Tx, schemaName string) error {
	key := AdvisoryLockKey(schemaName)
	ok, err := poll(ctx, m.o.LockTimeout, func() (bool, error) {
		var got bool
		err := tx.QueryRowContext(ctx, "SELECT pg_try_advisory_xact_lock($1)", key).Scan(&got)
		return got, err
	})
	if err != nil || ok {
		return err
	}
	return &LockError{
		Lock:   fmt.Sprintf("advisory lock %d of schema %q", key, schemaName),
		Holder: postgresHolder(ctx, tx, key),
		Waited: m.o.LockTimeout,
	}
}

// postgresHolder describes the session holding advisory lock key, or "".
// A bigint advisory key is stored as classid (high half) and objid (low).
func postgresHolder(ctx context.Context, tx *sql.Tx, key int64) string {
	var (
		pid                    int
		app, user, addr, since string
	)
	err := tx.QueryRowContext(ctx, `
SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.usename::text, ''),
       coalesce(host(a.client_addr), 'local socket'), coalesce(to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS TZ'), '')
FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
  AND l.classid::bigint = $1 AND l.objid::bigint = $2
LIMIT 1`, int64(uint64(key)>>32), int64(uint64(key)&0xffffffff)).Scan(&pid, &app, &user, &addr, &since)
	if err != nil {
		return ""
	}
	s := fmt.Sprintf("PostgreSQL backend pid %d", pid)
	var details []string
	if app != "" {
		details = append(details, "application "+app)
	}
	if user != "" {
		details = append(details, "user "+user)
	}
	details = append(details, "from "+addr)
	if since != "" {
		details = append(details, "connected since "+since)
	}
	return s + " (" + strings.Join(details, ", ") + ")"
}

// lockMySQL takes the server-wide named lock of the database on conn.
func (m *Migrator) lockMySQL(ctx context.Context, conn *sql.Conn, database string) (func(), error) {
	name := MySQLLockName(database)
	var got sql.NullInt64
	secs := m.o.LockTimeout.Seconds()
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, ?)", name, secs).Scan(&got); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("taking the migration lock %q: %w", name, err)
	}
	if !got.Valid || got.Int64 != 1 {
		return nil, &LockError{Lock: fmt.Sprintf("lock %q", name), Holder: mysqlHolder(ctx, conn, name), Waited: m.o.LockTimeout}
	}
	return func() {
		// Released even when ctx was cancelled; closing the connection
		// would release it too.
		var ok sql.NullInt64
		_ = conn.QueryRowContext(context.WithoutCancel(ctx), "SELECT RELEASE_LOCK(?)", name).Scan(&ok)
	}, nil
}

// mysqlHolder describes the connection holding the named lock, or "".
func mysqlHolder(ctx context.Context, conn *sql.Conn, name string) string {
	var id sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT IS_USED_LOCK(?)", name).Scan(&id); err != nil || !id.Valid {
		return ""
	}
	s := fmt.Sprintf("MySQL connection %d", id.Int64)
	var user, host, db sql.NullString
	var secs sql.NullInt64
	// Seeing other users' threads needs the PROCESS privilege; without it
	// the id is all there is.
	if err := conn.QueryRowContext(ctx, "SELECT USER, HOST, DB, TIME FROM information_schema.PROCESSLIST WHERE ID = ?", id.Int64).
		Scan(&user, &host, &db, &secs); err == nil {
		s += fmt.Sprintf(" (user %s from %s, connected %ds ago)", user.String, host.String, secs.Int64)
	}
	return s
}

// lockSQLite begins the migration's transaction with BEGIN IMMEDIATE,
// which takes SQLite's write lock: one writer at a time per database file.
// It retries while another connection writes, up to the lock timeout.
func (m *Migrator) lockSQLite(ctx context.Context, conn *sql.Conn) error {
	// Our own polling, not the busy handler, so that ctx interrupts the
	// wait promptly; statements then wait up to the lock timeout for
	// readers to finish (COMMIT needs them gone).
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = 0"); err != nil {
		return err
	}
	ok, err := poll(ctx, m.o.LockTimeout, func() (bool, error) {
		_, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE")
		if err != nil && isBusy(err) {
			return false, nil
		}
		return err == nil, err
	})
	busy := fmt.Sprintf("PRAGMA busy_timeout = %d", m.o.LockTimeout.Milliseconds())
	if _, perr := conn.ExecContext(context.WithoutCancel(ctx), busy); perr != nil && err == nil {
		err = perr
	}
	if err != nil || ok {
		return err
	}
	return &LockError{
		Lock:      "write lock of the SQLite database",
		Holder:    "another connection that is writing to the file (SQLite does not say which process)",
		Waited:    m.o.LockTimeout,
		AnyWriter: true,
	}
}

func isBusy(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		code := se.Code() & 0xff
		return code == sqlite3.SQLITE_BUSY || code == sqlite3.SQLITE_LOCKED
	}
	return strings.Contains(err.Error(), "database is locked")
}

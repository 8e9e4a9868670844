package dialects

import (
	"github.com/authctl/authctl/engine"

	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	gomysql "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers "sqlite"
)

// DefaultConnectTimeout bounds connecting when OpenOptions.ConnectTimeout
// is zero.
const DefaultConnectTimeout = 10 * time.Second

// OpenOptions tune Open.
type OpenOptions struct {
	// Dir is the directory a relative SQLite path is relative to; "" means
	// the process's working directory.
	Dir string
	// ConnectTimeout bounds dialling, the handshake and the first ping
	// (default DefaultConnectTimeout). A connect_timeout in a PostgreSQL URL
	// or a timeout in a MySQL URL wins. On SQLite it is the busy timeout: how
	// long a statement waits for another connection's write lock.
	ConnectTimeout time.Duration
	// ReadOnly opens a SQLite database read-only (mode=ro), so nothing,
	// not even the file, can be created. A missing file then reads as an
	// empty database. The other engines ignore it: callers just do not
	// write.
	ReadOnly bool
	// AppName is the PostgreSQL application_name (default "authctl"),
	// shown in pg_stat_activity and so in lock-holder messages. A URL's
	// application_name wins.
	AppName string
}

// Open connects to the database and pings it. SQLite databases are opened
// through modernc.org/sqlite with foreign keys on and at most one
// connection (PRAGMA foreign_keys is per connection and a no-op inside a
// transaction, so schema changes need the one connection that set it);
// PostgreSQL through pgx's database/sql driver; MySQL and MariaDB through
// go-sql-driver/mysql. Errors are scrubbed of the password.
func (d *DSN) Open(ctx context.Context, o OpenOptions) (*sql.DB, error) {
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = DefaultConnectTimeout
	}
	var (
		db  *sql.DB
		err error
	)
	switch d.Engine {
	case engine.SQLite:
		db, err = d.openSQLite(o)
	case engine.Postgres:
		db = d.openPostgres(o)
	case engine.MySQL:
		db, err = d.openMySQL(o)
	default:
		return nil, fmt.Errorf("unknown engine %v", d.Engine)
	}
	if err != nil {
		return nil, err
	}
	pctx, cancel := context.WithTimeout(ctx, o.ConnectTimeout)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(pctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("connecting to %s: no answer within %s", d.Location(), o.ConnectTimeout)
		}
		msg := oneLine(d.Scrub(err.Error()))
		switch {
		case strings.Contains(msg, "connection refused"):
			msg += " (is the server running, and are the host and port right?)"
		case strings.Contains(msg, "no such host"):
			msg += " (check the host name in the URL)"
		}
		return nil, fmt.Errorf("connecting to %s: %s", d.Location(), msg)
	}
	return db, nil
}

// oneLine folds a multi-line driver error into one line: pgx lists each
// address it tried on a line of its own, often the same reason twice.
func oneLine(msg string) string {
	var parts []string
	seen := map[string]bool{}
	for _, l := range strings.Split(msg, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || seen[l] || (len(parts) > 0 && strings.HasSuffix(parts[len(parts)-1], l)) {
			continue // pgx repeats the cause it already named
		}
		seen[l] = true
		parts = append(parts, l)
	}
	return strings.Join(parts, " ")
}

func (d *DSN) openSQLite(o OpenOptions) (*sql.DB, error) {
	path, err := absPath(o.Dir, d.Path)
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	for k, v := range d.query {
		q[k] = append([]string(nil), v...)
	}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout("+strconv.FormatInt(o.ConnectTimeout.Milliseconds(), 10)+")")
	memory := path == ":memory:"
	if !memory {
		if _, err := os.Stat(filepath.Dir(path)); err != nil {
			return nil, fmt.Errorf("SQLite database %s: directory %s does not exist", path, filepath.Dir(path))
		}
		_, err := os.Stat(path)
		switch {
		case o.ReadOnly && errors.Is(err, fs.ErrNotExist):
			// Nothing to read and nothing may be created: plan against
			// an empty database.
			memory = true
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("SQLite database %s: %v", path, err)
		case o.ReadOnly:
			q.Set("mode", "ro")
		}
	}
	name := (&url.URL{Scheme: "file", Path: path, RawQuery: q.Encode()}).String()
	if memory {
		q.Del("mode")
		name = "file::memory:?" + q.Encode()
	}
	db, err := sql.Open("sqlite", name)
	if err != nil {
		return nil, fmt.Errorf("SQLite database %s: %v", path, err)
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

func (d *DSN) openPostgres(o OpenOptions) *sql.DB {
	cfg := d.pg.Copy()
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = o.ConnectTimeout
	}
	if _, ok := cfg.RuntimeParams["application_name"]; !ok {
		name := o.AppName
		if name == "" {
			name = "authctl"
		}
		cfg.RuntimeParams["application_name"] = name
	}
	return stdlib.OpenDB(*cfg)
}

func (d *DSN) openMySQL(o OpenOptions) (*sql.DB, error) {
	cfg := d.my.Clone()
	if cfg.Timeout == 0 {
		cfg.Timeout = o.ConnectTimeout
	}
	c, err := gomysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("MySQL DSN %s: %s", d, d.Scrub(err.Error()))
	}
	return sql.OpenDB(c), nil
}

package dialects

import (
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"

	gomysql "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
)

// DSN is a parsed database URL: which engine it names and how to reach it.
// Build one with ParseDSN; open it with Open. Its String form is always
// redacted, so a DSN can be printed or wrapped into an error safely.
type DSN struct {
	// Dialect is SQLite, Postgres or MySQL.
	Dialect string
	// Path is the SQLite database file as given (relative paths are
	// resolved by Open against OpenOptions.Dir); ":memory:" is an
	// in-memory database. Empty for the other engines.
	Path string
	// Database is the PostgreSQL or MySQL database name.
	Database string

	raw            string
	query          url.Values // SQLite file: URI parameters the user gave
	pg             *pgx.ConnConfig
	my             *gomysql.Config
	user, password string
}

// ParseDSN parses a database URL in one of these forms:
//
//	sqlite:PATH, sqlite://PATH, file:PATH[?params], or a plain PATH   SQLite
//	postgres://user:pass@host:5432/db?sslmode=disable (or postgresql://)  PostgreSQL
//	mysql://user:pass@host:3306/db?params (or mariadb://)             MySQL, MariaDB
//	user:pass@tcp(host:3306)/db?params                                  MySQL, the driver's own form
//	host=db user=app dbname=app (libpq keyword/value)                    PostgreSQL
//
// PostgreSQL URLs take every libpq parameter pgx knows (sslmode,
// connect_timeout, options, search_path, …) and the PG* environment
// variables; MySQL URLs take go-sql-driver/mysql's parameters. Errors never
// contain the password.
func ParseDSN(raw string) (*DSN, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil, fmt.Errorf("empty database URL")
	}
	d := &DSN{raw: s}
	scheme, rest, hasScheme := strings.Cut(s, "://")
	if hasScheme && !strings.ContainsAny(scheme, "/@:?") {
		switch strings.ToLower(scheme) {
		case "postgres", "postgresql":
			return d, d.parsePostgres()
		case "mysql", "mariadb":
			return d, d.parseMySQLURL()
		case "sqlite", "sqlite3":
			return d, d.parseSQLite(rest)
		case "file":
			return d, d.parseSQLite(strings.TrimPrefix(s, "file:"))
		}
		return nil, fmt.Errorf("unknown database URL scheme %q in %s; use sqlite:PATH, postgres://…, or mysql://…", scheme, Redact(s))
	}
	switch {
	case hasPrefixFold(s, "sqlite3:"):
		return d, d.parseSQLite(s[len("sqlite3:"):])
	case hasPrefixFold(s, "sqlite:"):
		return d, d.parseSQLite(s[len("sqlite:"):])
	case hasPrefixFold(s, "file:"):
		return d, d.parseSQLite(s[len("file:"):])
	case nativeMySQL(s):
		return d, d.parseMySQLNative()
	case keywordValueRE.MatchString(s):
		return d, d.parsePostgres()
	}
	return d, d.parseSQLite(s)
}

// keywordValueRE matches libpq's keyword/value form ("host=db dbname=app"),
// which pgx accepts too.
var keywordValueRE = regexp.MustCompile(`(?i)^(host|hostaddr|port|dbname|user|password|sslmode|service)\s*=`)

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// nativeMySQLRE matches what follows the last '@' of the driver's DSN form:
// an optional protocol with an optional address, then the slash before the
// database name ("tcp(host:3306)/db", "unix(/run/mysqld.sock)/db", "/db").
var nativeMySQLRE = regexp.MustCompile(`^([a-z0-9]+(\([^)]*\))?)?/`)

// nativeMySQL reports whether s is go-sql-driver/mysql's own DSN form,
// "[user[:password]@][protocol[(address)]]/dbname[?params]", with the user
// part present: without it the form cannot be told from a file path.
func nativeMySQL(s string) bool {
	i := strings.LastIndex(s, "@")
	if i < 0 {
		return false
	}
	return nativeMySQLRE.MatchString(s[i+1:])
}

func (d *DSN) parseSQLite(rest string) error {
	d.Dialect = SQLite
	// sqlite://app.db and sqlite:///abs/app.db both mean a path.
	rest = strings.TrimPrefix(rest, "//")
	path, query, _ := strings.Cut(rest, "?")
	if path == "" {
		return fmt.Errorf("SQLite URL %q names no file; use sqlite:PATH", d.raw)
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return fmt.Errorf("SQLite URL %q: bad parameters: %v", d.raw, err)
	}
	if p, err := url.PathUnescape(path); err == nil {
		path = p
	}
	d.Path, d.query = path, q
	return nil
}

func (d *DSN) parsePostgres() error {
	d.Dialect = Postgres
	if strings.Contains(d.raw, "://") {
		u, err := url.Parse(d.raw)
		if err != nil {
			return fmt.Errorf("PostgreSQL URL %s: %v", Redact(d.raw), scrubURLError(err))
		}
		if p, ok := u.User.Password(); ok {
			d.password = p
		}
	}
	cfg, err := pgx.ParseConfig(d.raw)
	if err != nil {
		return fmt.Errorf("PostgreSQL URL %s: %s", Redact(d.raw), d.Scrub(err.Error()))
	}
	if d.password == "" {
		d.password = cfg.Password
	}
	d.pg, d.Database, d.user = cfg, cfg.Database, cfg.User
	return nil
}

func (d *DSN) parseMySQLURL() error {
	d.Dialect = MySQL
	u, err := url.Parse(d.raw)
	if err != nil {
		return fmt.Errorf("MySQL URL %s: %v", Redact(d.raw), scrubURLError(err))
	}
	db := strings.TrimPrefix(u.Path, "/")
	if db == "" || strings.Contains(db, "/") {
		return fmt.Errorf("MySQL URL %s names no database; use mysql://user:pass@host:3306/DBNAME", Redact(d.raw))
	}
	host := u.Host
	if host == "" {
		host = "127.0.0.1"
	}
	// Let the driver parse the parameters: it knows every one of them.
	cfg, err := gomysql.ParseDSN("tcp(" + host + ")/" + url.PathEscape(db) + "?" + u.RawQuery)
	if err != nil {
		return fmt.Errorf("MySQL URL %s: %v", Redact(d.raw), err)
	}
	cfg.DBName = db
	if u.User != nil {
		cfg.User = u.User.Username()
		cfg.Passwd, _ = u.User.Password()
	}
	d.my, d.Database, d.user, d.password = cfg, db, cfg.User, cfg.Passwd
	return nil
}

func (d *DSN) parseMySQLNative() error {
	d.Dialect = MySQL
	cfg, err := gomysql.ParseDSN(d.raw)
	if err != nil {
		return fmt.Errorf("MySQL DSN %s: %v", Redact(d.raw), err)
	}
	if cfg.DBName == "" {
		return fmt.Errorf("MySQL DSN %s names no database; use user:pass@tcp(host:3306)/DBNAME", Redact(d.raw))
	}
	d.my, d.Database, d.user, d.password = cfg, cfg.DBName, cfg.User, cfg.Passwd
	return nil
}

// scrubURLError drops the URL from a net/url error: it may hold the password.
func scrubURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// String returns the URL with its password replaced by "****".
func (d *DSN) String() string { return Redact(d.raw) }

// Scrub replaces every occurrence of the DSN's password in msg by "****".
// Database drivers do not echo passwords, but messages pass through
// several layers; this is the last line of defence before printing. A
// password equal to the user name is left alone: the user name is printed
// anyway, and scrubbing it would mangle every message that names the user.
func (d *DSN) Scrub(msg string) string {
	if d == nil || d.password == "" || d.password == d.user {
		return msg
	}
	msg = strings.ReplaceAll(msg, d.password, redacted)
	if esc := url.QueryEscape(d.password); esc != d.password {
		msg = strings.ReplaceAll(msg, esc, redacted)
	}
	return msg
}

// Location describes where the database is without any secret: the SQLite
// path, or host and database name.
func (d *DSN) Location() string {
	switch d.Dialect {
	case SQLite:
		return d.Path
	case Postgres:
		return fmt.Sprintf("%s:%d/%s", d.pg.Host, d.pg.Port, d.pg.Database)
	case MySQL:
		return d.my.Addr + "/" + d.my.DBName
	}
	return ""
}

const redacted = "****"

var (
	// user:password@ inside a URL, for strings url.Parse rejects.
	urlPasswordRE = regexp.MustCompile(`(://[^:/@]*:)[^@]*@`)
	// password=... in a query string or a keyword/value DSN.
	kvPasswordRE = regexp.MustCompile(`(?i)(\b(?:password|passwd|pass|sslpassword)=)('(?:[^'\\]|\\.)*'|[^&\s]*)`)
)

// Redact returns a database URL or DSN with every password replaced by
// "****": the user-info password of a URL, the password of MySQL's
// user:pass@tcp(…) form, and password= parameters. Anything else is kept,
// so the result still says which database is meant.
func Redact(dsn string) string {
	s := dsn
	if scheme, _, ok := strings.Cut(s, "://"); ok && !strings.ContainsAny(scheme, "/@:?") {
		if u, err := url.Parse(s); err == nil {
			if _, has := u.User.Password(); has {
				u.User = url.UserPassword(u.User.Username(), redacted)
			}
			s = u.String()
			// url.String escapes the stars.
			s = strings.Replace(s, ":"+url.QueryEscape(redacted)+"@", ":"+redacted+"@", 1)
		} else {
			s = urlPasswordRE.ReplaceAllString(s, "${1}"+redacted+"@")
		}
	} else if nativeMySQL(s) {
		at := strings.LastIndex(s, "@")
		if user, _, ok := strings.Cut(s[:at], ":"); ok {
			s = user + ":" + redacted + s[at:]
		}
	}
	return kvPasswordRE.ReplaceAllString(s, "${1}"+redacted)
}

// absPath resolves a SQLite path against dir.
func absPath(dir, path string) (string, error) {
	if path == ":memory:" || filepath.IsAbs(path) {
		return path, nil
	}
	if dir == "" {
		return filepath.Abs(path)
	}
	return filepath.Join(dir, path), nil
}

// SearchPath splits a PostgreSQL search_path value ("\"$user\", public",
// as SHOW search_path prints it) into schema names, removing the double
// quotes of quoted names and undoubling quotes inside them. "$user" is
// returned as is; what it means is up to the caller.
func SearchPath(v string) []string {
	var out []string
	var b strings.Builder
	inQuote, quoted := false, false
	flush := func() {
		name := b.String()
		if !quoted {
			name = strings.TrimSpace(name)
		}
		if name != "" || quoted {
			out = append(out, name)
		}
		b.Reset()
		quoted = false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case inQuote && c == '"' && i+1 < len(v) && v[i+1] == '"':
			b.WriteByte('"')
			i++
		case c == '"':
			inQuote = !inQuote
			quoted = true
		case !inQuote && c == ',':
			flush()
		case !inQuote && (c == ' ' || c == '\t' || c == '\n'):
			if b.Len() == 0 || quoted {
				continue // around a name; inner spaces need quotes anyway
			}
			b.WriteByte(c)
		case !inQuote:
			// Unquoted names fold to lower case, as PostgreSQL does.
			b.WriteByte(lowerASCII(c))
		default:
			b.WriteByte(c)
		}
	}
	flush()
	return out
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

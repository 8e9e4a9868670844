package dialects

import (
	"github.com/authctl/authctl/engine"

	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	gomysql "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
)

// DSN is a parsed database URL: which engine it names and how to reach it.
// Build one with ParseDSN; open it with Open. Its String form is always
// redacted, so a DSN can be printed or wrapped into an error safely.
type DSN struct {
	// Engine is the database's engine.
	Engine *engine.Engine
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
	d, err := parseDSN(raw)
	if err != nil {
		// The messages are built from redacted text; this is the last line
		// of defence for what a driver's parser says.
		return nil, scrubSecrets(err, raw)
	}
	return d, nil
}

func parseDSN(raw string) (*DSN, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil, fmt.Errorf("empty database URL")
	}
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		q := s[:1]
		return nil, fmt.Errorf("database URL %s%s%s is in quotes; remove the quotes around it", q, Redact(s[1:len(s)-1]), q)
	}
	if m := envAssignRE.FindString(s); m != "" && !keywordValueRE.MatchString(s) {
		return nil, fmt.Errorf("database URL %s holds %s; give only the URL, %s", Redact(s), m, Redact(s[len(m):]))
	}
	d := &DSN{raw: s}
	scheme, rest, hasScheme := strings.Cut(s, "://")
	if hasScheme && !strings.ContainsAny(scheme, "/@:?") {
		switch engine.ForURLScheme(scheme) {
		case engine.Postgres:
			return d, d.parsePostgres()
		case engine.MySQL:
			return d, d.parseMySQLURL()
		case engine.SQLite:
			return d, d.parseSQLite(rest)
		}
		if strings.EqualFold(scheme, "file") {
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
	case looksLikeServer(s):
		return nil, notAFile(s)
	}
	return d, d.parseSQLite(s)
}

// envAssignRE matches a variable assignment pasted along with the URL
// ("DATABASE_URL=postgres://…").
var envAssignRE = regexp.MustCompile(`^[A-Z][A-Z0-9_]*=`)

// keywordValueRE matches libpq's keyword/value form ("host=db dbname=app"),
// which pgx accepts too.
var keywordValueRE = regexp.MustCompile(`(?i)^(host|hostaddr|port|dbname|user|password|sslmode|service)\s*=`)

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// nativeMySQLRE matches what follows the last '@' of the driver's DSN form:
// an optional protocol with an optional address, then the slash before the
// database name ("tcp(host:3306)/db", "unix(/run/mysqld.sock)/db", "/db").
var nativeMySQLRE = regexp.MustCompile(`^(?:([a-z0-9]+)(\([^)]*\))?)?/`)

// mysqlProtocols are the networks go-sql-driver/mysql dials without a
// registered dial function.
var mysqlProtocols = map[string]bool{"tcp": true, "tcp4": true, "tcp6": true, "unix": true}

// nativeMySQL reports whether s is go-sql-driver/mysql's own DSN form,
// "[user[:password]@][protocol[(address)]]/dbname[?params]", with the user
// part present: without it the form cannot be told from a file path. A
// protocol without an address must be one the driver knows: "root@db/app"
// is a URL that lost its scheme, not the protocol "db".
func nativeMySQL(s string) bool {
	i := strings.LastIndex(s, "@")
	if i < 0 {
		return false
	}
	m := nativeMySQLRE.FindStringSubmatch(s[i+1:])
	if m == nil {
		return false
	}
	return m[1] == "" || m[2] != "" || mysqlProtocols[m[1]]
}

// credentials reports whether s holds "user:password@": there is an '@'
// and a ':' before it (a Windows drive letter aside). Such a string is a
// server's address, never a file path.
func credentials(s string) bool {
	if len(s) >= 3 && isASCIILetter(s[0]) && s[1] == ':' && (s[2] == '\\' || s[2] == '/') {
		s = s[3:]
	}
	at := strings.LastIndex(s, "@")
	return at >= 0 && strings.Contains(s[:at], ":")
}

// hostPortRE matches "host:port" right after the '@' of "user@host:3306/db".
var hostPortRE = regexp.MustCompile(`^[A-Za-z0-9.\-\[\]:]*:[0-9]+(/|\?|$)`)

// looksLikeServer reports whether s names a server rather than a file:
// it has credentials, or "user@host:port".
func looksLikeServer(s string) bool {
	if credentials(s) {
		return true
	}
	at := strings.LastIndex(s, "@")
	return at >= 0 && hostPortRE.MatchString(s[at+1:])
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// misspeltSchemeRE matches a known scheme written without "://", or with
// a JDBC prefix: "postgres:/…", "postgres//…", "mysql:…", "jdbc:mysql://…".
var misspeltSchemeRE = regexp.MustCompile(`(?i)^(?:jdbc:)?(postgres|postgresql|mysql|mariadb)[:/]+`)

// notAFile is the error for a string that names a server in a form
// authctl does not read; it says what to write instead.
func notAFile(s string) error {
	red := Redact(s)
	if m := misspeltSchemeRE.FindStringSubmatch(red); m != nil {
		return fmt.Errorf("%s is not a database URL: write %s://%s", red, strings.ToLower(m[1]), red[len(m[0]):])
	}
	at := strings.LastIndex(red, "@")
	user, server := red[:at], red[at+1:]
	if strings.ContainsAny(server, "()") {
		// The driver's form, with a parenthesis missing or misplaced.
		return fmt.Errorf("%s is not a valid MySQL DSN: write %s@tcp(HOST:3306)/DBNAME, or mysql://%s@HOST:3306/DBNAME", red, user, user)
	}
	what := "has a user and password"
	if !credentials(s) {
		what = "looks like user@host:port"
	}
	host, tail, _ := strings.Cut(server, "/")
	if host == "" {
		host = "HOST:3306"
	}
	if tail == "" {
		tail = "DBNAME"
	}
	return fmt.Errorf("%s %s but no scheme, so it is not a SQLite file; write mysql://%s@%s/%s (or the driver's %s@tcp(%s)/%s), or postgres://…",
		red, what, user, host, tail, user, host, tail)
}

func (d *DSN) parseSQLite(rest string) error {
	d.Engine = engine.SQLite
	// sqlite://app.db and sqlite:///abs/app.db both mean a path.
	rest = strings.TrimPrefix(rest, "//")
	path, query, _ := strings.Cut(rest, "?")
	if path == "" {
		return fmt.Errorf("SQLite URL %q names no file; use sqlite:PATH", Redact(d.raw))
	}
	if looksLikeServer(path) {
		red := Redact(d.raw)
		return fmt.Errorf("%s has a user and password, so it is not a SQLite file; for a server write mysql://%s or postgres://…", red, Redact(path))
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return fmt.Errorf("SQLite URL %q: bad parameters: %v", Redact(d.raw), err)
	}
	if p, err := url.PathUnescape(path); err == nil {
		path = p
	}
	d.Path, d.query = path, q
	return nil
}

func (d *DSN) parsePostgres() error {
	d.Engine = engine.Postgres
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
		// pgx repeats the whole URL (password as xxxxx); it is printed once.
		msg := pgxQuoteRE.ReplaceAllString(d.Scrub(err.Error()), "")
		return fmt.Errorf("PostgreSQL URL %s: %s", Redact(d.raw), msg)
	}
	if d.password == "" {
		d.password = cfg.Password
	}
	d.pg, d.Database, d.user = cfg, cfg.Database, cfg.User
	return nil
}

func (d *DSN) parseMySQLURL() error {
	d.Engine = engine.MySQL
	u, err := url.Parse(d.raw)
	if err != nil {
		return fmt.Errorf("MySQL URL %s: %v", Redact(d.raw), scrubURLError(err))
	}
	db := strings.TrimPrefix(u.Path, "/")
	if db == "" {
		return fmt.Errorf("MySQL URL %s names no database; use mysql://user:pass@host:3306/DBNAME", Redact(d.raw))
	}
	if strings.Contains(db, "/") {
		return fmt.Errorf("MySQL URL %s has more than a database name after the host; use mysql://user:pass@host:3306/DBNAME", Redact(d.raw))
	}
	if err := checkPort(u.Port()); err != nil {
		return fmt.Errorf("MySQL URL %s: %v", Redact(d.raw), err)
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
	d.Engine = engine.MySQL
	cfg, err := gomysql.ParseDSN(d.raw)
	if err != nil {
		return fmt.Errorf("MySQL DSN %s: %v", Redact(d.raw), err)
	}
	if !mysqlProtocols[cfg.Net] {
		return fmt.Errorf("MySQL DSN %s: unknown protocol %q; use tcp(host:port) or unix(/path/to/socket)", Redact(d.raw), cfg.Net)
	}
	if cfg.Net != "unix" {
		_, port, err := net.SplitHostPort(cfg.Addr)
		if err == nil {
			err = checkPort(port)
		}
		if err != nil {
			return fmt.Errorf("MySQL DSN %s: %v", Redact(d.raw), err)
		}
	}
	if cfg.DBName == "" {
		return fmt.Errorf("MySQL DSN %s names no database; use user:pass@tcp(host:3306)/DBNAME", Redact(d.raw))
	}
	d.my, d.Database, d.user, d.password = cfg, cfg.DBName, cfg.User, cfg.Passwd
	return nil
}

// pgxQuoteRE matches pgx's "cannot parse `URL`: " prefix.
var pgxQuoteRE = regexp.MustCompile("cannot parse `[^`]*`: ")

// checkPort accepts an empty port (the default) or 1 to 65535.
func checkPort(port string) error {
	if port == "" {
		return nil
	}
	n, err := strconv.Atoi(port)
	if err != nil {
		return fmt.Errorf("port %q is not a number", port)
	}
	if n < 1 || n > 65535 {
		return fmt.Errorf("port %d is out of range (1-65535)", n)
	}
	return nil
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

package core

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/schema"
)

// runtime is everything the handler needs, resolved once by Auth.Open.
type runtime struct {
	opts   Options
	schema *schema.Schema
	st     *store
	db     *sql.DB
	ownDB  bool
	log    *slog.Logger

	secret     string
	keys       secretConfig // versioned secrets for symmetric encryption (secrets.go)
	production bool
	basePath   string
	baseOrigin string // origin of BaseURL, "" when inferred per request
	trusted    []string

	names        cookieNames
	attrs        cookieAttrs
	dontRemember string // the signed "true" of the dont_remember cookie

	expiresIn, updateAge, freshAge time.Duration
	minPassword, maxPassword       int

	limiter      *rateLimiter
	rateWindow   time.Duration
	rateMax      int
	ratePatterns []string
	ip           clientIPConfig

	// plugins are the configured plugins' endpoints and hooks.
	plugins *pluginSet
	// eng is Database.Dialect's engine.
	eng *engine.Engine
	// kv is SecondaryStorage for sessions, nil without it
	// (secondary_sessions.go).
	kv *kvSessions
}

// defaultSecret is Better Auth's built-in secret, used only outside
// production, exactly as Better Auth does, so that development cookies
// verify on both servers.
const defaultSecret = "better-auth-secret-12345678901234567890"

// Open prepares a for serving: it checks the configuration, resolves the
// secret (Options.Secrets or BETTER_AUTH_SECRETS, else Options.Secret,
// BETTER_AUTH_SECRET or AUTH_SECRET; see secrets.go), opens the database (Database.DB, or Database.URL
// with the driver the application imported) and checks that it answers.
// In production (Options.Production or NODE_ENV=production) it refuses to
// start without a secret. Handler and GetSession call Open on first use;
// call it at start-up to fail fast. Calling it again is a no-op.
func (a *Auth) Open(ctx context.Context) error {
	_, err := a.runtime(ctx)
	return err
}

// Close closes the database if Open opened it (not a Database.DB the
// application passed in).
func (a *Auth) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	rt := a.rt
	a.rt = nil
	if rt != nil && rt.ownDB {
		return rt.db.Close()
	}
	return nil
}

func (a *Auth) runtime(ctx context.Context) (*runtime, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.rt != nil {
		return a.rt, nil
	}
	if len(a.warnings) > 0 {
		// Better Auth refuses to start in these cases too.
		return nil, fmt.Errorf("auth: %s", strings.Join(a.warnings, "; "))
	}
	rt, err := newRuntime(ctx, a)
	if err != nil {
		return nil, err
	}
	a.rt = rt
	return rt, nil
}

func newRuntime(ctx context.Context, a *Auth) (*runtime, error) {
	if a.err != nil {
		return nil, a.err
	}
	o := a.opts
	rt := &runtime{opts: o, schema: a.schema, log: o.Logger}
	if rt.log == nil {
		rt.log = slog.Default()
	}
	rt.production = o.Production || os.Getenv("NODE_ENV") == "production"

	if names := unservedOptions(o); len(names) > 0 {
		return nil, unservedOptionsError(names)
	}
	if err := rt.useSecrets(o, os.Getenv); err != nil {
		return nil, err
	}
	if err := rt.checkCookieCache(); err != nil {
		return nil, err
	}
	if err := checkPreserveSessions(o); err != nil { // secondary_sessions.go
		return nil, err
	}

	baseURL := firstNonEmpty(o.BaseURL, os.Getenv("BETTER_AUTH_URL"))
	if baseURL != "" {
		rt.baseOrigin = originOf(baseURL)
		if rt.baseOrigin == "" {
			return nil, fmt.Errorf("baseURL %q is not an absolute http(s) URL", baseURL)
		}
		rt.trusted = append(rt.trusted, rt.baseOrigin)
	}
	rt.trusted = append(rt.trusted, o.TrustedOrigins...)
	rt.trusted = append(rt.trusted, envTrustedOrigins()...)

	rt.basePath = "/api/auth"
	if o.BasePath != "" {
		rt.basePath = "/" + strings.Trim(o.BasePath, "/")
		if rt.basePath == "/" {
			rt.basePath = ""
		}
	}

	secure := rt.production
	switch {
	case o.Advanced.UseSecureCookies != nil:
		secure = *o.Advanced.UseSecureCookies
	case baseURL != "":
		secure = strings.HasPrefix(baseURL, "https://")
	}
	rt.names = newCookieNames(o.Advanced.CookiePrefix, secure)
	rt.attrs = cookieAttrs{secure: secure}
	rt.dontRemember = encodeURIComponent(sign(rt.secret, "true"))

	rt.expiresIn = durationOr(o.Session.ExpiresIn, 7*24*time.Hour)
	rt.updateAge = durationOr(o.Session.UpdateAge, 24*time.Hour)
	rt.freshAge = durationOr(o.Session.FreshAge, 24*time.Hour)
	rt.minPassword = intOr(o.EmailAndPassword.MinPasswordLength, 8)
	rt.maxPassword = intOr(o.EmailAndPassword.MaxPasswordLength, 128)

	ip, ipErr := newClientIPConfig(o.Advanced.IPAddress)
	if ipErr != nil {
		return nil, ipErr
	}
	rt.ip = ip

	storeSchema, err := useSecondaryStorage(a)
	if err != nil {
		return nil, err
	}
	if rt.plugins, err = initPlugins(ctx, a, storeSchema, rt.log, rt.secret); err != nil {
		return nil, err
	}
	if err := rt.openDB(ctx); err != nil {
		return nil, err
	}
	st, err := newStore(rt.db, rt.eng, o.Database.Schema, storeSchema)
	if err != nil {
		rt.closeOwn()
		return nil, err
	}
	rt.st = st
	rt.initSecondarySessions()
	if m := st.models["verification"]; m != nil && rt.verificationsInKV() {
		m.virtual = true
	}
	if err := st.check(ctx); err != nil {
		rt.closeOwn()
		return nil, err
	}

	if rt.limiter, err = newRateLimiter(rt); err != nil {
		rt.closeOwn()
		return nil, err
	}
	return rt, nil
}

func (rt *runtime) closeOwn() {
	if rt.ownDB {
		_ = rt.db.Close()
	}
}

// openDB takes Database.DB or opens Database.URL with a registered driver.
// Errors never include the URL: it may hold a password.
func (rt *runtime) openDB(ctx context.Context) error {
	d := rt.opts.Database
	eng, err := engine.Lookup(d.Dialect)
	if err != nil {
		return errors.New("database: set Database.Dialect (use core.SQLite, core.Postgres or core.MySQL)")
	}
	rt.eng = eng
	if d.DB != nil {
		rt.db = d.DB
	} else {
		if d.URL == "" {
			return errors.New("database: set Database.URL or Database.DB")
		}
		driver, dsn, err := driverDSN(eng, d.URL)
		if err != nil {
			return err
		}
		db, err := sql.Open(driver, dsn)
		if err != nil {
			return fmt.Errorf("database: open with driver %q: %w", driver, err)
		}
		// database/sql keeps only 2 idle connections by default, so under
		// concurrent load it would reconnect constantly (costly on
		// PostgreSQL and MySQL). Pass Database.DB to size the pool yourself.
		db.SetMaxOpenConns(16)
		db.SetMaxIdleConns(16)
		db.SetConnMaxIdleTime(5 * time.Minute)
		if eng == engine.SQLite && strings.Contains(d.URL, ":memory:") {
			db.SetMaxOpenConns(1) // each connection would see its own empty database
		}
		rt.db, rt.ownDB = db, true
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := rt.db.PingContext(pctx); err != nil {
		rt.closeOwn()
		return fmt.Errorf("database: cannot connect (%s): %w", eng.Label(), redactErr(err, d.URL))
	}
	return nil
}

// driverDSN picks the registered database/sql driver for an engine and
// turns the config URL into its DSN.
func driverDSN(eng *engine.Engine, u string) (driver, dsn string, err error) {
	have := sql.Drivers()
	for _, n := range eng.Drivers() {
		if slices.Contains(have, n) {
			driver = n
			break
		}
	}
	if driver == "" {
		return "", "", fmt.Errorf("database: no %s driver is registered; %s in your application", eng.Label(), eng.DriverHint())
	}
	switch eng {
	case engine.SQLite:
		return driver, sqliteDSN(driver, u), nil
	case engine.MySQL:
		dsn, err := mysqlDSN(u)
		return driver, dsn, err
	}
	return driver, u, nil
}

// sqliteDSN turns a path or file: URL into a DSN that enables foreign
// keys (ON DELETE CASCADE), waits on locks and uses WAL for files.
func sqliteDSN(driver, u string) string {
	if !strings.HasPrefix(u, "file:") {
		u = "file:" + u
	}
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	memory := strings.Contains(u, ":memory:") || strings.Contains(u, "mode=memory")
	if driver == "sqlite3" {
		p := "_foreign_keys=1&_busy_timeout=5000"
		if !memory {
			p += "&_journal_mode=WAL"
		}
		return u + sep + p
	}
	p := "_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)"
	if !memory {
		p += "&_pragma=journal_mode(WAL)"
	}
	return u + sep + p
}

// mysqlDSN turns mysql://user:pass@host:port/db?params into the
// go-sql-driver form user:pass@tcp(host:port)/db?params, adding
// parseTime=true; a DSN already in that form only gains parseTime.
func mysqlDSN(u string) (string, error) {
	if !strings.HasPrefix(u, "mysql://") && !strings.HasPrefix(u, "mariadb://") {
		if !strings.Contains(u, "parseTime=") {
			if strings.Contains(u, "?") {
				return u + "&parseTime=true", nil
			}
			return u + "?parseTime=true", nil
		}
		return u, nil
	}
	p, err := url.Parse(u)
	if err != nil {
		return "", errors.New("database: the MySQL URL does not parse (want mysql://user:pass@host:3306/db)")
	}
	host := p.Host
	if p.Port() == "" {
		host += ":3306"
	}
	q := p.Query()
	if q.Get("parseTime") == "" {
		q.Set("parseTime", "true")
	}
	if q.Get("time_zone") == "" && q.Get("loc") == "" {
		// Store TIMESTAMP columns as true UTC whatever the server's zone.
		q.Set("time_zone", "'+00:00'")
	}
	dsn := ""
	if p.User != nil {
		dsn = p.User.Username()
		if pw, ok := p.User.Password(); ok {
			dsn += ":" + pw
		}
		dsn += "@"
	}
	return dsn + "tcp(" + host + ")/" + strings.TrimPrefix(p.Path, "/") + "?" + q.Encode(), nil
}

// redactErr removes the URL's password from a driver error.
func redactErr(err error, u string) error {
	msg := err.Error()
	if p, perr := url.Parse(u); perr == nil && p.User != nil {
		if pw, ok := p.User.Password(); ok && pw != "" {
			msg = strings.ReplaceAll(msg, pw, "xxxxx")
		}
	}
	return errors.New(msg)
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

func durationOr(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

func intOr(n, def int) int {
	if n == 0 {
		return def
	}
	return n
}

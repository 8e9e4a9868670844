package dialects

import (
	"github.com/authctl/authctl/engine"

	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Keeping a DSN's password out of everything printed: the DSN redacted,
// driver messages scrubbed of it, URL errors without the URL.

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
	switch d.Engine {
	case engine.SQLite:
		return d.Path
	case engine.Postgres:
		return fmt.Sprintf("%s:%d/%s", d.pg.Host, d.pg.Port, d.pg.Database)
	case engine.MySQL:
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
// user:pass@tcp(…) form, password= parameters, and anything between the
// first ':' and the last '@' of a string that only looks like
// "user:password@host" (a URL without its scheme, a misspelt scheme).
// Anything else is kept, so the result still says which database is meant.
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
	} else if credentials(s) {
		s = redactCredentials(s)
	}
	return kvPasswordRE.ReplaceAllString(s, "${1}"+redacted)
}

// knownSchemeRE matches the scheme-like words before the user name in
// "postgres:root:pw@…" or "jdbc:mysql://root:pw@…".
var knownSchemeRE = regexp.MustCompile(`(?i)^(?:(?:jdbc|postgres|postgresql|mysql|mariadb|sqlite|sqlite3|file):/*)*`)

// redactCredentials replaces the password of "[scheme:]user:password@rest"
// (everything from the first ':' after the user name to the last '@').
func redactCredentials(s string) string {
	at := strings.LastIndex(s, "@")
	start := len(knownSchemeRE.FindString(s[:at]))
	colon := strings.Index(s[start:at], ":")
	if colon < 0 {
		start, colon = 0, strings.Index(s[:at], ":")
	}
	if colon < 0 {
		return s
	}
	return s[:start+colon+1] + redacted + s[at:]
}

// secretsOf lists what may be a password in a database URL that did not
// parse: the user-info password (raw and decoded), password= values, and
// the part Redact hides of a string shaped like user:password@host.
func secretsOf(raw string) []string {
	s := strings.TrimSpace(raw)
	var out []string
	add := func(p string) {
		p = strings.Trim(p, `'"`)
		if len(p) >= 3 { // shorter ones would mangle every message
			out = append(out, p)
			if dec, err := url.PathUnescape(p); err == nil && dec != p {
				out = append(out, dec)
			}
		}
	}
	if at := strings.LastIndex(s, "@"); at >= 0 {
		pre := s[:at]
		if i := strings.LastIndex(pre, "://"); i >= 0 {
			pre = pre[i+3:]
		} else {
			pre = pre[len(knownSchemeRE.FindString(pre)):]
		}
		if _, pw, ok := strings.Cut(pre, ":"); ok {
			add(pw)
		}
	}
	for _, m := range kvPasswordRE.FindAllStringSubmatch(s, -1) {
		add(m[2])
	}
	return out
}

// scrubSecrets removes whatever may be a password of raw from err's text.
func scrubSecrets(err error, raw string) error {
	msg := err.Error()
	for _, p := range secretsOf(raw) {
		msg = strings.ReplaceAll(msg, p, redacted)
	}
	if msg != err.Error() {
		return errors.New(msg)
	}
	return err
}

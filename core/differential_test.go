package core_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
)

// TestDifferentialAgainstTypeScript sends the same requests to the Go
// handler and to a TypeScript Better Auth 1.7.5 server (each on its own
// fresh database, same secret; SQLite, and PostgreSQL and MariaDB when
// their servers are named, see forEachDialect) and requires the same status,
// Content-Type, Location, Cache-Control, Set-Cookie lines and body, after
// replacing the values that are random or time-dependent (tokens, ids,
// dates, signatures) by placeholders.
func TestDifferentialAgainstTypeScript(t *testing.T) {
	email := "Diff.User@Example.com"
	up := map[string]any{"name": "Diff", "email": email, "password": password}
	steps := []diffStep{
		{"GET", "/get-session", nil, nil},
		{"POST", "/sign-up/email", up, nil},
		{"GET", "/get-session", nil, nil},
		{"GET", "/list-sessions", nil, nil},
		{"POST", "/update-user", map[string]any{"name": "Renamed", "image": "https://example.com/a.png"}, nil},
		{"POST", "/update-user", map[string]any{}, nil},
		{"POST", "/update-user", map[string]any{"email": "x@example.com"}, nil},
		{"POST", "/update-user", map[string]any{"emailVerified": true, "role": "admin"}, nil},
		{"GET", "/get-session", nil, nil},
		{"POST", "/change-password", map[string]any{"newPassword": "new password!", "currentPassword": "wrong"}, nil},
		{"POST", "/change-password", map[string]any{"newPassword": "short", "currentPassword": password}, nil},
		{"POST", "/change-password", map[string]any{"newPassword": "new password!", "currentPassword": password}, nil},
		{"POST", "/revoke-session", map[string]any{"token": "nope"}, nil},
		{"POST", "/revoke-session", map[string]any{}, nil},
		{"POST", "/update-user", map[string]any{"name": "x"}, []string{"Origin", ""}},
		{"POST", "/update-user", map[string]any{"name": "x"}, []string{"Origin", "https://evil.example"}},
		{"POST", "/sign-out", map[string]any{}, nil},
		{"GET", "/get-session", nil, nil},
		{"POST", "/sign-in/email", map[string]any{"email": email, "password": password}, nil},
		{"POST", "/sign-in/email", map[string]any{"email": "nobody@example.com", "password": "x"}, nil},
		{"POST", "/sign-in/email", map[string]any{"email": "not-an-email", "password": "x"}, nil},
		{"POST", "/sign-in/email", map[string]any{"email": strings.ToUpper(email), "password": "new password!", "rememberMe": false}, nil},
		{"GET", "/get-session", nil, nil},
		{"POST", "/update-user", map[string]any{"name": "Again"}, nil},
		{"POST", "/sign-in/email", map[string]any{"email": email, "password": "new password!", "callbackURL": "/dashboard"}, nil},
		{"POST", "/sign-in/email", map[string]any{"email": email, "password": "new password!", "callbackURL": "https://evil.example/"}, nil},
		{"POST", "/sign-in/email", map[string]any{"email": email, "password": "new password!"}, []string{"Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate", "Cookie", ""}},
		{"POST", "/revoke-other-sessions", nil, nil},
		{"GET", "/list-sessions", nil, nil},
		{"POST", "/change-password", map[string]any{"newPassword": "third password", "currentPassword": "new password!", "revokeOtherSessions": true}, nil},
		{"GET", "/get-session", nil, nil},
		{"POST", "/revoke-sessions", nil, nil},
		{"POST", "/update-user", map[string]any{"name": "gone"}, nil},
		{"GET", "/get-session", nil, nil},
		{"POST", "/sign-up/email", up, nil},
		{"POST", "/sign-up/email", map[string]any{"name": "S", "email": "s@example.com", "password": "short"}, nil},
		{"POST", "/sign-up/email", map[string]any{"name": 1, "email": "bad", "password": ""}, nil},
		{"POST", "/sign-up/email", `{"name":`, nil},
		{"POST", "/sign-up/email", `[]`, nil},
		{"POST", "/sign-up/email", "x", []string{"Content-Type", "text/plain"}},
		{"POST", "/sign-up/email", "name=F&email=f%40example.com&password=long+enough", []string{"Content-Type", "application/x-www-form-urlencoded"}},
		{"POST", "/sign-in/email", "email=f%40example.com&password=long+enough&rememberMe=true", []string{"Content-Type", "application/x-www-form-urlencoded"}},
		{"POST", "/get-session", nil, nil},
		{"GET", "/sign-in/email", nil, nil},
		{"GET", "/get-session/", nil, nil},
		{"GET", "/nope", nil, nil},
		{"GET", "/ok", nil, nil},
	}
	// Both clients send the same X-Forwarded-For so ipAddress matches
	// (without it Better Auth stores "" and Go the peer address).
	forEachDialect(t, func(t *testing.T, dialect string) {
		runDifferentialOn(t, dialect, enabled(core.Options{}), nil, steps)
	})
}

var (
	normCookie = regexp.MustCompile(`=([A-Za-z0-9]{32}|true)\.[A-Za-z0-9%]+`)
	normToken  = regexp.MustCompile(`"[A-Za-z0-9]{32}"`)
	normDate   = regexp.MustCompile(`"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"`)
)

func normalize(c *client) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s", c.status, c.header.Get("Content-Type"))
	for _, h := range []string{"Location", "Cache-Control", "Pragma", "X-Retry-After"} {
		if v := c.header.Get(h); v != "" {
			fmt.Fprintf(&b, "\n%s: %s", h, v)
		}
	}
	for _, sc := range c.setCookies {
		b.WriteString("\nSet-Cookie: " + normCookie.ReplaceAllString(sc, "=<$1>.<sig>"))
	}
	body := normToken.ReplaceAllString(string(c.raw), `"<token>"`)
	body = normDate.ReplaceAllString(body, `"<date>"`)
	b.WriteString("\n" + body)
	return regexp.MustCompile(`<[A-Za-z0-9]{32}>`).ReplaceAllString(b.String(), "<token>")
}

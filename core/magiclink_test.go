package core_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestMagicLinkOptionsRefused: options the runtime cannot honour make
// Open fail, naming them.
func TestMagicLinkOptionsRefused(t *testing.T) {
	send := func(*core.Context, plugins.MagicLinkMessage) error { return nil }
	hash := func(s string) (string, error) { return "h" + s, nil }
	for _, c := range []struct {
		o    plugins.MagicLinkOptions
		want string
	}{
		{plugins.MagicLinkOptions{}, "MagicLinkOptions.SendMagicLink is required"},
		{plugins.MagicLinkOptions{SendMagicLink: send, StoreToken: "encrypted"}, `MagicLinkOptions.StoreToken "encrypted"`},
		{plugins.MagicLinkOptions{SendMagicLink: send, StoreToken: "custom-hasher"}, `MagicLinkOptions.StoreToken "custom-hasher" needs HashToken`},
		{plugins.MagicLinkOptions{SendMagicLink: send, StoreToken: "hashed", HashToken: hash}, `MagicLinkOptions.StoreToken "hashed" contradicts HashToken`},
		{plugins.MagicLinkOptions{SendMagicLink: send, ExpiresIn: -1}, "MagicLinkOptions.ExpiresIn and RateLimit cannot be negative"},
	} {
		a := core.New(core.Options{Secret: testSecret, Database: core.SQLite(filepath.Join(t.TempDir(), "a.db")),
			Plugins: []core.Plugin{plugins.MagicLink(c.o)}})
		err := a.Open(context.Background())
		if err == nil || !strings.Contains(err.Error(), "plugin magic-link: "+c.want) {
			t.Errorf("%+v: Open = %v, want %q", c.o, err, c.want)
		}
		a.Close()
	}
}

// TestMagicLinkCustomHasherAndToken: GenerateToken makes the token and
// HashToken what the verification row stores; the link works once, and
// an error from SendMagicLink fails the request.
func TestMagicLinkCustomHasherAndToken(t *testing.T) {
	box := &signInBox{}
	var sendErr error
	o := core.Options{Plugins: []core.Plugin{plugins.MagicLink(plugins.MagicLinkOptions{
		SendMagicLink: func(x *core.Context, m plugins.MagicLinkMessage) error {
			if sendErr != nil {
				return sendErr
			}
			return box.magicLink(x, m)
		},
		GenerateToken: func(email string) (string, error) { return "tok-" + strings.Split(email, "@")[0], nil },
		HashToken:     func(s string) (string, error) { return "hashed:" + s, nil },
	})}}
	a, db := newAuth(t, core.DialectSQLite, o)
	c := startServer(t, a)
	c.do("POST", "/sign-in/magic-link", map[string]any{"email": "h@example.com"})
	c.expect(200, `{"status":true}`)
	if n := count(t, db, core.DialectSQLite, "verification", "identifier = ?", "hashed:tok-h"); n != 1 {
		t.Fatalf("%d rows stored as the hasher says", n)
	}
	m := box.drain()
	if len(m) != 1 || m[0].Token != "tok-h" || m[0].URL != c.base+"/magic-link/verify?token=tok-h&callbackURL=%2F" {
		t.Fatalf("link: %+v", m)
	}
	res := obj(c.do("GET", "/magic-link/verify?token=tok-h", nil))
	if c.status != 200 || obj(res["user"])["email"] != "h@example.com" {
		t.Fatalf("verify: %d %s", c.status, c.raw)
	}
	sendErr = core.NewAPIError(503, "MAIL_DOWN", "mail is down")
	c.do("POST", "/sign-in/magic-link", map[string]any{"email": "h@example.com"})
	c.expectError(503, "MAIL_DOWN", "mail is down")
}

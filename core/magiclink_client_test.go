package core_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// outboxHandler serves a's handler and the messages box kept at
// GET /__test/outbox (outside the auth routes), emptying it.
func outboxHandler(a *core.Auth, box *signInBox) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/", a.Handler())
	mux.HandleFunc("GET /__test/outbox", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		list := box.drain()
		if list == nil {
			list = []signInMail{}
		}
		_ = json.NewEncoder(w).Encode(list)
	})
	return mux
}

// TestMagicLinkWithOfficialClient: Better Auth 1.7.5's better-auth/client
// with magicLinkClient() (testdata/magicLink-client.mjs) signs up by a
// link opened as a browser opens it, signs in again with
// magicLink.verify, and sees a used token refused, against the Go
// handler.
func TestMagicLinkWithOfficialClient(t *testing.T) {
	run := clientScript(t, "magicLink-client.mjs")
	box := &signInBox{}
	origin := serveOn(t, func(origin string) http.Handler {
		o := core.Options{Plugins: []core.Plugin{plugins.MagicLink(plugins.MagicLinkOptions{SendMagicLink: box.magicLink})}}
		db := newWireDB(t, core.DialectSQLite, o, "magic-client")
		o.BaseURL, o.Secret, o.Database = origin, testSecret, db.database()
		a := core.New(o)
		t.Cleanup(func() { a.Close() })
		return outboxHandler(a, box)
	})
	out, err := run(origin+"/api/auth", "magic.client@example.com")
	if err != nil {
		t.Fatalf("magicLink-client.mjs: %v\n%s", err, out)
	}
	var got struct{ User map[string]any }
	if err := json.Unmarshal([]byte(out[strings.LastIndexByte(out, '\n')+1:]), &got); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	if got.User["name"] != "Magic Client" || got.User["emailVerified"] != true {
		t.Fatalf("session user: %v", got.User)
	}
	// The script can fail: the user exists now, so the first link goes
	// to callbackURL, not newUserCallbackURL.
	if out, err := run(origin+"/api/auth", "magic.client@example.com"); err == nil || !strings.HasPrefix(out, "FAIL: link answered 302 "+origin+"/home") {
		t.Fatalf("magicLink-client.mjs for a known user: %v\n%s", err, out)
	}
}

package core_test

import (
	"fmt"
	"net/url"
	"slices"
	"sync"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestKVSessionsMagicLink: magicLink with sessions (and its tokens) in
// Redis alone. A link sent by one server is verified on the other: its
// session is in Redis and read by the first; the user being unverified,
// the session they had made on the first server ends (1.7.5 revokes
// what an unproven account had) and leaves Redis.
func TestKVSessionsMagicLink(t *testing.T) {
	var mu sync.Mutex
	links := map[string]string{} // email → the Go side's last token
	send := func(_ *core.Context, m plugins.MagicLinkMessage) error {
		mu.Lock()
		defer mu.Unlock()
		links[m.Email] = m.Token
		return nil
	}
	k := newKVDuo(t, kvDialect(), core.Options{Plugins: []core.Plugin{plugins.MagicLink(plugins.MagicLinkOptions{SendMagicLink: send})}},
		`PLUGINS={"magicLink":{}}`)
	token := func(srv *client, email string) string {
		t.Helper()
		if serverName(srv, k) == "Go" {
			mu.Lock()
			defer mu.Unlock()
			return links[email]
		}
		for _, m := range tsOutbox(t, srv) {
			if m.Kind == "magic-link" && m.To == email {
				return m.Token
			}
		}
		return ""
	}
	for i, p := range [][2]*client{k.both(), {k.ts(), k.goc()}} {
		srv, other := p[0], p[1]
		email := fmt.Sprintf("link%d@example.com", i)
		a := srv.clone()
		id, tokA := signUpOn(a, email)
		r := srv.clone()
		r.do("POST", "/sign-in/magic-link", map[string]any{"email": email})
		r.expect(200, `{"status":true}`)
		tok := token(srv, email)
		if tok == "" {
			t.Fatalf("%s sent no link", serverName(srv, k))
		}
		v := other.clone()
		v.do("GET", "/magic-link/verify?token="+url.QueryEscape(tok)+"&callbackURL=/", nil)
		if v.status != 302 || v.sessionToken() == "" {
			t.Fatalf("%s magic-link/verify: %d %v", serverName(other, k), v.status, v.setCookies)
		}
		if k.stored(v.sessionToken()) == nil || !slices.Contains(k.activeTokens(id), v.sessionToken()) {
			t.Fatalf("%s magic-link/verify: session not in Redis (list %v)", serverName(other, k), k.activeTokens(id))
		}
		k.signedIn(v, email)
		k.signedIn(a, "")
		if k.stored(tokA) != nil || len(k.activeTokens(id)) != 1 {
			t.Fatalf("%s magic-link/verify left the unproven session in Redis (list %v)", serverName(other, k), k.activeTokens(id))
		}
	}
}

package core_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestKVSessionsTwoFactor: twoFactor with sessions in Redis alone (and
// its verification values there too, both servers' default). TOTP
// enabled on one server rotates the session in Redis (the old key and
// list entry gone, the new session read on the other with
// twoFactorEnabled in its cached user); a sign-in challenged on the
// other leaves no session in Redis, and the code verified on the first
// server (trusting the device) makes one both read; a sign-in with the
// trusted device on the other needs no code.
func TestKVSessionsTwoFactor(t *testing.T) {
	k := newKVDuo(t, kvDialect(), core.Options{Plugins: []core.Plugin{plugins.TwoFactor()}}, "TWO_FACTOR_PLUGIN={}")
	for i, p := range [][2]*client{k.both(), {k.ts(), k.goc()}} {
		srv, other := p[0], p[1]
		email := fmt.Sprintf("tf%d@example.com", i)
		b := newTFBrowser()
		c := srv.clone()
		res := b.do(c, "POST", "/sign-up/email", map[string]any{"name": "T", "email": email, "password": password})
		c.expect(200, "*")
		id := obj(res["user"])["id"].(string)
		before := c.sessionToken()
		uri, _ := enableTOTP(t, b, c)
		after := c.sessionToken()
		if after == before || k.stored(before) != nil || !slices.Equal(k.activeTokens(id), []string{after}) {
			t.Fatalf("%s enabling TOTP: session %s -> %s, list %v", serverName(srv, k), before, after, k.activeTokens(id))
		}
		if u := obj(k.stored(after)["user"]); u["twoFactorEnabled"] != true {
			t.Fatalf("cached user after enabling TOTP: %v", u)
		}
		signedInAs(t, b, other.clone(), email)

		// A challenged sign-in on other: no new session in Redis.
		d := newTFBrowser()
		challenged(t, d, other.clone(), email)
		if got := k.activeTokens(id); !slices.Equal(got, []string{after}) {
			t.Fatalf("%s challenged sign-in left sessions in Redis: %v", serverName(other, k), got)
		}
		// The code verified on srv, trusting the device.
		v := srv.clone()
		d.do(v, "POST", "/two-factor/verify-totp", map[string]any{"code": codeFor(t, uri), "trustDevice": true})
		v.expect(200, "*")
		tok := v.sessionToken()
		if k.stored(tok) == nil || !slices.Contains(k.activeTokens(id), tok) {
			t.Fatalf("%s verify-totp: no session in Redis", serverName(srv, k))
		}
		signedInAs(t, d, other.clone(), email)
		signedInAs(t, d, srv.clone(), email)
		// The trusted device signs in on other without a code.
		delete(d.jar, "better-auth.session_token")
		s := other.clone()
		r := d.do(s, "POST", "/sign-in/email", map[string]any{"email": email, "password": password})
		if s.status != 200 || r["twoFactorRedirect"] != nil || r["token"] == nil {
			t.Fatalf("%s trusted sign-in: %d %s", serverName(other, k), s.status, s.raw)
		}
		signedInAs(t, d, srv.clone(), email)
	}
}

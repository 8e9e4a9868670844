package core_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestKVSessionsMultiSession: multiSession with sessions in Redis alone.
// One browser signs x in on one server and y on the other; each server
// lists both device sessions (the same answer), set-active on one is the
// session get-session reads on the other, revoke on one deletes the
// session's key and list entry, seen on the other; sign-out deletes every
// device session.
func TestKVSessionsMultiSession(t *testing.T) {
	k := newKVDuo(t, kvDialect(), core.Options{Plugins: []core.Plugin{plugins.MultiSession()}}, `PLUGINS={"multiSession":{}}`)
	for i, p := range [][2]*client{k.both(), {k.ts(), k.goc()}} {
		first, second := p[0], p[1]
		x, y := fmt.Sprintf("x%d@example.com", i), fmt.Sprintf("y%d@example.com", i)
		b := first
		_, xTok := signUpOn(b, x)
		yID, yTok := signUpOn(at(b, second), y)
		// list-device-sessions: both sessions on both servers, alike.
		g := &client{t: t, jar: copyJar(b.jar), order: b.order}
		s := &client{t: t, jar: copyJar(b.jar), order: b.order}
		list, _ := at(g, k.goc()).do("GET", "/multi-session/list-device-sessions", nil).([]any)
		at(s, k.ts()).do("GET", "/multi-session/list-device-sessions", nil)
		if g.status != 200 || len(list) != 2 {
			t.Fatalf("Go list-device-sessions: %d %s", g.status, g.raw)
		}
		sameStep(t, "list-device-sessions", g, s)

		// set-active on first (x), read on second.
		got := obj(at(b, first).do("POST", "/multi-session/set-active", map[string]any{"sessionToken": xTok}))
		if b.status != 200 || obj(got["user"])["email"] != x {
			t.Fatalf("%s set-active: %d %s", serverName(first, k), b.status, b.raw)
		}
		k.signedIn(b, x)
		// revoke y on second: its key and list entry are gone; first
		// lists x alone.
		at(b, second).do("POST", "/multi-session/revoke", map[string]any{"sessionToken": yTok})
		b.expect(200, `{"status":true}`)
		if k.stored(yTok) != nil || len(k.activeTokens(yID)) != 0 {
			t.Fatal("revoke left y's session in Redis")
		}
		list, _ = at(b, first).do("GET", "/multi-session/list-device-sessions", nil).([]any)
		if b.status != 200 || len(list) != 1 || obj(obj(list[0])["user"])["email"] != x {
			t.Fatalf("%s list after revoke on the other: %d %s", serverName(first, k), b.status, b.raw)
		}
		// y again on first, then sign-out on second ends both.
		at(b, first).do("POST", "/sign-in/email", map[string]any{"email": y, "password": password})
		b.expect(200, "*")
		y2 := b.sessionToken()
		at(b, second).do("POST", "/sign-out", nil)
		b.expect(200, `{"success":true}`)
		// (1.7.5's deleteSessions deletes the keys and leaves the list
		// entries, which every reader skips; Go drops both.)
		if k.stored(xTok) != nil || k.stored(y2) != nil {
			t.Fatalf("%s sign-out left device sessions in Redis: x %v, y %v", serverName(second, k), k.stored(xTok) != nil, k.stored(y2) != nil)
		}
		k.signedIn(b, "")
	}
}

// TestKVSessionsOneTimeToken: a one-time token generated on one server
// for a session in Redis alone is verified on the other (its session
// read from Redis, answered alike, and made the caller's); with
// setOttHeaderOnNewSession, a sign-in on Go carries a set-ott token that
// TypeScript verifies.
func TestKVSessionsOneTimeToken(t *testing.T) {
	k := newKVDuo(t, kvDialect(), core.Options{Plugins: []core.Plugin{plugins.OneTimeToken(plugins.OneTimeTokenOptions{SetOttHeaderOnNewSession: true})}},
		`PLUGINS={"oneTimeToken":{"setOttHeaderOnNewSession":true}}`)
	var results [2]*client
	for i, p := range [][2]*client{k.both(), {k.ts(), k.goc()}} {
		srv, other := p[0], p[1]
		email := fmt.Sprintf("ott%d@example.com", i)
		owner := srv
		_, tok := signUpOn(owner, email)
		ott, _ := obj(owner.do("GET", "/one-time-token/generate", nil))["token"].(string)
		if owner.status != 200 || ott == "" {
			t.Fatalf("%s generate: %d %s", serverName(srv, k), owner.status, owner.raw)
		}
		v := other
		res := obj(v.do("POST", "/one-time-token/verify", map[string]any{"token": ott}))
		if v.status != 200 || obj(res["session"])["token"] != tok || obj(res["user"])["email"] != email {
			t.Fatalf("%s verify: %d %s", serverName(other, k), v.status, v.raw)
		}
		if v.sessionToken() != tok {
			t.Fatalf("%s verify set no session cookie: %v", serverName(other, k), v.setCookies)
		}
		k.signedIn(v, email)
		results[i] = &client{status: v.status, raw: bytes.ReplaceAll(v.raw, []byte(email), []byte("ott@example.com"))}
	}
	// The same verify answer from both (Go verified TypeScript's token
	// second).
	sameStep(t, "one-time-token/verify", results[1], results[0])

	// set-ott on a Go sign-in, verified on TypeScript.
	g := k.goc()
	g.do("POST", "/sign-in/email", map[string]any{"email": "ott0@example.com", "password": password})
	g.expect(200, "*")
	ott := g.header.Get("set-ott")
	if ott == "" {
		t.Fatalf("Go sign-in without set-ott: %v", g.header)
	}
	ts := k.ts()
	res := obj(ts.do("POST", "/one-time-token/verify", map[string]any{"token": ott}))
	if ts.status != 200 || obj(res["session"])["token"] != g.sessionToken() {
		t.Fatalf("TypeScript verifying Go's set-ott: %d %s", ts.status, ts.raw)
	}
}

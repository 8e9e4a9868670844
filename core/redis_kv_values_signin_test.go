package core_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestRedisKVMagicLink: magic-link tokens in Redis alone: a link sent by
// one server signs in on the other, once (replays refused by both); the
// stored values are alike; and an unverified user's proof on either
// server (revokeUnprovenAccountAccess, whose reservation has no table to
// live in) takes the user's password account and sessions away on both.
func TestRedisKVMagicLink(t *testing.T) {
	cl := newKVCluster(t, 1, func(box *signInBox) core.Options {
		return core.Options{Plugins: []core.Plugin{plugins.MagicLink(plugins.MagicLinkOptions{SendMagicLink: box.magicLink})}}
	}, nil, magicLinkTSEnv(`{}`)...)
	goc, ts := cl.gos[0], cl.ts
	send := func(c *client, body map[string]any) signInMail {
		t.Helper()
		n := c.clone()
		n.do("POST", "/sign-in/magic-link", body)
		n.expect(200, `{"status":true}`)
		m := cl.sent(c)
		if m.Kind != "magic-link" || len(m.Token) != 32 {
			t.Fatalf("%s sent %+v", cl.name(c), m)
		}
		return m
	}
	// verify follows the link's path and query on server c.
	verify := func(c *client, link string, jar map[string]string) *client {
		t.Helper()
		u, err := url.Parse(link)
		if err != nil {
			t.Fatal(err)
		}
		n := cl.on(c, jar)
		n.do("GET", "/magic-link/verify?"+u.RawQuery, nil)
		return n
	}

	for _, p := range [][2]*client{{goc, ts}, {ts, goc}} {
		from, to := p[0], p[1]
		email := "ml-" + strings.ToLower(cl.name(from)[:2]) + "@example.com"
		m := send(from, map[string]any{"email": email, "name": "ML", "callbackURL": "/home"})
		if v := cl.value(m.Token); v != `{"email":"`+email+`","name":"ML"}` {
			t.Fatalf("stored by %s: %s", cl.name(from), cl.raw(m.Token))
		}
		cl.ttlNear(m.Token, 300*time.Second)
		jar := map[string]string{}
		in := verify(to, m.URL, jar)
		if in.status != 302 || in.header.Get("Location") != to.origin+"/home" {
			t.Fatalf("%s verifying %s's link: %d %s", cl.name(to), cl.name(from), in.status, in.header.Get("Location"))
		}
		cl.gone(m.Token)
		for _, c := range cl.servers() {
			s := obj(cl.on(c, jar).do("GET", "/get-session", nil))
			if u := obj(s["user"]); u["email"] != email || u["emailVerified"] != true || u["name"] != "ML" {
				t.Fatalf("session on %s: %v", cl.name(c), s)
			}
			again := verify(c, m.URL, map[string]string{})
			if again.status != 302 || again.header.Get("Location") != c.origin+"/home?error=INVALID_TOKEN" {
				t.Fatalf("replay on %s: %d %s", cl.name(c), again.status, again.header.Get("Location"))
			}
		}
	}

	// The stored values, without a name, are alike.
	gm, tm := send(goc, map[string]any{"email": "same@example.com"}), send(ts, map[string]any{"email": "same@example.com"})
	sameShape(t, "magic link", cl.raw(gm.Token), cl.raw(tm.Token), func(k, v string) string {
		if k == "identifier" && regexp.MustCompile(`^[A-Za-z]{32}$`).MatchString(v) {
			return "<token>"
		}
		return v
	})

	// An unverified user with a password and a session proves the email
	// with a link: the password and every older session are gone on both
	// servers; the link's session stays.
	for _, p := range [][2]*client{{goc, ts}, {ts, goc}} {
		from, to := p[0], p[1]
		email := "unproven-" + strings.ToLower(cl.name(to)[:2]) + "@example.com"
		old := map[string]string{}
		cl.on(from, old).signUp(email, password)
		m := send(from, map[string]any{"email": email})
		jar := map[string]string{}
		v := verify(to, m.URL, jar)
		if v.status != 302 {
			t.Fatalf("%s verifying the proof: %d %s", cl.name(to), v.status, v.raw)
		}
		for _, c := range cl.servers() {
			if s := cl.on(c, copyJar(old)).do("GET", "/get-session", nil); s != nil {
				t.Fatalf("%s: the unproven session survived: %v", cl.name(c), s)
			}
			if u := obj(obj(cl.on(c, copyJar(jar)).do("GET", "/get-session", nil))["user"]); u["email"] != email || u["emailVerified"] != true {
				t.Fatalf("%s: the proven session: %v", cl.name(c), u)
			}
			pw := c.clone()
			pw.do("POST", "/sign-in/email", map[string]any{"email": email, "password": password})
			pw.expectError(401, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password")
		}
		if keys := cl.verificationKeys("revoke-unproven-account-access:"); len(keys) != 0 {
			t.Fatalf("a cleanup lock was left: %v", keys)
		}
	}
}

// TestRedisKVOneTimeToken: one-time tokens in Redis alone: generated on
// one server, verified on the other, once; stored alike.
func TestRedisKVOneTimeToken(t *testing.T) {
	cl := newKVCluster(t, 1, func(*signInBox) core.Options {
		return core.Options{Plugins: []core.Plugin{plugins.OneTimeToken()}}
	}, nil, `PLUGINS={"oneTimeToken":{}}`)
	goc, ts := cl.gos[0], cl.ts
	raws := map[*client]string{}
	for _, p := range [][2]*client{{goc, ts}, {ts, goc}} {
		from, to := p[0], p[1]
		email := "ott-" + strings.ToLower(cl.name(from)[:2]) + "@example.com"
		jar := map[string]string{}
		cl.on(from, jar).signUp(email, password)
		g := cl.on(from, jar)
		g.do("GET", "/one-time-token/generate", nil)
		g.expect(200, "*")
		tok := ottToken(g)
		id := "one-time-token:" + tok
		if v := cl.value(id); v != (&client{jar: jar}).sessionToken() {
			t.Fatalf("stored by %s: %s", cl.name(from), cl.raw(id))
		}
		cl.ttlNear(id, 3*time.Minute)
		raws[from] = cl.raw(id)
		v := to.clone()
		res := obj(v.do("POST", "/one-time-token/verify", map[string]any{"token": tok}))
		if v.status != 200 || obj(res["user"])["email"] != email {
			t.Fatalf("%s verifying %s's token: %d %s", cl.name(to), cl.name(from), v.status, v.raw)
		}
		cl.gone(id)
		for _, c := range cl.servers() {
			r := c.clone()
			r.do("POST", "/one-time-token/verify", map[string]any{"token": tok})
			r.expectError(400, "", "Invalid token")
		}
	}
	sameShape(t, "one-time token", raws[goc], raws[ts], func(k, v string) string {
		if k == "identifier" {
			return regexp.MustCompile(`:.*`).ReplaceAllString(v, ":<token>")
		}
		return "<session token>"
	})
}

// TestRedisKVOneTimeTokenHeader: with setOttHeaderOnNewSession, a sign-in
// on one server (its session in Redis alone too) carries a token in
// set-ott that verifies on the other.
func TestRedisKVOneTimeTokenHeader(t *testing.T) {
	cl := newKVCluster(t, 1, func(*signInBox) core.Options {
		return core.Options{Plugins: []core.Plugin{plugins.OneTimeToken(plugins.OneTimeTokenOptions{SetOttHeaderOnNewSession: true})}}
	}, nil, `PLUGINS={"oneTimeToken":{"setOttHeaderOnNewSession":true}}`)
	for _, p := range [][2]*client{{cl.gos[0], cl.ts}, {cl.ts, cl.gos[0]}} {
		from, to := p[0], p[1]
		email := "ott-header-" + strings.ToLower(cl.name(from)[:2]) + "@example.com"
		up := from.clone()
		up.signUp(email, password)
		tok := up.header.Get("set-ott")
		if len(tok) != 32 || cl.value("one-time-token:"+tok) != up.sessionToken() {
			t.Fatalf("%s's sign-up: set-ott %q, stored %s", cl.name(from), tok, cl.raw("one-time-token:"+tok))
		}
		v := to.clone()
		res := obj(v.do("POST", "/one-time-token/verify", map[string]any{"token": tok}))
		if v.status != 200 || obj(res["user"])["email"] != email {
			t.Fatalf("%s verifying %s's set-ott: %d %s", cl.name(to), cl.name(from), v.status, v.raw)
		}
		cl.gone("one-time-token:" + tok)
	}
}

// TestRedisKVPhoneNumber: phone codes in Redis alone: sent by one server,
// verified (signing up) on the other after a wrong try on each; spent
// by wrong codes over both servers; a password reset code sent by one
// used on the other, once.
func TestRedisKVPhoneNumber(t *testing.T) {
	cl := newKVCluster(t, 1, func(box *signInBox) core.Options {
		return core.Options{Plugins: []core.Plugin{plugins.PhoneNumber(plugins.PhoneNumberOptions{
			SendOTP: func(_ *core.Context, phone, code string) error {
				box.add(signInMail{Kind: "phone-otp", To: phone, Token: code})
				return nil
			},
			SendPasswordResetOTP: func(_ *core.Context, phone, code string) error {
				box.add(signInMail{Kind: "phone-reset-otp", To: phone, Token: code})
				return nil
			},
			SignUpOnVerification: &plugins.PhoneNumberSignUp{
				GetTempEmail: func(p string) string { return strings.Trim(p, "+") + "@phone.test" },
				GetTempName:  func(p string) string { return "User " + p },
			}})}}
	}, nil, `PLUGINS={"phoneNumber":{"signUp":true}}`)
	goc, ts := cl.gos[0], cl.ts
	send := func(c *client, phone string) string {
		t.Helper()
		n := c.clone()
		n.do("POST", "/phone-number/send-otp", map[string]any{"phoneNumber": phone})
		n.expect(200, `{"message":"code sent"}`)
		return cl.sent(c).Token
	}
	verify := func(c *client, phone, code string) *client {
		t.Helper()
		n := c.clone()
		n.do("POST", "/phone-number/verify", map[string]any{"phoneNumber": phone, "code": code})
		return n
	}
	raws := map[*client]string{}
	for i, p := range [][2]*client{{goc, ts}, {ts, goc}} {
		from, to := p[0], p[1]
		phone := []string{"+15551000", "+15552000"}[i]
		code := send(from, phone)
		if v := cl.value(phone); v != code+":0" {
			t.Fatalf("stored by %s: %s", cl.name(from), cl.raw(phone))
		}
		raws[from] = cl.raw(phone)
		cl.ttlNear(phone, 300*time.Second)
		for j, c := range []*client{to, from} {
			verify(c, phone, wrongCode(code)).expectError(400, "INVALID_OTP", "Invalid OTP")
			if v := cl.value(phone); v != code+":"+string(rune('1'+j)) {
				t.Fatalf("after a wrong code on %s: %s", cl.name(c), v)
			}
		}
		in := verify(to, phone, code)
		if u := obj(obj(jsonOf(in.raw))["user"]); in.status != 200 || u["phoneNumber"] != phone || u["phoneNumberVerified"] != true {
			t.Fatalf("%s verifying %s's code: %d %s", cl.name(to), cl.name(from), in.status, in.raw)
		}
		cl.gone(phone)
		for _, c := range cl.servers() {
			verify(c, phone, code).expectError(400, "OTP_NOT_FOUND", "OTP not found")
		}

		// Three wrong codes over both servers spend it.
		code = send(to, phone)
		for _, c := range []*client{from, to, from} {
			verify(c, phone, wrongCode(code)).expectError(400, "INVALID_OTP", "Invalid OTP")
		}
		if v := cl.value(phone); v != code+":3" {
			t.Fatalf("after three wrong codes: %s", v)
		}
		verify(to, phone, code).expectError(403, "TOO_MANY_ATTEMPTS", "Too many attempts")
		cl.gone(phone)
		verify(from, phone, code).expectError(400, "OTP_NOT_FOUND", "OTP not found")

		// A password reset code sent by one resets on the other, once.
		r := from.clone()
		r.do("POST", "/phone-number/request-password-reset", map[string]any{"phoneNumber": phone})
		r.expect(200, `{"status":true}`)
		code = cl.sent(from).Token
		if v := cl.value(phone + "-request-password-reset"); v != code+":0" {
			t.Fatalf("reset code stored by %s: %s", cl.name(from), cl.raw(phone+"-request-password-reset"))
		}
		for i, c := range []*client{to, from} {
			r = c.clone()
			r.do("POST", "/phone-number/reset-password", map[string]any{"phoneNumber": phone, "otp": code, "newPassword": "kv new password"})
			if i == 0 {
				r.expect(200, `{"status":true}`)
				cl.gone(phone + "-request-password-reset")
			} else if r.status != 400 {
				t.Fatalf("reset code replayed on %s: %d %s", cl.name(c), r.status, r.raw)
			}
		}
		r = from.clone()
		r.do("POST", "/sign-in/phone-number", map[string]any{"phoneNumber": phone, "password": "kv new password"})
		r.expect(200, "*")
	}
	sameShape(t, "phone code", raws[goc], raws[ts], func(k, v string) string {
		return regexp.MustCompile(`^\+1555\d000$|^\d{6}:`).ReplaceAllString(v, "<x>")
	})
}

// jsonOf is raw decoded (nil when it is not JSON).
func jsonOf(raw []byte) any {
	var v any
	_ = json.Unmarshal(raw, &v)
	return v
}

// TestRedisKVConcurrentConsume: one emailOTP code, and one one-time
// token, tried by 10 concurrent requests spread over two Go handlers:
// exactly one succeeds (GETDEL hands the value to one of them).
func TestRedisKVConcurrentConsume(t *testing.T) {
	cl := newKVCluster(t, 2, func(box *signInBox) core.Options {
		return core.Options{Plugins: []core.Plugin{plugins.EmailOTP(plugins.EmailOTPOptions{SendVerificationOTP: box.emailOTP}),
			plugins.OneTimeToken()}}
	}, nil, emailOTPTSEnv(`{}`)...)
	// A verified user (an email-OTP sign-up), so that the OTP sign-ins
	// below do not revoke the session the tokens are generated with.
	jar := map[string]string{}
	cl.gos[1].clone().do("POST", "/email-otp/send-verification-otp", map[string]any{"email": "race@example.com", "type": "sign-in"})
	up := cl.on(cl.gos[0], jar)
	up.do("POST", "/sign-in/email-otp", map[string]any{"email": "race@example.com", "otp": cl.sent(cl.gos[1]).Token})
	up.expect(200, "*")
	// race sends body to path on alternate Go handlers at once and
	// returns the statuses.
	race := func(path string, body map[string]any) map[int]int {
		t.Helper()
		raw, _ := json.Marshal(body)
		var wg sync.WaitGroup
		var mu sync.Mutex
		got := map[int]int{}
		start := make(chan struct{})
		for i := range 10 {
			c := cl.gos[i%2]
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest("POST", c.base+path, strings.NewReader(string(raw)))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Origin", c.origin)
				<-start
				res, err := http.DefaultClient.Do(req)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					got[-1]++
					return
				}
				res.Body.Close()
				got[res.StatusCode]++
			}()
		}
		close(start)
		wg.Wait()
		return got
	}
	for round := range 3 {
		cl.gos[round%2].clone().do("POST", "/email-otp/send-verification-otp", map[string]any{"email": "race@example.com", "type": "sign-in"})
		code := cl.sent(cl.gos[round%2]).Token
		if got := race("/sign-in/email-otp", map[string]any{"email": "race@example.com", "otp": code}); got[200] != 1 || got[400] != 9 {
			t.Fatalf("round %d: 10 sign-ins with one code: %v, want one 200 and nine 400", round, got)
		}
		cl.gone("sign-in-otp-race@example.com")

		g := cl.on(cl.gos[round%2], jar)
		g.do("GET", "/one-time-token/generate", nil)
		g.expect(200, "*")
		tok := ottToken(g)
		if got := race("/one-time-token/verify", map[string]any{"token": tok}); got[200] != 1 || got[400] != 9 {
			t.Fatalf("round %d: 10 verifies of one token: %v, want one 200 and nine 400", round, got)
		}
		cl.gone("one-time-token:" + tok)
	}
}

package core_test

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/social"
)

// TestRedisKVSocialState: the OAuth state of a social sign-in (GitLab on
// the loopback test provider) kept as a verification value in Redis
// alone: stored while the user is at the provider (10 minutes), gone
// once the callback used it (a replayed callback is refused); a flow
// started on Go ends on TypeScript and one started on TypeScript ends on
// Go. The TypeScript server's baseURL is the Go handler's, so that both
// send the provider the same redirect URI, as two servers behind one
// address do.
func TestRedisKVSocialState(t *testing.T) {
	redis := redisURL(t)
	dir, node := npmWire(t)
	op := newTestOP(t)
	op.addUser(opUser{ID: 4242, Sub: "sub-4242", Username: "ada", Name: "Ada Lovelace", Email: "ada@example.com", EmailVerified: true})
	cl := &kvCluster{t: t, d: kvDialect(), prefix: redisPrefix(t), box: &signInBox{}}
	cl.kv = openRedis(t, redis, cl.prefix)
	tsDB, db := sharedDB(t, cl.d)
	cl.db = db
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	origin := "http://" + ln.Addr().String()
	a := core.New(core.Options{BaseURL: origin, Secret: testSecret, Database: core.Database{Dialect: cl.d, DB: db},
		SecondaryStorage: openRedis(t, redis, cl.prefix), EmailAndPassword: core.EmailAndPassword{Enabled: true},
		SocialProviders: []core.SocialProvider{social.GitLab(social.GitLabOptions{
			Options: social.Options{ClientID: op.clientID, ClientSecret: op.secret}, Issuer: op.issuer})}})
	t.Cleanup(func() { a.Close() })
	createTables(t, db, cl.d, a)
	if err := a.Open(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: a.Handler()}}
	srv.Start()
	t.Cleanup(srv.Close)
	cl.gos = []*client{{t: t, base: origin + "/api/auth", origin: origin, jar: map[string]string{}}}
	opts, _ := json.Marshal(map[string]any{"verification": map[string]any{"storeInDatabase": false},
		"socialProviders": map[string]any{"gitlab": map[string]any{"clientId": op.clientID, "clientSecret": op.secret, "issuer": op.issuer}}})
	tsBase := startTS(t, dir, node, tsDB, "REDIS_URL="+redis, "REDIS_PREFIX="+cl.prefix, "OPTIONS="+string(opts), "BETTER_AUTH_URL="+origin)
	// The browser's Origin is the one address both servers answer to.
	cl.ts = &client{t: t, base: tsBase + "/api/auth", origin: origin, jar: map[string]string{}}
	goc, ts := cl.gos[0], cl.ts
	if err := db.QueryRow(`SELECT COUNT(*) FROM ` + q(cl.d, "verification")).Scan(new(int)); err == nil {
		t.Fatal("the database has a verification table without verification.storeInDatabase")
	}

	// start signs in on server c and returns the state and the stored
	// value.
	start := func(c *client, jar map[string]string) (state, callback, raw string) {
		t.Helper()
		in := cl.on(c, jar)
		res := obj(in.do("POST", "/sign-in/social", map[string]any{"provider": "gitlab", "callbackURL": "/dashboard"}))
		auth, _ := res["url"].(string)
		u, err := url.Parse(auth)
		if in.status != 200 || err != nil || !strings.HasPrefix(auth, op.issuer+"/oauth/authorize") {
			t.Fatalf("sign-in/social on %s: %d %s", cl.name(c), in.status, in.raw)
		}
		if got := u.Query().Get("redirect_uri"); got != origin+"/api/auth/callback/gitlab" {
			t.Fatalf("%s's redirect_uri %s", cl.name(c), got)
		}
		state = u.Query().Get("state")
		raw = cl.raw(state)
		var v struct{ Value string }
		var data struct {
			CallbackURL, CodeVerifier, OAuthState string
		}
		if err := json.Unmarshal([]byte(raw), &v); err != nil || json.Unmarshal([]byte(v.Value), &data) != nil ||
			data.CallbackURL != "/dashboard" || data.CodeVerifier == "" || data.OAuthState != state {
			t.Fatalf("state stored by %s: %q", cl.name(c), raw)
		}
		cl.ttlNear(state, 10*time.Minute)
		// The provider signs the user in and sends the browser back.
		res2, err := noRedirects.Get(auth)
		if err != nil {
			t.Fatal(err)
		}
		res2.Body.Close()
		callback, ok := strings.CutPrefix(res2.Header.Get("Location"), origin+"/api/auth")
		if res2.StatusCode != 302 || !ok || !strings.Contains(callback, "state="+state) {
			t.Fatalf("provider: %d %s", res2.StatusCode, res2.Header.Get("Location"))
		}
		return state, callback, raw
	}
	finish := func(c *client, jar map[string]string, callback string) *client {
		t.Helper()
		n := cl.on(c, jar)
		n.do("GET", callback, nil)
		return n
	}
	signedIn := func(jar map[string]string) {
		t.Helper()
		for _, c := range cl.servers() {
			if u := obj(obj(cl.on(c, copyJar(jar)).do("GET", "/get-session", nil))["user"]); u["email"] != "ada@example.com" {
				t.Fatalf("session on %s: %v", cl.name(c), u)
			}
		}
	}

	raws := map[*client]string{}
	for _, p := range [][2]*client{{goc, goc}, {goc, ts}, {ts, goc}} {
		from, to := p[0], p[1]
		jar := map[string]string{}
		state, callback, raw := start(from, jar)
		raws[from] = raw
		done := finish(to, jar, callback)
		if done.status != 302 || done.header.Get("Location") != "/dashboard" {
			t.Fatalf("callback of %s's flow on %s: %d %s %s", cl.name(from), cl.name(to), done.status, done.header.Get("Location"), done.raw)
		}
		cl.gone(state)
		signedIn(jar)
		// Replayed on either server: the state is gone.
		for _, c := range cl.servers() {
			again := finish(c, copyJar(jar), callback)
			if loc := again.header.Get("Location"); again.status != 302 || !strings.Contains(loc, "error=") {
				t.Fatalf("replayed callback on %s: %d %s", cl.name(c), again.status, loc)
			}
		}
	}
	sameShape(t, "OAuth state", raws[goc], raws[ts], func(k, v string) string {
		if k == "identifier" {
			return "<state>"
		}
		var data map[string]any
		if err := json.Unmarshal([]byte(v), &data); err != nil {
			return v
		}
		var keys []string
		for k, x := range data {
			switch k {
			case "codeVerifier", "oauthState", "expiresAt":
				x = "*"
			}
			b, _ := json.Marshal(x)
			keys = append(keys, k+"="+string(b))
		}
		sort.Strings(keys)
		return strings.Join(keys, " ")
	})
}

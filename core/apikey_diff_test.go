package core_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// akStep is one request of the apiKey differential, sent as who (alice,
// bob or anon). In path, body and header values "{k1}" stands for the id
// of the key saved as k1 on that server and "{key:k1}" for its plain key.
// save keeps the answer's id and key under that name. A step with sql
// runs it (portableSQL, with the same substitutions) on both databases
// instead.
type akStep struct {
	who, method, path string
	body              any
	headers           []string
	save              string
	sql               string
}

// akSide is one server of the differential.
type akSide struct {
	w       wireDB
	clients map[string]*client
	ids     map[string]string
	keys    map[string]string
}

func (s *akSide) expand(v string) string {
	for name, k := range s.keys {
		v = strings.ReplaceAll(v, "{key:"+name+"}", k)
	}
	for name, id := range s.ids {
		v = strings.ReplaceAll(v, "{"+name+"}", id)
	}
	return v
}

var (
	normAKSessionData = regexp.MustCompile(`session_data=[^;]+;`)
	normTryAgain      = regexp.MustCompile(`"tryAgainIn":\d+`)
	normAKStart       = regexp.MustCompile(`"start":"([A-Za-z0-9_-]+)"`)
)

// normalizeAK is normalize with the side's plain keys and key ids named.
func (s *akSide) normalize(c *client) string {
	n := string(c.raw)
	n = normAKStart.ReplaceAllStringFunc(n, func(m string) string {
		start := normAKStart.FindStringSubmatch(m)[1]
		for name, k := range s.keys {
			if k != "" && strings.HasPrefix(k, start) {
				return `"start":"<start:` + name + `>"`
			}
		}
		return m
	})
	for name, k := range s.keys {
		n = strings.ReplaceAll(n, `"`+k+`"`, `"<key:`+name+`>"`)
	}
	for name, id := range s.ids {
		n = strings.ReplaceAll(n, `"`+id+`"`, `"<id:`+name+`>"`)
	}
	n = normTryAgain.ReplaceAllString(n, `"tryAgainIn":<ms>`)
	saved, cookies := c.raw, c.setCookies
	c.raw, c.setCookies = []byte(n), nil
	for _, sc := range cookies {
		c.setCookies = append(c.setCookies, normAKSessionData.ReplaceAllString(sc, "session_data=<data>;"))
	}
	defer func() { c.raw, c.setCookies = saved, cookies }()
	return normalize(c)
}

// akRows dumps the apikey rows (by name) with dates as <date>, the hashed
// key checked against the plain one.
func akRows(t *testing.T, s *akSide) string {
	t.Helper()
	cols := []string{"configId", "name", "start", "prefix", "key", "refillInterval", "refillAmount", "lastRefillAt", "enabled",
		"rateLimitEnabled", "rateLimitTimeWindow", "rateLimitMax", "requestCount", "remaining", "lastRequest", "expiresAt",
		"createdAt", "updatedAt", "permissions", "metadata", "id"}
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = q(s.w.dialect, c)
	}
	rows, err := s.w.db.Query("SELECT " + strings.Join(quoted, ", ") + " FROM " + q(s.w.dialect, "apikey") + " ORDER BY " + q(s.w.dialect, "createdAt") + ", " + q(s.w.dialect, "name"))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	byID := map[string]string{}
	for name, id := range s.ids {
		byID[id] = name
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		name := byID[fmt.Sprint(asText(vals[len(cols)-1]))]
		for i, c := range cols[:len(cols)-1] {
			v := asText(vals[i])
			switch {
			case v == nil:
				v = "NULL"
			case name == "" && (c == "key" || c == "start"):
				v = "<a key whose create failed>"
			case c == "key":
				switch k, ok := s.keys[name]; {
				case ok && v == plugins.HashAPIKey(k):
					v = "<hash>"
				case ok && v == k:
					v = "<plain key>"
				default:
					v = "<neither the plain key nor its hash>"
				}
			case c == "start":
				if k, ok := s.keys[name]; ok && strings.HasPrefix(k, fmt.Sprint(v)) {
					v = fmt.Sprintf("<start %d>", len(fmt.Sprint(v)))
				}
			case strings.HasSuffix(c, "At") || c == "lastRequest":
				if _, ok := v.(time.Time); ok {
					v = "<date>"
				} else {
					v = normDateText.ReplaceAllString(fmt.Sprint(v), "<date>")
				}
			}
			fmt.Fprintf(&b, " %s=%v", c, v)
		}
		out = append(out, name+":"+b.String())
	}
	return strings.Join(out, "\n")
}

var normDateText = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

func asText(v any) any {
	if b, ok := v.([]byte); ok {
		return string(b)
	}
	return v
}

// runAPIKeyDifferential starts Go with o and TypeScript 1.7.5 with
// PLUGINS={"apiKey":tsOptions}, each on a fresh database of the dialect,
// signs up alice and bob on both, and requires the same answers to the
// steps and the same apikey rows.
func runAPIKeyDifferential(t *testing.T, dialect string, o plugins.APIKeyOptions, tsOptions string, steps []akStep) {
	runAPIKeyDifferentialWith(t, dialect, core.Options{}, nil, o, tsOptions, steps)
}

// runAPIKeyDifferentialWith is runAPIKeyDifferential with more Go options
// (base) and TypeScript environment (env).
func runAPIKeyDifferentialWith(t *testing.T, dialect string, base core.Options, env []string, o plugins.APIKeyOptions, tsOptions string, steps []akStep) {
	base.Plugins = append(base.Plugins, plugins.APIKey(o))
	opts := enabled(base)
	dir, node := npmWire(t)
	sides := map[string]*akSide{}
	for _, name := range []string{"go", "ts"} {
		w := newWireDB(t, dialect, opts, name)
		var c *client
		if name == "go" {
			g := opts
			g.Secret, g.Database = testSecret, w.database()
			a := core.New(g)
			t.Cleanup(func() { a.Close() })
			c = startServer(t, a)
		} else {
			c = &client{t: t, base: startTS(t, dir, node, w.url, append([]string{`PLUGINS={"apiKey":` + tsOptions + `}`}, env...)...) + "/api/auth", jar: map[string]string{}}
			c.origin = strings.TrimSuffix(c.base, "/api/auth")
		}
		s := &akSide{w: w, clients: map[string]*client{}, ids: map[string]string{}, keys: map[string]string{}}
		for _, who := range []string{"alice", "bob"} {
			cl := c.clone()
			u := obj(obj(cl.do("POST", "/sign-up/email", map[string]any{"name": who, "email": who + "@example.com", "password": password},
				"X-Forwarded-For", "203.0.113.7", "User-Agent", "differential"))["user"])
			cl.expect(200, "*")
			s.clients[who], s.ids[who] = cl, u["id"].(string)
		}
		s.clients["anon"] = c.clone()
		sides[name] = s
	}
	for i, st := range steps {
		if st.sql != "" {
			for _, s := range sides {
				past := map[string]string{core.DialectMySQL: "'2000-01-01 00:00:00.000'"}[dialect]
				if past == "" {
					past = "'2000-01-01T00:00:00.000Z'"
				}
				query := strings.ReplaceAll(s.expand(st.sql), "{past}", past)
				if _, err := s.w.db.Exec(portableSQL(dialect, query)); err != nil {
					t.Fatalf("step %d: %s: %v", i, st.sql, err)
				}
			}
			continue
		}
		var out [2]string
		for j, name := range []string{"go", "ts"} {
			s := sides[name]
			var body any
			if st.body != nil {
				raw, ok := st.body.(string)
				if !ok {
					b, _ := json.Marshal(st.body)
					raw = string(b)
				}
				body = s.expand(raw)
			}
			h := []string{"X-Forwarded-For", "203.0.113.7", "User-Agent", "differential"}
			for _, v := range st.headers {
				h = append(h, s.expand(v))
			}
			c := s.clients[st.who]
			res := obj(c.do(st.method, s.expand(st.path), body, h...))
			if st.save != "" && c.status == 200 {
				s.ids[st.save], _ = res["id"].(string)
				s.keys[st.save], _ = res["key"].(string)
			}
			out[j] = s.normalize(c)
		}
		if testing.Verbose() {
			t.Logf("step %d: %s %s %s %v\n%s", i, st.who, st.method, st.path, st.body, out[0])
		}
		if out[0] != out[1] {
			t.Errorf("step %d: %s %s %s %v\n--- go\n%s\n--- typescript\n%s", i, st.who, st.method, st.path, st.body, out[0], out[1])
		}
	}
	if g, w := akRows(t, sides["go"]), akRows(t, sides["ts"]); g != w {
		t.Errorf("apikey rows differ\n--- go\n%s\n--- typescript\n%s", g, w)
	}
	if g, w := tableCounts(t, sides["go"].w), tableCounts(t, sides["ts"].w); g != w {
		t.Errorf("row counts differ\n--- go\n%s\n--- typescript\n%s", g, w)
	}
}

// TestDifferentialAPIKey compares the apiKey plugin (two configurations,
// sessions from x-api-key) with @better-auth/api-key 1.7.5 on SQLite,
// PostgreSQL and MariaDB.
func TestDifferentialAPIKey(t *testing.T) {
	o := plugins.APIKeyOptions{Configurations: []plugins.APIKeyConfiguration{
		{ConfigID: "default", EnableSessionForAPIKeys: true, EnableMetadata: true, RateLimit: plugins.APIKeyRateLimit{MaxRequests: 4}},
		{ConfigID: "public", DefaultPrefix: "pub_", RequireName: true, MaximumNameLength: 8},
	}}
	ts := `[{"configId":"default","enableSessionForAPIKeys":true,"enableMetadata":true,"rateLimit":{"maxRequests":4}},` +
		`{"configId":"public","defaultPrefix":"pub_","requireName":true,"maximumNameLength":8}]`
	forEachDialect(t, func(t *testing.T, dialect string) {
		runAPIKeyDifferential(t, dialect, o, ts, apiKeySteps)
	})
}

// TestDifferentialAPIKeyOptions compares one configuration with the
// options both servers take as data: headers, prefix and length, start
// length, default expiry, default permissions, no rate limit, plain keys;
// and the remaining count with its refill.
func TestDifferentialAPIKeyOptions(t *testing.T) {
	o := plugins.APIKeyOptions{
		EnableSessionForAPIKeys: true, APIKeyHeaders: []string{"x-key", "x-other"}, DefaultPrefix: "sk_", DefaultKeyLength: 40,
		StartingCharacters: plugins.APIKeyStartingCharacters{CharactersLength: 9},
		KeyExpiration:      plugins.APIKeyExpiration{DefaultExpiresIn: 72 * time.Hour, DisableCustomExpiresTime: true},
		RateLimit:          plugins.APIKeyRateLimit{Enabled: core.Bool(false)},
		Permissions:        plugins.APIKeyPermissions{DefaultPermissions: map[string][]string{"0": {"x"}, "files": {"read", "write"}}},
		DisableKeyHashing:  true, MinimumNameLength: 3,
	}
	ts := `{"enableSessionForAPIKeys":true,"apiKeyHeaders":["x-key","x-other"],"defaultPrefix":"sk_","defaultKeyLength":40,` +
		`"startingCharactersConfig":{"charactersLength":9},"keyExpiration":{"defaultExpiresIn":259200,"disableCustomExpiresTime":true},` +
		`"rateLimit":{"enabled":false},"permissions":{"defaultPermissions":{"0":["x"],"files":["read","write"]}},` +
		`"disableKeyHashing":true,"minimumNameLength":3}`
	forEachDialect(t, func(t *testing.T, dialect string) {
		runAPIKeyDifferential(t, dialect, o, ts, []akStep{
			{who: "alice", method: "POST", path: "/api-key/create", body: map[string]any{"name": "ab"}},
			{who: "alice", method: "POST", path: "/api-key/create", body: map[string]any{"expiresIn": 86400}},
			{who: "alice", method: "POST", path: "/api-key/create", body: map[string]any{"name": "abc", "metadata": map[string]any{"a": 1}}},
			{who: "alice", method: "POST", path: "/api-key/create", body: map[string]any{"name": "abc"}, save: "s1"},
			{who: "alice", method: "POST", path: "/api-key/update", body: map[string]any{"keyId": "{s1}", "metadata": map[string]any{"a": 1}}},
			{who: "alice", method: "POST", path: "/api-key/update", body: map[string]any{"keyId": "{s1}", "expiresIn": nil}},
			{who: "anon", method: "GET", path: "/get-session", headers: []string{"x-other", "{key:s1}"}},
			{who: "anon", method: "GET", path: "/get-session", headers: []string{"x-key", "sk_short", "x-other", "{key:s1}"}},
			{who: "anon", method: "GET", path: "/get-session", headers: []string{"x-api-key", "{key:s1}"}},
			// No rate limit: every use counts nothing but lastRequest.
			{who: "anon", method: "GET", path: "/get-session", headers: []string{"x-key", "{key:s1}"}},
			{who: "anon", method: "GET", path: "/get-session", headers: []string{"x-key", "{key:s1}"}},
			// A due refill, then uses down to zero and a refusal until
			// the next refill.
			{sql: `UPDATE "apikey" SET "remaining" = 0, "refillAmount" = 2, "refillInterval" = 1000, "lastRefillAt" = {past} WHERE "id" = '{s1}'`},
			{who: "anon", method: "GET", path: "/get-session", headers: []string{"x-key", "{key:s1}"}},
			{who: "alice", method: "GET", path: "/api-key/get?id={s1}"},
			{sql: `UPDATE "apikey" SET "refillInterval" = 2000000000 WHERE "id" = '{s1}'`},
			{who: "anon", method: "GET", path: "/get-session", headers: []string{"x-key", "{key:s1}"}},
			{who: "anon", method: "GET", path: "/get-session", headers: []string{"x-key", "{key:s1}"}},
			{who: "alice", method: "GET", path: "/api-key/get?id={s1}"},
			// A key session creates keys; an unknown sort field fails.
			{who: "bob", method: "POST", path: "/api-key/create", body: map[string]any{"name": "bobs"}, save: "b1"},
			{who: "anon", method: "POST", path: "/api-key/create", body: map[string]any{"name": "via key"}, headers: []string{"x-key", "{key:b1}"}, save: "b2"},
			{who: "bob", method: "GET", path: "/api-key/list?sortBy=name"},
			{who: "bob", method: "GET", path: "/api-key/list?sortBy=nope"},
		})
	})
}

// TestDifferentialAPIKeyUserFields: the key session's user is the user
// row as 1.7.5's adapter reads it (additional fields, even one not
// returned elsewhere), with the cookie cache on.
func TestDifferentialAPIKeyUserFields(t *testing.T) {
	var base core.Options
	base.Session.CookieCache = core.CookieCache{Enabled: true}
	base.User.AdditionalFields = []core.Field{
		{Name: "score", Type: core.TypeNumber, Required: core.Optional},
		{Name: "secretNote", Type: core.TypeString, Required: core.Optional, Returned: core.Bool(false)},
	}
	env := []string{`OPTIONS={"session":{"cookieCache":{"enabled":true}},"user":{"additionalFields":{` +
		`"score":{"type":"number","required":false},"secretNote":{"type":"string","required":false,"returned":false}}}}`}
	forEachDialect(t, func(t *testing.T, dialect string) {
		runAPIKeyDifferentialWith(t, dialect, base, env, plugins.APIKeyOptions{EnableSessionForAPIKeys: true}, `{"enableSessionForAPIKeys":true}`, []akStep{
			{sql: `UPDATE "user" SET "score" = 7, "secretNote" = 'hidden'`},
			{who: "alice", method: "POST", path: "/api-key/create", body: map[string]any{"name": "k"}, save: "k1"},
			{who: "alice", method: "GET", path: "/get-session"},
			{who: "anon", method: "GET", path: "/get-session", headers: []string{"x-api-key", "{key:k1}"}},
			// (update-user with a key session is left out: both set the
			// key as the session cookie and cache the session, but the
			// cached session's keys are in another order.)
			{who: "anon", method: "GET", path: "/list-sessions", headers: []string{"x-api-key", "{key:k1}"}},
			{who: "anon", method: "POST", path: "/api-key/update", body: map[string]any{"keyId": "{k1}", "name": "via key"}, headers: []string{"x-api-key", "{key:k1}"}},
			{who: "alice", method: "GET", path: "/api-key/list"},
		})
	})
}

var apiKeySteps = []akStep{
	// Creation: validation, session, server-only properties, options.
	{who: "anon", method: "POST", path: "/api-key/create", body: map[string]any{}},
	{who: "alice", method: "POST", path: "/api-key/create", body: `{"name":5,"expiresIn":0,"prefix":"bad prefix!","remaining":"x","permissions":{"a":"b","c":[1]}}`},
	{who: "alice", method: "POST", path: "/api-key/create", body: `[]`},
	{who: "alice", method: "POST", path: "/api-key/create", body: map[string]any{"remaining": 5}},
	{who: "alice", method: "POST", path: "/api-key/create", body: map[string]any{"rateLimitMax": 5}},
	{who: "alice", method: "POST", path: "/api-key/create", body: map[string]any{"permissions": map[string]any{"files": []any{"read"}}}},
	{who: "alice", method: "POST", path: "/api-key/create", body: map[string]any{"userId": "someone"}},
	{who: "alice", method: "POST", path: "/api-key/create", body: map[string]any{"expiresIn": 60}},
	{who: "alice", method: "POST", path: "/api-key/create", body: map[string]any{"expiresIn": 400 * 86400}},
	{who: "alice", method: "POST", path: "/api-key/create", body: map[string]any{"prefix": strings.Repeat("p", 33)}},
	{who: "alice", method: "POST", path: "/api-key/create", body: map[string]any{"name": strings.Repeat("n", 33)}},
	{who: "alice", method: "POST", path: "/api-key/create", body: map[string]any{"metadata": "text"}},
	{who: "alice", method: "POST", path: "/api-key/create", body: map[string]any{"configId": "public"}},
	{who: "alice", method: "POST", path: "/api-key/create", body: map[string]any{"configId": "public", "name": "ninechars"}},
	{who: "alice", method: "POST", path: "/api-key/create", body: map[string]any{"configId": "public", "metadata": map[string]any{"a": 1}, "name": "pub"}},
	{who: "alice", method: "POST", path: "/api-key/create", body: map[string]any{"configId": "public", "name": "pub"}, save: "pub"},
	{who: "alice", method: "POST", path: "/api-key/create", save: "k1",
		body: `{"name":"first","prefix":"ak_","expiresIn":172800,"metadata":{"z":1,"a":{"when":"2024-01-02T03:04:05Z","n":1.50},"10":true,"2":null,"z":2}}`},
	{who: "alice", method: "POST", path: "/api-key/create", body: map[string]any{"metadata": 0}, save: "k2"},
	{who: "bob", method: "POST", path: "/api-key/create", body: map[string]any{"name": "bob's"}, save: "b1"},
	// Reading and listing.
	{who: "alice", method: "GET", path: "/api-key/get?id={k1}"},
	{who: "alice", method: "GET", path: "/api-key/get?id={b1}"},
	{who: "alice", method: "GET", path: "/api-key/get?id={pub}"},
	{who: "alice", method: "GET", path: "/api-key/get?id={pub}&configId=public"},
	{who: "alice", method: "GET", path: "/api-key/get"},
	{who: "anon", method: "GET", path: "/api-key/get?id={k1}"},
	{who: "alice", method: "GET", path: "/api-key/list?sortBy=createdAt"},
	{who: "alice", method: "GET", path: "/api-key/list?sortBy=name&sortDirection=desc&limit=2&offset=1"},
	{who: "alice", method: "GET", path: "/api-key/list?configId=public"},
	{who: "alice", method: "GET", path: "/api-key/list?limit=-1&sortDirection=up"},
	{who: "alice", method: "GET", path: "/api-key/list?organizationId=org"},
	{who: "bob", method: "GET", path: "/api-key/list?sortBy=createdAt"},
	// Updating.
	{who: "alice", method: "POST", path: "/api-key/update", body: map[string]any{"keyId": "{k2}"}},
	{who: "alice", method: "POST", path: "/api-key/update", body: map[string]any{"keyId": "{k2}", "remaining": 3}},
	{who: "alice", method: "POST", path: "/api-key/update", body: map[string]any{"keyId": "{b1}", "name": "mine"}},
	{who: "alice", method: "POST", path: "/api-key/update", body: map[string]any{"keyId": "{k2}", "name": ""}},
	{who: "alice", method: "POST", path: "/api-key/update", body: `{"keyId":"{k2}","name":"second","metadata":{"b":[1,"x"],"a":"2024-05-06T07:08:09.1+02:00"},"expiresIn":null}`},
	{who: "alice", method: "POST", path: "/api-key/update", body: map[string]any{"keyId": "{k2}", "userId": "{bob}", "name": "x"}},
	{who: "alice", method: "POST", path: "/api-key/update", body: map[string]any{"keyId": "{pub}", "metadata": map[string]any{"ignored": true}}},
	{who: "alice", method: "POST", path: "/api-key/update", body: map[string]any{"keyId": "{pub}", "configId": "public", "enabled": false, "expiresIn": 86400}},
	{who: "anon", method: "POST", path: "/api-key/update", body: map[string]any{"keyId": "{k2}", "name": "x"}},
	// Sessions from x-api-key: get-session, a protected endpoint, errors.
	{who: "anon", method: "GET", path: "/get-session", headers: []string{"x-api-key", "{key:k1}"}},
	{who: "anon", method: "GET", path: "/api-key/list?sortBy=createdAt", headers: []string{"x-api-key", "{key:k1}"}},
	{who: "anon", method: "GET", path: "/list-sessions", headers: []string{"x-api-key", "{key:k1}"}},
	{who: "anon", method: "GET", path: "/get-session", headers: []string{"x-api-key", "short"}},
	{who: "anon", method: "GET", path: "/get-session", headers: []string{"x-api-key", strings.Repeat("x", 64)}},
	{who: "anon", method: "GET", path: "/get-session", headers: []string{"x-api-key", "{key:pub}"}},
	{who: "anon", method: "GET", path: "/ok", headers: []string{"x-api-key", "{key:b1}"}},
	// k1 has had 3 uses of its 4 per window; the fifth is refused.
	{who: "anon", method: "GET", path: "/get-session", headers: []string{"x-api-key", "{key:k1}"}},
	{who: "anon", method: "GET", path: "/get-session", headers: []string{"x-api-key", "{key:k1}"}},
	// A past window resets the count.
	{sql: `UPDATE "apikey" SET "lastRequest" = {past} WHERE "id" = '{k1}'`},
	{who: "anon", method: "GET", path: "/get-session", headers: []string{"x-api-key", "{key:k1}"}},
	// Remaining: counted down, then the key is spent and deleted.
	{sql: `UPDATE "apikey" SET "remaining" = 1 WHERE "id" = '{k2}'`},
	{who: "anon", method: "GET", path: "/get-session", headers: []string{"x-api-key", "{key:k2}"}},
	{who: "anon", method: "GET", path: "/get-session", headers: []string{"x-api-key", "{key:k2}"}},
	{who: "alice", method: "GET", path: "/api-key/get?id={k2}"},
	// Disabled and expired keys.
	{who: "alice", method: "POST", path: "/api-key/update", body: map[string]any{"keyId": "{k1}", "enabled": false}},
	{who: "anon", method: "GET", path: "/get-session", headers: []string{"x-api-key", "{key:k1}"}},
	{who: "alice", method: "POST", path: "/api-key/update", body: map[string]any{"keyId": "{k1}", "enabled": true}},
	{sql: `UPDATE "apikey" SET "expiresAt" = {past} WHERE "id" = '{k1}'`},
	{who: "anon", method: "GET", path: "/get-session", headers: []string{"x-api-key", "{key:k1}"}},
	{who: "alice", method: "GET", path: "/api-key/get?id={k1}"},
	// A key of a user gone.
	{who: "bob", method: "POST", path: "/api-key/create", body: map[string]any{"name": "orphan"}, save: "b2"},
	{sql: `UPDATE "apikey" SET "referenceId" = 'nobody' WHERE "id" = '{b2}'`},
	{who: "anon", method: "GET", path: "/get-session", headers: []string{"x-api-key", "{key:b2}"}},
	// Deleting.
	{who: "alice", method: "POST", path: "/api-key/delete", body: map[string]any{}},
	{who: "alice", method: "POST", path: "/api-key/delete", body: map[string]any{"keyId": "{b1}"}},
	{who: "alice", method: "POST", path: "/api-key/delete", body: map[string]any{"keyId": "{pub}"}},
	{who: "alice", method: "POST", path: "/api-key/delete", body: map[string]any{"keyId": "{pub}", "configId": "public"}},
	{who: "anon", method: "POST", path: "/api-key/delete", body: map[string]any{"keyId": "{b1}"}},
	{who: "alice", method: "GET", path: "/api-key/list?sortBy=createdAt"},
	// Metadata 1.7.5's parser refuses to read back.
	{who: "bob", method: "POST", path: "/api-key/create", body: `{"name":"proto","metadata":{"constructor":1}}`, save: "b3"},
	{who: "bob", method: "GET", path: "/api-key/get?id={b3}"},
	{who: "bob", method: "GET", path: "/api-key/list"},
	// Server-only endpoints are not served over HTTP.
	{who: "alice", method: "POST", path: "/api-key/verify", body: map[string]any{"key": "{key:b1}"}},
	{who: "alice", method: "POST", path: "/api-key/delete-all-expired-api-keys", body: map[string]any{}},
}

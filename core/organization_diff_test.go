package core_test

import (
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// The organization plugin against Better Auth 1.7.5's organization():
// the same requests from the same users on both servers, each on its own
// database, compared status, cookies, JSON and the invitation mail.

// orgStep is one request, sent as who; "{name}" in path and body stands
// for an id saved from an earlier answer on that server (save: name →
// dotted path in the answer, e.g. "members.0.id"). A step with sql runs
// it on both databases instead; outbox compares the mail sent since the
// last one.
type orgStep struct {
	who, method, path string
	body              any
	save              map[string]string
	sql               string
	outbox            bool
	headers           []string
}

// orgSide is one server: a client per user and the saved ids.
type orgSide struct {
	db      wireDB
	clients map[string]*client
	ids     map[string]string
	mail    func() string
}

func (s *orgSide) expand(v string) string {
	for name, id := range s.ids {
		v = strings.ReplaceAll(v, "{"+name+"}", id)
	}
	return v
}

// orgMailbox records the Go server's invitations as the TypeScript
// module (testdata/npm-wire/plugins/organization.mjs) does.
type orgMailbox struct {
	mu   sync.Mutex
	list []map[string]any
}

func (b *orgMailbox) send(_ *core.Context, inv plugins.OrganizationInvitation) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.list = append(b.list, map[string]any{
		"kind": "organization-invitation", "to": inv.Email, "token": inv.ID, "role": inv.Role,
		"organization": inv.Organization["slug"], "inviter": inv.Inviter["email"],
		"inviterRole": inv.InviterMember["role"], "status": inv.Invitation["status"],
	})
	return nil
}

func (b *orgMailbox) drain() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	raw, _ := json.Marshal(b.list)
	b.list = nil
	return canonicalJSON(raw)
}

// canonicalJSON re-encodes JSON with sorted keys.
func canonicalJSON(raw []byte) string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// sortedArrays re-encodes a JSON body with every array's elements sorted
// (keys keep their order): MariaDB's InnoDB answers rows without ORDER BY
// in primary key order, and the ids are random.
func sortedArrays(raw []byte) string {
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	var b strings.Builder
	if err := sortValue(dec, &b); err != nil {
		return string(raw)
	}
	return b.String()
}

func sortValue(dec *json.Decoder, b *strings.Builder) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch d := tok.(type) {
	case json.Delim:
		if d == '{' {
			b.WriteByte('{')
			for i := 0; dec.More(); i++ {
				k, _ := dec.Token()
				kb, _ := json.Marshal(k)
				if i > 0 {
					b.WriteByte(',')
				}
				b.Write(kb)
				b.WriteByte(':')
				if err := sortValue(dec, b); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			b.WriteByte('}')
			return err
		}
		var items []string
		for dec.More() {
			var e strings.Builder
			if err := sortValue(dec, &e); err != nil {
				return err
			}
			items = append(items, e.String())
		}
		sort.Strings(items)
		_, err = dec.Token()
		b.WriteString("[" + strings.Join(items, ",") + "]")
		return err
	default:
		v, _ := json.Marshal(d)
		b.Write(v)
	}
	return nil
}

// savedID reads a dotted path ("members.0.id") in a decoded answer.
func savedID(v any, path string) string {
	for _, p := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			i := 0
			for _, c := range p {
				i = i*10 + int(c-'0')
			}
			if i < len(x) {
				v = x[i]
			} else {
				v = nil
			}
		}
	}
	s, _ := v.(string)
	return s
}

// runOrgDifferential runs steps on both servers on the dialect's
// databases: base and goOpts for Go, tsOpts (JSON) and tsEnv for
// TypeScript's organization(); users ada, bob and carol (emails verified) and anon.
func runOrgDifferential(t *testing.T, dialect string, base core.Options, goOpts plugins.OrganizationOptions, tsOpts string, steps []orgStep, tsEnv ...string) {
	box := &orgMailbox{}
	goOpts.SendInvitationEmail = box.send
	if strings.Contains(tsOpts, `"recordHooks":true`) {
		goOpts.Hooks = box.hooks()
	}
	o := base
	o.EmailAndPassword = core.EmailAndPassword{Enabled: true}
	o.Plugins = append(o.Plugins, plugins.Organization(goOpts))
	dir, node := npmWire(t)
	goDB, tsDB := newWireDB(t, dialect, o, "go"), newWireDB(t, dialect, o, "ts")
	o.Secret, o.Database = testSecret, goDB.database()
	a := core.New(o)
	t.Cleanup(func() { a.Close() })
	goc := startServer(t, a)
	env := append([]string{"PLUGINS={\"organization\":" + tsOpts + "}"}, tsEnv...)
	tsBase := startTS(t, dir, node, tsDB.url, env...)
	tsc := &client{t: t, base: tsBase + "/api/auth", origin: tsBase, jar: map[string]string{}}
	sides := map[string]*orgSide{}
	for name, c := range map[string]*client{"go": goc, "ts": tsc} {
		s := &orgSide{db: goDB, clients: map[string]*client{}, ids: map[string]string{}, mail: box.drain}
		if name == "ts" {
			s.db = tsDB
			s.mail = func() string { return orgTSOutbox(t, tsBase) }
		}
		for _, who := range []string{"ada", "bob", "carol"} {
			cl := c.clone()
			u := obj(obj(cl.do("POST", "/sign-up/email", map[string]any{"name": who, "email": who + "@example.com", "password": password},
				"X-Forwarded-For", "203.0.113.7", "User-Agent", "differential"))["user"])
			cl.expect(200, "*")
			s.clients[who], s.ids[who] = cl, u["id"].(string)
		}
		s.clients["anon"] = c.clone()
		if _, err := s.db.db.Exec(portableSQL(dialect, `UPDATE "user" SET "emailVerified" = ?`), true); err != nil {
			t.Fatal(err)
		}
		sides[name] = s
	}
	for i, st := range steps {
		if st.sql != "" {
			for _, s := range sides {
				if _, err := s.db.db.Exec(portableSQL(dialect, s.expand(st.sql))); err != nil {
					t.Fatalf("step %d: %s: %v", i, st.sql, err)
				}
			}
			continue
		}
		if st.outbox {
			g, w := sides["go"].mail(), sides["ts"].mail()
			g, w = normToken.ReplaceAllString(g, `"<id>"`), normToken.ReplaceAllString(w, `"<id>"`)
			if testing.Verbose() {
				t.Logf("step %d: outbox\n%s", i, g)
			}
			if g != w {
				t.Errorf("step %d: outbox\n--- go\n%s\n--- typescript\n%s", i, g, w)
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
			c := s.clients[st.who]
			res := c.do(st.method, s.expand(st.path), body, append([]string{"X-Forwarded-For", "203.0.113.7", "User-Agent", "differential"}, st.headers...)...)
			for k, p := range st.save {
				if id := savedID(res, p); id != "" {
					s.ids[k] = id
				} else if c.status == 200 {
					t.Fatalf("step %d (%s): no %s in %s", i, name, p, c.raw)
				}
			}
			if dialect == core.DialectMySQL {
				// Sorted once ids and dates are normalized.
				n := normToken.ReplaceAll(c.raw, []byte(`"<token>"`))
				c.raw = []byte(sortedArrays(normDate.ReplaceAll(n, []byte(`"<date>"`))))
			}
			out[j] = cacheNormalize(c)
		}
		if testing.Verbose() {
			t.Logf("step %d: %s %s %s %v\n%s", i, st.who, st.method, st.path, st.body, out[0])
		}
		if out[0] != out[1] {
			t.Errorf("step %d: %s %s %s %v\n--- go\n%s\n--- typescript\n%s", i, st.who, st.method, st.path, st.body, out[0], out[1])
		}
	}
	if g, w := orgRows(t, sides["go"].db), orgRows(t, sides["ts"].db); g != w {
		t.Errorf("rows differ\n--- go\n%s\n--- typescript\n%s", g, w)
	}
}

// orgTSOutbox empties the TypeScript server's outbox, keys sorted.
func orgTSOutbox(t *testing.T, origin string) string {
	t.Helper()
	res, err := http.Get(origin + "/__test/outbox")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return canonicalJSON(raw)
}

// orgRows lists the plugin's rows as both servers should have left them
// (ids left out, sorted).
func orgRows(t *testing.T, w wireDB) string {
	t.Helper()
	var lines []string
	for _, q := range []string{
		`SELECT o.name || '|' || o.slug || '|' || COALESCE(o.logo, '-') || '|' || COALESCE(o.metadata, '-') FROM organization o`,
		`SELECT u.email || '|' || o.slug || '|' || m.role FROM member m JOIN "user" u ON u.id = m."userId" JOIN organization o ON o.id = m."organizationId"`,
		`SELECT i.email || '|' || o.slug || '|' || COALESCE(i.role, '-') || '|' || i.status || '|' || u.email FROM invitation i JOIN organization o ON o.id = i."organizationId" JOIN "user" u ON u.id = i."inviterId"`,
		`SELECT v.email || '|' || v.status || '|' || {lifetime} FROM invitation v`,
		`SELECT u.email || '|' || COALESCE(o.slug, '-') FROM session s JOIN "user" u ON u.id = s."userId" LEFT JOIN organization o ON o.id = s."activeOrganizationId"`,
	} {
		q = portableSQL(w.dialect, q)
		if w.dialect == core.DialectMySQL {
			q = mysqlConcat(q)
		}
		rows, err := w.db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, s)
		}
		rows.Close()
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// mysqlConcat rewrites a || b || c as CONCAT(a, b, c) in a SELECT's only
// expression (MariaDB's || is OR).
func mysqlConcat(q string) string {
	sel, rest, _ := strings.Cut(strings.TrimPrefix(q, "SELECT "), " FROM ")
	return "SELECT CONCAT(" + strings.ReplaceAll(sel, " || ", ", ") + ") FROM " + rest
}

// TestDifferentialOrganization runs the organization journey on every
// dialect.
func TestDifferentialOrganization(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		runOrgDifferential(t, dialect, enabled(core.Options{}), plugins.OrganizationOptions{}, `{}`, orgSteps)
	})
}

package core_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
)

// The organization teams and dynamic access control differential: every
// step goes to the Go handler and to Better Auth 1.7.5 (each on its own
// fresh database of the dialect), as one of the users; ids each server
// handed out are named ("{org}", "{eng}") so that steps can use them and
// answers compare with the names in place of the ids.

// teamStep is one request (or, with sql, one statement run on both
// databases) of the teams differential.
type teamStep struct {
	who, method, path string
	// body is JSON-encoded, or sent as is when a string; "{name}" stands
	// for that server's id of name, in body, path and sql.
	body any
	// save names ids of the answer: "name" is its "id", "name=a.0.id"
	// the value at that path.
	save string
	sql  string
	// sort orders an answer's array (row order differs by dialect).
	sort bool
}

// teamSide is one server of the differential.
type teamSide struct {
	name    string
	db      wireDB
	base    *client
	clients map[string]*client
	ids     map[string]string
}

func (s *teamSide) expand(v string) string {
	names := make([]string, 0, len(s.ids))
	for n := range s.ids {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		v = strings.ReplaceAll(v, "{"+n+"}", s.ids[n])
	}
	return v
}

// named replaces the side's ids in text by their names, longest first.
func (s *teamSide) named(text string) string {
	type kv struct{ id, name string }
	var list []kv
	for n, id := range s.ids {
		list = append(list, kv{id, n})
	}
	sort.Slice(list, func(i, j int) bool {
		return len(list[i].id) > len(list[j].id) || len(list[i].id) == len(list[j].id) && list[i].id < list[j].id
	})
	for _, e := range list {
		if e.id != "" {
			text = strings.ReplaceAll(text, e.id, "{"+e.name+"}")
		}
	}
	return text
}

// client returns the side's client for who, made on first use.
func (s *teamSide) client(who string) *client {
	c, ok := s.clients[who]
	if !ok {
		c = s.base.clone()
		c.jar, c.order = map[string]string{}, nil
		s.clients[who] = c
	}
	return c
}

// teamPair is the two servers.
type teamPair struct {
	t     *testing.T
	sides []*teamSide
	n     int
}

// startTeamPair starts the Go handler with o and the TypeScript server with
// PLUGINS={"organizationTeams": tsOpts} on fresh databases of the dialect,
// and signs up the users on both.
func startTeamPair(t *testing.T, dialect string, o core.Options, tsOpts string, users ...string) *teamPair {
	t.Helper()
	return startTeamPairEnv(t, dialect, o, tsOpts, nil, users...)
}

// startTeamPairEnv is startTeamPair with more settings of the TypeScript
// server (env, see server.mjs).
func startTeamPairEnv(t *testing.T, dialect string, o core.Options, tsOpts string, env []string, users ...string) *teamPair {
	t.Helper()
	o = enabled(o)
	dir, node := npmWire(t)
	goDB, tsDB := newWireDB(t, dialect, o, "go"), newWireDB(t, dialect, o, "ts")
	o.Secret, o.Database = testSecret, goDB.database()
	a := core.New(o)
	t.Cleanup(func() { a.Close() })
	goc := startServer(t, a)
	ts := &client{t: t, base: startTS(t, dir, node, tsDB.url, append([]string{`PLUGINS={"organizationTeams":` + tsOpts + `}`}, env...)...) + "/api/auth", jar: map[string]string{}}
	ts.origin = strings.TrimSuffix(ts.base, "/api/auth")
	p := &teamPair{t: t}
	for _, s := range []*teamSide{{name: "go", db: goDB, base: goc}, {name: "ts", db: tsDB, base: ts}} {
		s.clients, s.ids = map[string]*client{}, map[string]string{}
		for _, u := range users {
			c := s.client(u)
			res := obj(c.do("POST", "/sign-up/email", map[string]any{"name": u, "email": u + "@example.com", "password": password},
				"X-Forwarded-For", "203.0.113.7", "User-Agent", "differential"))
			c.expect(200, "*")
			s.ids[u] = obj(res["user"])["id"].(string)
		}
		p.sides = append(p.sides, s)
	}
	return p
}

// run sends the steps to both servers and requires the same answers.
func (p *teamPair) run(steps []teamStep) {
	p.t.Helper()
	for _, st := range steps {
		p.n++
		if st.sql != "" {
			for _, s := range p.sides {
				q := portableSQL(s.db.dialect, s.expand(st.sql))
				if _, err := s.db.db.Exec(q); err != nil {
					p.t.Fatalf("step %d: %s: %s: %v", p.n, s.name, q, err)
				}
			}
			continue
		}
		var out [2]string
		for i, s := range p.sides {
			var body any
			if st.body != nil {
				raw, ok := st.body.(string)
				if !ok {
					b, _ := json.Marshal(st.body)
					raw = string(b)
				}
				body = s.expand(raw)
			}
			c := s.client(st.who)
			c.do(st.method, s.expand(st.path), body, "X-Forwarded-For", "203.0.113.7", "User-Agent", "differential")
			if st.save != "" {
				p.save(s, c, st.save)
			}
			out[i] = p.answer(s, c, st.sort)
		}
		if testing.Verbose() {
			p.t.Logf("step %d: %s %s %s %v\n%s", p.n, st.who, st.method, st.path, st.body, out[0])
		}
		if out[0] != out[1] {
			p.t.Errorf("step %d: %s %s %s %v\n--- go\n%s\n--- typescript\n%s", p.n, st.who, st.method, st.path, st.body, out[0], out[1])
		}
	}
}

// save records the ids st.save names from c's answer.
func (p *teamPair) save(s *teamSide, c *client, spec string) {
	p.t.Helper()
	name, path, found := strings.Cut(spec, "=")
	if !found {
		path = "id"
	}
	var v any
	if err := json.Unmarshal(c.raw, &v); err != nil {
		p.t.Fatalf("step %d: %s: saving %s from %s: %v", p.n, s.name, spec, c.raw, err)
	}
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			var i int
			fmt.Sscan(k, &i)
			if i >= len(x) {
				v = nil
				break
			}
			v = x[i]
		default:
			v = nil
		}
	}
	id, ok := v.(string)
	if !ok {
		p.t.Fatalf("step %d: %s: no %s in %s", p.n, s.name, path, c.raw)
	}
	s.ids[name] = id
}

// answer is c's last response normalized, with the side's ids named.
func (p *teamPair) answer(s *teamSide, c *client, sorted bool) string {
	raw := c.raw
	c.raw = []byte(s.named(string(raw)))
	if sorted {
		var items []json.RawMessage
		if json.Unmarshal(c.raw, &items) == nil {
			strs := make([]string, len(items))
			for i, it := range items {
				strs[i] = normDate.ReplaceAllString(string(it), `"<date>"`)
			}
			sort.Strings(strs)
			c.raw = []byte("[" + strings.Join(strs, ",") + "]")
		}
	}
	// session_data's value is left out (its JSON carries ids and times);
	// what it holds shows in get-session answered from it.
	out := cacheNormalize(c)
	c.raw = raw
	return s.named(out)
}

// unnamedID is an id no step named.
var unnamedID = regexp.MustCompile(`\b[A-Za-z0-9]{32}\b`)

// teamRows is what a side's database holds of teams, memberships, roles,
// invitations' teams and sessions' active teams, with ids named and
// sorted; each teamMember's membershipKey is checked against its ids.
func (p *teamPair) rows(s *teamSide) string {
	p.t.Helper()
	var lines []string
	query := func(q string, f func(vals []any) string) {
		// A table the options leave out is skipped.
		table := strings.Fields(q[strings.Index(q, " FROM ")+6:])[0]
		if _, err := s.db.db.Exec(portableSQL(s.db.dialect, "SELECT 1 FROM "+table+" WHERE 1 = 0")); err != nil {
			return
		}
		rows, err := s.db.db.Query(portableSQL(s.db.dialect, q))
		if err != nil {
			p.t.Fatalf("%s: %s: %v", s.name, q, err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				p.t.Fatal(err)
			}
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					vals[i] = string(b)
				}
			}
			lines = append(lines, unnamedID.ReplaceAllString(s.named(f(vals)), "<id>"))
		}
	}
	query(`SELECT "id", "name", "organizationId", "memberCount", "updatedAt" IS NULL FROM "team"`, func(v []any) string {
		return fmt.Sprintf("team %v %v org=%v count=%v updatedAtNull=%v", v[0], v[1], v[2], v[3], v[4])
	})
	query(`SELECT "teamId", "userId", "membershipKey", "createdAt" IS NULL FROM "teamMember"`, func(v []any) string {
		b, _ := json.Marshal([]string{fmt.Sprint(v[0]), fmt.Sprint(v[1])})
		sum := sha256.Sum256(b)
		key := "key-ok"
		if v[2] != base64.RawURLEncoding.EncodeToString(sum[:]) {
			key = fmt.Sprintf("key=%v", v[2])
		}
		return fmt.Sprintf("teamMember %v %v %s createdAtNull=%v", v[0], v[1], key, v[3])
	})
	query(`SELECT "organizationId", "role", "permission", "updatedAt" IS NULL FROM "organizationRole"`, func(v []any) string {
		return fmt.Sprintf("organizationRole %v %v %v updatedAtNull=%v", v[0], v[1], v[2], v[3])
	})
	query(`SELECT "email", "role", "status", "teamId" FROM "invitation"`, func(v []any) string {
		return fmt.Sprintf("invitation %v %v %v teamId=%v", v[0], v[1], v[2], v[3])
	})
	query(`SELECT u."email", s."activeOrganizationId", s."activeTeamId" FROM "session" s JOIN "user" u ON u."id" = s."userId"`, func(v []any) string {
		return fmt.Sprintf("session %v org=%v team=%v", v[0], v[1], v[2])
	})
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// sameRows requires both databases to hold the same rows.
func (p *teamPair) sameRows() {
	p.t.Helper()
	g, w := p.rows(p.sides[0]), p.rows(p.sides[1])
	if testing.Verbose() {
		p.t.Logf("rows:\n%s", g)
	}
	if g != w {
		p.t.Errorf("rows differ\n--- go\n%s\n--- typescript\n%s", g, w)
	}
}

package generate_test

import (
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/authctl/authctl/generate"
	"github.com/authctl/authctl/schema"
)

// Relational queries over the defineRelations output, run by drizzle-orm
// 1.0 on SQLite: authctl's SQL creates the tables, a TypeScript program
// (type-checked with tsc --strict, then run by node) inserts rows through
// the Drizzle schema and reads them back with `with:`, and the test checks
// the nested results. The file is rendered with CamelCase so that its
// names are the SQL's; the relations do not depend on it.

// drizzle1QueryHead opens the database and inserts users, sessions and
// accounts: every case has them.
const drizzle1QueryHead = `import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as s from "./auth-schema.js";

const db = drizzle({ client: new Database(process.argv[2]), relations: s.authRelations });
const now = new Date(1700000000000);
const out: Record<string, unknown> = {};

await db.insert(s.user).values([
  { id: "u1", name: "Ada", email: "ada@example.com", emailVerified: true, createdAt: now, updatedAt: now },
  { id: "u2", name: "Bob", email: "bob@example.com", emailVerified: false, createdAt: now, updatedAt: now },
]);
await db.insert(s.session).values([
  { id: "s1", token: "t1", userId: "u1", expiresAt: now, createdAt: now, updatedAt: now },
  { id: "s2", token: "t2", userId: "u1", expiresAt: now, createdAt: now, updatedAt: now },
  { id: "s3", token: "t3", userId: "u2", expiresAt: now, createdAt: now, updatedAt: now },
]);
await db.insert(s.account).values([
  { id: "a1", accountId: "ada", providerId: "credential", userId: "u1", createdAt: now, updatedAt: now },
]);

const users = await db.query.user.findMany({
  columns: { id: true, email: true },
  orderBy: { id: "asc" },
  with: {
    sessions: { columns: { token: true }, orderBy: { token: "asc" } },
    accounts: { columns: { providerId: true } },
  },
});
// The nested rows are typed: a wrong relation or column would not compile.
const tokens: string[] = users.flatMap((u) => u.sessions.map((x) => x.token));
out.users = users;
out.tokens = tokens;
const session = await db.query.session.findFirst({
  columns: { token: true },
  where: { token: "t3" },
  with: { user: { columns: { email: true }, with: { sessions: { columns: { id: true } } } } },
});
const email: string | undefined = session?.user?.email;
out.session = session;
out.email = email;
`

const drizzle1QueryHeadWant = `{
  "users": [
    {"id": "u1", "email": "ada@example.com", "sessions": [{"token": "t1"}, {"token": "t2"}], "accounts": [{"providerId": "credential"}]},
    {"id": "u2", "email": "bob@example.com", "sessions": [{"token": "t3"}], "accounts": []}
  ],
  "tokens": ["t1", "t2", "t3"],
  "session": {"token": "t3", "user": {"email": "bob@example.com", "sessions": [{"id": "s3"}]}},
  "email": "bob@example.com"
}`

// drizzle1QueryRelations covers named relations (two foreign keys to one
// table, a self-reference) and a unique foreign key (a one-to-one reverse).
const drizzle1QueryRelations = `
await db.insert(s.transfer).values([
  { id: "x1", fromUserId: "u1", toUserId: "u2", amount: 5 },
  { id: "x2", fromUserId: "u2", toUserId: null, amount: 7 },
]);
await db.insert(s.folder).values([
  { id: "f1", name: "root", parentId: null },
  { id: "f2", name: "a", parentId: "f1" },
  { id: "f3", name: "b", parentId: "f1" },
]);
await db.insert(s.profile).values([{ id: "p1", userId: "u1", bio: "hi" }]);
out.transfers = await db.query.transfer.findMany({
  columns: { id: true },
  orderBy: { id: "asc" },
  with: { fromUser: { columns: { name: true } }, toUser: { columns: { name: true } } },
});
out.folders = await db.query.folder.findMany({
  columns: { id: true },
  orderBy: { id: "asc" },
  with: { parent: { columns: { name: true } }, foldersByParentId: { columns: { name: true }, orderBy: { id: "asc" } } },
});
out.people = await db.query.user.findMany({
  columns: { id: true },
  orderBy: { id: "asc" },
  with: {
    profile: { columns: { bio: true } },
    transfersByFromUserId: { columns: { id: true } },
    transfersByToUserId: { columns: { id: true } },
  },
});
`

const drizzle1QueryRelationsWant = `{
  "transfers": [
    {"id": "x1", "fromUser": {"name": "Ada"}, "toUser": {"name": "Bob"}},
    {"id": "x2", "fromUser": {"name": "Bob"}, "toUser": null}
  ],
  "folders": [
    {"id": "f1", "parent": null, "foldersByParentId": [{"name": "a"}, {"name": "b"}]},
    {"id": "f2", "parent": {"name": "root"}, "foldersByParentId": []},
    {"id": "f3", "parent": {"name": "root"}, "foldersByParentId": []}
  ],
  "people": [
    {"id": "u1", "profile": {"bio": "hi"}, "transfersByFromUserId": [{"id": "x1"}], "transfersByToUserId": []},
    {"id": "u2", "profile": null, "transfersByFromUserId": [{"id": "x2"}], "transfersByToUserId": [{"id": "x1"}]}
  ]
}`

// drizzle1QueryOrganization goes three levels deep through the
// organization plugin's tables.
const drizzle1QueryOrganization = `
await db.insert(s.organization).values({ id: "o1", name: "Acme", slug: "acme", createdAt: now });
await db.insert(s.team).values({ id: "t1", name: "Core", organizationId: "o1", createdAt: now });
await db.insert(s.member).values([
  { id: "m1", organizationId: "o1", userId: "u1", role: "owner", createdAt: now },
  { id: "m2", organizationId: "o1", userId: "u2", createdAt: now },
]);
await db.insert(s.teamMember).values({ id: "tm1", teamId: "t1", userId: "u2" });
await db.insert(s.invitation).values({ id: "i1", organizationId: "o1", email: "eve@example.com", expiresAt: now, inviterId: "u1" });
out.organization = await db.query.organization.findFirst({
  columns: { slug: true },
  with: {
    members: { columns: { role: true }, orderBy: { id: "asc" }, with: { user: { columns: { name: true } } } },
    teams: { columns: { name: true }, with: { teamMembers: { columns: { id: true }, with: { user: { columns: { name: true } } } } } },
    invitations: { columns: { email: true }, with: { user: { columns: { name: true } } } },
  },
});
out.memberships = await db.query.user.findMany({
  columns: { name: true },
  orderBy: { id: "asc" },
  with: { members: { columns: { role: true }, with: { organization: { columns: { name: true } } } }, teamMembers: { columns: { teamId: true } } },
});
`

const drizzle1QueryOrganizationWant = `{
  "organization": {
    "slug": "acme",
    "members": [{"role": "owner", "user": {"name": "Ada"}}, {"role": "member", "user": {"name": "Bob"}}],
    "teams": [{"name": "Core", "teamMembers": [{"id": "tm1", "user": {"name": "Bob"}}]}],
    "invitations": [{"email": "eve@example.com", "user": {"name": "Ada"}}]
  },
  "memberships": [
    {"name": "Ada", "members": [{"role": "owner", "organization": {"name": "Acme"}}], "teamMembers": []},
    {"name": "Bob", "members": [{"role": "member", "organization": {"name": "Acme"}}], "teamMembers": [{"teamId": "t1"}]}
  ]
}`

// drizzle1QueryEvery runs a query with each relation of each table, so
// that every relation builds SQL the database accepts.
const drizzle1QueryEvery = `
const every: string[] = [];
for (const [table, config] of Object.entries(s.authRelations)) {
  for (const key of Object.keys(config.relations)) {
    const rows: unknown[] = await (db.query as any)[table].findMany({ with: { [key]: true } });
    every.push(table + "." + key + " " + rows.length);
  }
}
out.every = every;
console.log(JSON.stringify(out));
`

func TestDrizzle1RelationalQueriesOnSQLite(t *testing.T) {
	npmDrizzle1(t)
	cases := []struct {
		name     string
		schema   func(t *testing.T) *schema.Schema
		sections []string // relations, organization
	}{
		{"default", func(t *testing.T) *schema.Schema { return schemaOf(t, fixtures[0]) }, nil},
		{"relations", func(t *testing.T) *schema.Schema { return schemaOf(t, ormRelationsFixture) }, []string{"relations"}},
		{"organization", func(t *testing.T) *schema.Schema { return schemaOf(t, drizzle1Organization) }, []string{"organization"}},
		{"many-plugins", func(t *testing.T) *schema.Schema { return schemaOf(t, drizzle1ManyPlugins) }, []string{"organization"}},
		{"collisions", func(t *testing.T) *schema.Schema { return schemaOf(t, drizzle1Collisions) }, nil},
		{"reference-common", func(t *testing.T) *schema.Schema { return ormSampleSchema(t, "common", 3) }, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := c.schema(t)
			code, err := generate.Drizzle(s, generate.DrizzleOptions{Dialect: "sqlite", CamelCase: true, Relations: generate.DrizzleRelationsV2})
			if err != nil {
				t.Fatal(err)
			}
			program, want := drizzle1QueryHead, []string{drizzle1QueryHeadWant}
			for _, sec := range c.sections {
				switch sec {
				case "relations":
					program += drizzle1QueryRelations
					want = append(want, drizzle1QueryRelationsWant)
				case "organization":
					program += drizzle1QueryOrganization
					want = append(want, drizzle1QueryOrganizationWant)
				}
			}
			program += drizzle1QueryEvery
			got := drizzle1Run(t, s, code, program)

			wantAll := map[string]any{}
			for _, w := range want {
				if err := json.Unmarshal([]byte(w), &wantAll); err != nil {
					t.Fatalf("%v\n%s", err, w)
				}
			}
			every, _ := got["every"].([]any)
			delete(got, "every")
			if !reflect.DeepEqual(got, wantAll) {
				g, _ := json.MarshalIndent(got, "", "  ")
				w, _ := json.MarshalIndent(wantAll, "", "  ")
				t.Errorf("nested results differ:\n%s", ormLineDiff(string(w), string(g)))
			}
			// Every relation of the file ran.
			var ran []string
			for _, e := range every {
				ran = append(ran, strings.Fields(e.(string))[0])
			}
			w := drizzle1RelationKeys(string(code))
			if len(w) < 4 {
				t.Fatalf("found %d relations in the file:\n%s", len(w), code)
			}
			t.Logf("%d relations ran: %v", len(ran), every)
			if strings.Join(ran, "\n") != strings.Join(w, "\n") {
				t.Errorf("relations queried:\n%s\nrelations in the file:\n%s", strings.Join(ran, "\n"), strings.Join(w, "\n"))
			}
		})
	}
}

// drizzle1RelationKeys lists table.key for each relation of a
// defineRelations file, in order.
func drizzle1RelationKeys(code string) []string {
	i := strings.Index(code, "(r) => ({")
	if i < 0 {
		return nil
	}
	var out []string
	table := ""
	tableRE := regexp.MustCompile(`^    (\S+): \{$`)
	relRE := regexp.MustCompile(`^      (\S+): r\.(one|many)\.`)
	for _, l := range strings.Split(code[i:], "\n") {
		if m := tableRE.FindStringSubmatch(l); m != nil {
			table = m[1]
		} else if m := relRE.FindStringSubmatch(l); m != nil {
			out = append(out, table+"."+m[1])
		}
	}
	return out
}

// drizzle1Run creates the tables of s with authctl's SQL in a new SQLite
// file, type-checks program against the schema module code with tsc
// --strict, runs it with node and returns the JSON object it prints.
func drizzle1Run(t *testing.T, s *schema.Schema, code []byte, program string) map[string]any {
	t.Helper()
	dbPath := filepath.Join(t.TempDir(), "auth.db")
	db, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	ddl, err := generate.SQL(s, generate.SQLOptions{Dialect: "sqlite"})
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range strings.Split(string(ddl), ";\n\n") {
		if strings.TrimSpace(stmt) == "" {
			continue
		}
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%v\n%s", err, stmt)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	dir := drizzle1Dir(t, true)
	for name, content := range map[string]string{"auth-schema.ts": string(code), "query.ts": program} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := drizzle1Tsc(t, dir); err != nil {
		t.Fatalf("tsc --strict: %v\n%s\n--- auth-schema.ts\n%s", err, out, code)
	}
	cmd := exec.Command("node", filepath.Join("out", "query.js"), dbPath)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("node query.js: %v\n%s%s", err, stdout, stderr.String())
	}
	var got map[string]any
	if err := json.Unmarshal(stdout, &got); err != nil {
		t.Fatalf("query.js printed %q: %v", stdout, err)
	}
	return got
}

package core_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
)

// TestOrganizationTeamsAcrossServers: the Go handler and Better Auth
// 1.7.5 on one database (SQLite, PostgreSQL, MariaDB) share teams, team
// memberships (the same membershipKey, so a user joins a team once
// whichever server adds them), the seat counter, the active team and the
// organization's roles.
func TestOrganizationTeamsAcrossServers(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		dir, node := npmWire(t)
		path, db := sharedDB(t, dialect)
		o := orgTeamsGo
		o.Secret, o.Database = testSecret, core.Database{Dialect: dialect, DB: db}
		a := core.New(enabled(o))
		t.Cleanup(func() { a.Close() })
		createTables(t, db, dialect, a)
		goc := startServer(t, a)
		tsBase := startTS(t, dir, node, path, `PLUGINS={"organizationTeams":`+orgTeamsTS+`}`)
		ts := &client{t: t, base: tsBase + "/api/auth", origin: tsBase, jar: map[string]string{}}
		// on returns a client of server srv with who's cookies.
		on := func(srv, who *client) *client {
			c := srv.clone()
			c.jar, c.order = who.jar, who.order
			return c
		}
		alice := goc.clone()
		aliceID := obj(alice.signUp("alice@example.com", password)["user"])["id"].(string)
		bob := ts.clone()
		bobID := obj(bob.signUp("bob@example.com", password)["user"])["id"].(string)

		// Go creates the organization (and its default team) and a team.
		org := obj(alice.do("POST", "/organization/create", map[string]any{"name": "Acme", "slug": "acme"}))
		alice.expect(200, "*")
		orgID := org["id"].(string)
		team := obj(alice.do("POST", "/organization/create-team", map[string]any{"name": "Shared"}))
		alice.expect(200, "*")
		teamID := team["id"].(string)
		if _, err := db.Exec(portableSQL(dialect, `INSERT INTO "member" ("id", "organizationId", "userId", "role", "createdAt") SELECT 'm-bob', "organizationId", ?, 'member', "createdAt" FROM "member" WHERE "userId" = ?`), bobID, aliceID); err != nil {
			t.Fatal(err)
		}
		// TypeScript lists Go's teams and adds bob to Go's team.
		if c := on(ts, alice); !strings.Contains(string(c.raw), teamID) {
			c.do("GET", "/organization/list-teams", nil)
			if !strings.Contains(string(c.raw), teamID) {
				t.Fatalf("TypeScript list-teams: %s", c.raw)
			}
		}
		viaTS := on(ts, alice)
		viaTS.do("POST", "/organization/add-team-member", map[string]any{"teamId": teamID, "userId": bobID})
		viaTS.expect(200, "*")
		// Go adding him again finds TypeScript's membership by its key.
		added := obj(alice.do("POST", "/organization/add-team-member", map[string]any{"teamId": teamID, "userId": bobID}))
		alice.expect(200, "*")
		var first map[string]any
		if err := json.Unmarshal(viaTS.raw, &first); err != nil || added["id"] != first["id"] {
			t.Fatalf("Go added bob again: %s, TypeScript's: %s", alice.raw, viaTS.raw)
		}
		count := func(want int) {
			t.Helper()
			var n int
			if err := db.QueryRow(portableSQL(dialect, `SELECT "memberCount" FROM "team" WHERE "id" = ?`), teamID).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != want {
				t.Fatalf("team.memberCount %d, want %d", n, want)
			}
		}
		count(1)

		// bob makes the organization active on TypeScript and the team
		// active on Go; both servers see it.
		bob.do("POST", "/organization/set-active", map[string]any{"organizationId": orgID})
		bob.expect(200, "*")
		bobGo := on(goc, bob)
		active := obj(bobGo.do("POST", "/organization/set-active-team", map[string]any{"teamId": teamID}))
		bobGo.expect(200, "*")
		if active["id"] != teamID || len(bobGo.setCookies) == 0 {
			t.Fatalf("Go set-active-team: %s %v", bobGo.raw, bobGo.setCookies)
		}
		for _, c := range []*client{on(ts, bob), on(goc, bob)} {
			s := obj(c.do("GET", "/get-session", nil))
			if obj(s["session"])["activeTeamId"] != teamID {
				t.Fatalf("%s get-session: %s", c.base, c.raw)
			}
			c.do("GET", "/organization/list-team-members", nil)
			c.expect(200, "*")
			if !strings.Contains(string(c.raw), bobID) {
				t.Fatalf("%s list-team-members of the active team: %s", c.base, c.raw)
			}
		}

		// Go removes him, TypeScript adds him back: the counter follows.
		alice.do("POST", "/organization/remove-team-member", map[string]any{"teamId": teamID, "userId": bobID})
		alice.expect(200, `{"message":"Team member removed successfully."}`)
		count(0)
		viaTS.do("POST", "/organization/add-team-member", map[string]any{"teamId": teamID, "userId": bobID})
		viaTS.expect(200, "*")
		count(1)

		// A role created on Go gives its permissions on TypeScript, and
		// TypeScript's update of it is what Go reads.
		alice.do("POST", "/organization/create-role", `{"role":"Maker","permission":{"team":["create"],"ac":["read"]}}`)
		alice.expect(200, "*")
		if _, err := db.Exec(portableSQL(dialect, `UPDATE "member" SET "role" = 'maker' WHERE "userId" = ?`), bobID); err != nil {
			t.Fatal(err)
		}
		bobTS := on(ts, bob)
		bobTS.do("POST", "/organization/create-team", map[string]any{"name": "By maker"})
		bobTS.expect(200, "*")
		viaTS.do("POST", "/organization/update-role", map[string]any{"roleName": "maker", "data": map[string]any{"permission": map[string]any{"ac": []any{"read"}}}})
		viaTS.expect(200, "*")
		bobGo.do("POST", "/organization/create-team", map[string]any{"name": "Refused"})
		bobGo.expectError(403, "YOU_ARE_NOT_ALLOWED_TO_CREATE_TEAMS_IN_THIS_ORGANIZATION", "You are not allowed to create teams in this organization")
		bobGo.do("GET", "/organization/get-role?roleName=maker", nil)
		if !strings.Contains(string(bobGo.raw), `"permission":{"ac":["read"]}`) {
			t.Fatalf("Go get-role after TypeScript's update: %s", bobGo.raw)
		}
	})
}

package core_test

import (
	"fmt"
	"maps"
	"sync"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestOrganizationTeamSeatsUnderConcurrency: concurrent joins of one team
// (SQLite, PostgreSQL, MariaDB) fill exactly maximumMembersPerTeam seats,
// and concurrent adds of one user make one membership, with
// team.memberCount equal to the memberships left.
func TestOrganizationTeamSeatsUnderConcurrency(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		const n = 6
		o := enabled(core.Options{Plugins: []core.Plugin{plugins.Organization(plugins.OrganizationOptions{
			Teams: true, TeamOptions: plugins.OrganizationTeamOptions{MaximumMembersPerTeam: 2},
		})}})
		a, db := newAuth(t, dialect, o)
		owner := startServer(t, a)
		ownerID := obj(owner.signUp("owner@example.com", password)["user"])["id"].(string)
		org := obj(owner.do("POST", "/organization/create", map[string]any{"name": "Acme", "slug": "acme"}))
		owner.expect(200, "*")
		var users []string
		for i := 0; i < n; i++ {
			u := owner.clone()
			id := obj(u.signUp(fmt.Sprintf("u%d@example.com", i), password)["user"])["id"].(string)
			if _, err := db.Exec(portableSQL(dialect, `INSERT INTO "member" ("id", "organizationId", "userId", "role", "createdAt") SELECT ?, "organizationId", ?, 'member', "createdAt" FROM "member" WHERE "userId" = ?`),
				"m"+id, id, ownerID); err != nil {
				t.Fatal(err)
			}
			users = append(users, id)
		}
		team := obj(owner.do("POST", "/organization/create-team", map[string]any{"name": "Race", "organizationId": org["id"]}))
		owner.expect(200, "*")
		teamID := team["id"].(string)
		// add sends add-team-member for each user at once; it returns the
		// statuses.
		add := func(ids []string) map[int]int {
			var mu sync.Mutex
			statuses := map[int]int{}
			var wg sync.WaitGroup
			for _, id := range ids {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c := owner.clone()
					c.jar, c.order = maps.Clone(owner.jar), append([]string(nil), owner.order...)
					c.do("POST", "/organization/add-team-member", map[string]any{"teamId": teamID, "userId": id})
					mu.Lock()
					statuses[c.status]++
					mu.Unlock()
				}()
			}
			wg.Wait()
			return statuses
		}
		check := func(wantRows int) {
			t.Helper()
			var rows, count int
			if err := db.QueryRow(portableSQL(dialect, `SELECT count(*) FROM "teamMember" WHERE "teamId" = ?`), teamID).Scan(&rows); err != nil {
				t.Fatal(err)
			}
			if err := db.QueryRow(portableSQL(dialect, `SELECT "memberCount" FROM "team" WHERE "id" = ?`), teamID).Scan(&count); err != nil {
				t.Fatal(err)
			}
			if rows != wantRows || count != wantRows {
				t.Fatalf("%d memberships, memberCount %d, want %d", rows, count, wantRows)
			}
		}
		if got := add(users); got[200] != 2 || got[403] != n-2 {
			t.Fatalf("concurrent joins of a 2-seat team: statuses %v", got)
		}
		check(2)
		// The same user n times at once: one membership.
		for _, id := range users {
			owner.do("POST", "/organization/remove-team-member", map[string]any{"teamId": teamID, "userId": id})
		}
		check(0)
		same := make([]string, n)
		for i := range same {
			same[i] = users[2]
		}
		if got := add(same); got[200] != n {
			t.Fatalf("concurrent adds of one user: statuses %v", got)
		}
		check(1)
	})
}

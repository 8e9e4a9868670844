package core_test

import (
	"fmt"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestKVSessionsOrganization: the organization plugin (with teams) with
// sessions in Redis alone, Go and TypeScript 1.7.5 sharing the Redis.
// The active organization and team each server writes into the Redis
// session (create, set-active, set-active-team, set-active with null) is
// what get-session reads on the other, answered alike; leaving, removing
// oneself and deleting the organization clear the active organization
// on the Redis session, as 1.7.5 does, seen on the other server.
func TestKVSessionsOrganization(t *testing.T) {
	k := newKVDuo(t, kvDialect(), core.Options{Plugins: []core.Plugin{plugins.Organization(plugins.OrganizationOptions{Teams: true})}},
		`PLUGINS={"organization":{"teams":{"enabled":true}}}`)
	// session reads c's session on both servers, checks that they
	// answer alike and returns TypeScript's session object.
	session := func(c *client) map[string]any {
		t.Helper()
		g := &client{t: t, jar: copyJar(c.jar), order: c.order}
		s := &client{t: t, jar: copyJar(c.jar), order: c.order}
		at(g, k.goc()).do("GET", "/get-session", nil)
		res := obj(at(s, k.ts()).do("GET", "/get-session", nil))
		sameStep(t, "get-session", g, s)
		return obj(res["session"])
	}
	active := func(c *client, field string) any {
		t.Helper()
		v := session(c)[field]
		if st := obj(k.stored(c.sessionToken())["session"]); st[field] != v {
			t.Fatalf("stored %s %v, get-session %v", field, st[field], v)
		}
		return v
	}
	for i, p := range [][2]*client{k.both(), {k.ts(), k.goc()}} {
		srv, other := p[0], p[1]
		alice := srv
		aliceID, _ := signUpOn(alice, fmt.Sprintf("alice%d@example.com", i))
		org := obj(at(alice, srv).do("POST", "/organization/create", map[string]any{"name": "Acme", "slug": fmt.Sprintf("acme-%d", i)}))
		alice.expect(200, "*")
		orgID := org["id"].(string)
		if got := active(alice, "activeOrganizationId"); got != orgID {
			t.Fatalf("%s create: active organization %v, want %s", serverName(srv, k), got, orgID)
		}
		// create made its default team active too.
		if got := active(alice, "activeTeamId"); got == nil {
			t.Fatalf("%s create: no active team", serverName(srv, k))
		}
		// A team made on other, made active on other, read on srv.
		team := obj(at(alice, other).do("POST", "/organization/create-team", map[string]any{"name": "Core"}))
		alice.expect(200, "*")
		at(alice, other).do("POST", "/organization/add-team-member", map[string]any{"teamId": team["id"], "userId": aliceID})
		alice.expect(200, "*")
		at(alice, other).do("POST", "/organization/set-active-team", map[string]any{"teamId": team["id"]})
		alice.expect(200, "*")
		if got := active(alice, "activeTeamId"); got != team["id"] {
			t.Fatalf("%s set-active-team: %v", serverName(other, k), got)
		}
		at(alice, srv).do("POST", "/organization/set-active-team", map[string]any{"teamId": nil})
		alice.expect(200, "null")
		if got := active(alice, "activeTeamId"); got != nil {
			t.Fatalf("%s set-active-team null: %v", serverName(srv, k), got)
		}
		// set-active null on srv clears it; set-active again on other.
		at(alice, srv).do("POST", "/organization/set-active", map[string]any{"organizationId": nil})
		alice.expect(200, "null")
		if got := active(alice, "activeOrganizationId"); got != nil {
			t.Fatalf("%s set-active null: %v", serverName(srv, k), got)
		}
		at(alice, other).do("POST", "/organization/set-active", map[string]any{"organizationSlug": fmt.Sprintf("acme-%d", i)})
		alice.expect(200, "*")
		if got := active(alice, "activeOrganizationId"); got != orgID {
			t.Fatalf("%s set-active: %v", serverName(other, k), got)
		}

		// bob, an admin member, sets the organization active on srv and
		// leaves on other: his Redis session has none.
		bob := other.clone()
		bobEmail := fmt.Sprintf("bob%d@example.com", i)
		bobID, _ := signUpOn(bob, bobEmail)
		if _, err := k.db.Exec(portableSQL(k.d, `INSERT INTO "member" ("id", "organizationId", "userId", "role", "createdAt") SELECT ?, "organizationId", ?, 'admin', "createdAt" FROM "member" WHERE "userId" = ?`),
			fmt.Sprintf("m-bob-%d", i), bobID, aliceID); err != nil {
			t.Fatal(err)
		}
		at(bob, srv).do("POST", "/organization/set-active", map[string]any{"organizationId": orgID})
		bob.expect(200, "*")
		if got := active(bob, "activeOrganizationId"); got != orgID {
			t.Fatalf("bob set-active: %v", got)
		}
		at(bob, other).do("POST", "/organization/leave", map[string]any{"organizationId": orgID})
		bob.expect(200, "*")
		if got := active(bob, "activeOrganizationId"); got != nil {
			t.Fatalf("%s leave kept the active organization: %v", serverName(other, k), got)
		}
		// bob joins again and removes himself on srv.
		if _, err := k.db.Exec(portableSQL(k.d, `INSERT INTO "member" ("id", "organizationId", "userId", "role", "createdAt") SELECT ?, "organizationId", ?, 'admin', "createdAt" FROM "member" WHERE "userId" = ?`),
			fmt.Sprintf("m-bob2-%d", i), bobID, aliceID); err != nil {
			t.Fatal(err)
		}
		at(bob, other).do("POST", "/organization/set-active", map[string]any{"organizationId": orgID})
		bob.expect(200, "*")
		at(bob, srv).do("POST", "/organization/remove-member", map[string]any{"memberIdOrEmail": bobEmail})
		bob.expect(200, "*")
		if got := active(bob, "activeOrganizationId"); got != nil {
			t.Fatalf("%s remove-member (oneself) kept the active organization: %v", serverName(srv, k), got)
		}
		// alice deletes the organization on srv: her active one is cleared.
		at(alice, srv).do("POST", "/organization/delete", map[string]any{"organizationId": orgID})
		alice.expect(200, "*")
		if got := active(alice, "activeOrganizationId"); got != nil {
			t.Fatalf("%s delete kept the active organization: %v", serverName(srv, k), got)
		}
	}
}

package core_test

import (
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestOrganizationSharedDatabaseWithTypeScript runs the Go handler and
// Better Auth 1.7.5, both with organization(), on one database of each
// dialect: an organization and invitation made by one server are used by
// the other, the active organization set on one is the other's, and
// roles, removals and deletion on one are seen by the other.
func TestOrganizationSharedDatabaseWithTypeScript(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dialect string) {
		dir, node := npmWire(t)
		url, db := sharedDB(t, dialect)
		a := core.New(core.Options{Secret: testSecret, Database: core.Database{Dialect: dialect, DB: db},
			EmailAndPassword: core.EmailAndPassword{Enabled: true}, Plugins: []core.Plugin{plugins.Organization()}})
		createTables(t, db, dialect, a)
		t.Cleanup(func() { a.Close() })
		goc := startServer(t, a)
		tsBase := startTS(t, dir, node, url, `PLUGINS={"organization":{}}`)
		ts := &client{t: t, base: tsBase + "/api/auth", origin: tsBase, jar: map[string]string{}}
		// on points c (and its cookies) at server srv.
		on := func(c, srv *client) *client { c.base, c.origin = srv.base, srv.origin; return c }

		ada := goc.clone()
		ada.signUp("ada@example.com", password)
		bob := ts.clone()
		bobID := obj(bob.signUp("bob@example.com", password)["user"])["id"].(string)
		carol := goc.clone()
		carol.signUp("carol@example.com", password)

		// Go creates acme and makes it ada's active organization; the
		// TypeScript server reads that session.
		acme := obj(on(ada, goc).do("POST", "/organization/create", map[string]any{"name": "Acme", "slug": "acme"}))
		ada.expect(200, "*")
		acmeID := acme["id"].(string)
		s := obj(on(ada, ts).do("GET", "/get-session", nil))
		if obj(s["session"])["activeOrganizationId"] != acmeID {
			t.Fatalf("TypeScript reading the active organization Go set: %s", ada.raw)
		}
		// Go invites bob; TypeScript shows and accepts the invitation.
		inv := obj(on(ada, goc).do("POST", "/organization/invite-member", map[string]any{"email": "bob@example.com", "role": "member"}))
		ada.expect(200, "*")
		got := obj(bob.do("GET", "/organization/get-invitation?id="+inv["id"].(string), nil))
		if got["organizationSlug"] != "acme" || got["inviterEmail"] != "ada@example.com" {
			t.Fatalf("TypeScript get-invitation: %s", bob.raw)
		}
		acc := obj(bob.do("POST", "/organization/accept-invitation", map[string]any{"invitationId": inv["id"]}))
		bob.expect(200, "*")
		bobMember := obj(acc["member"])["id"].(string)
		// Go sees bob's membership, and the active organization
		// TypeScript set for him.
		full := obj(on(ada, goc).do("GET", "/organization/get-full-organization", nil))
		if ms, _ := full["members"].([]any); len(ms) != 2 {
			t.Fatalf("Go get-full-organization: %s", ada.raw)
		}
		m := obj(on(bob, goc).do("GET", "/organization/get-active-member", nil))
		if m["id"] != bobMember || m["role"] != "member" {
			t.Fatalf("Go get-active-member of TypeScript's member: %s", bob.raw)
		}
		// Roles changed on TypeScript are Go's permissions.
		perm := map[string]any{"permissions": map[string]any{"invitation": []any{"create"}}}
		on(bob, goc).do("POST", "/organization/has-permission", perm)
		bob.expect(200, `{"error":null,"success":false}`)
		on(ada, ts).do("POST", "/organization/update-member-role", map[string]any{"memberId": bobMember, "role": "admin"})
		ada.expect(200, "*")
		on(bob, goc).do("POST", "/organization/has-permission", perm)
		bob.expect(200, `{"error":null,"success":true}`)
		// TypeScript (bob, now admin) invites carol; Go accepts.
		inv2 := obj(on(bob, ts).do("POST", "/organization/invite-member", map[string]any{"email": "carol@example.com", "role": "member"}))
		bob.expect(200, "*")
		on(carol, goc).do("POST", "/organization/accept-invitation", map[string]any{"invitationId": inv2["id"]})
		carol.expect(200, "*")
		list := obj(on(ada, ts).do("GET", "/organization/list-members", nil))
		if list["total"] != float64(3) {
			t.Fatalf("TypeScript list-members: %s", ada.raw)
		}
		// TypeScript creates beta for bob; ada (not a member) cannot
		// make it active on Go, which clears her active organization,
		// as TypeScript then reads.
		beta := obj(on(bob, ts).do("POST", "/organization/create", map[string]any{"name": "Beta", "slug": "beta"}))
		bob.expect(200, "*")
		on(ada, goc).do("POST", "/organization/set-active", map[string]any{"organizationId": beta["id"]})
		ada.expectError(403, "USER_IS_NOT_A_MEMBER_OF_THE_ORGANIZATION", "User is not a member of the organization")
		s = obj(on(ada, ts).do("GET", "/get-session", nil))
		if obj(s["session"])["activeOrganizationId"] != nil {
			t.Fatalf("TypeScript session after Go cleared it: %s", ada.raw)
		}
		on(ada, goc).do("POST", "/organization/set-active", map[string]any{"organizationSlug": "acme"})
		ada.expect(200, "*")
		// TypeScript removes bob; Go no longer finds him.
		on(ada, ts).do("POST", "/organization/remove-member", map[string]any{"memberIdOrEmail": "bob@example.com"})
		ada.expect(200, "*")
		on(ada, goc).do("GET", "/organization/get-active-member-role?userId="+bobID, nil)
		ada.expectError(403, "YOU_ARE_NOT_A_MEMBER_OF_THIS_ORGANIZATION", "You are not a member of this organization")
		// Go deletes acme; TypeScript no longer has it.
		on(ada, goc).do("POST", "/organization/delete", map[string]any{"organizationId": acmeID})
		ada.expect(200, "*")
		on(ada, ts).do("GET", "/organization/get-full-organization?organizationId="+acmeID, nil)
		ada.expectError(400, "ORGANIZATION_NOT_FOUND", "Organization not found")
		on(carol, ts).do("GET", "/organization/list", nil)
		carol.expect(200, "[]")
	})
}

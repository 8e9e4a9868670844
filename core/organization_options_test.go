package core_test

import (
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestDifferentialOrganizationOptions compares the options both servers
// take as data: limits, invitation lifetime, re-invites, email
// verification, deletion switched off and custom roles.
func TestDifferentialOrganizationOptions(t *testing.T) {
	one := 1
	yes := true
	goOpts := plugins.OrganizationOptions{
		OrganizationLimit: &one, MembershipLimit: 2, InvitationLimit: &one, InvitationExpiresIn: 60,
		CancelPendingInvitationsOnReInvite: true, RequireEmailVerificationOnInvitation: &yes, DisableOrganizationDeletion: true,
		Roles: map[string]plugins.OrganizationRole{
			"owner":   {"organization": {"update", "delete"}, "member": {"create", "update", "delete"}, "invitation": {"create", "cancel"}},
			"auditor": {"member": {"read"}},
		},
	}
	tsOpts := `{"organizationLimit":1,"membershipLimit":2,"invitationLimit":1,"invitationExpiresIn":60,` +
		`"cancelPendingInvitationsOnReInvite":true,"requireEmailVerificationOnInvitation":true,"disableOrganizationDeletion":true,` +
		`"roles":{"owner":{"organization":["update","delete"],"member":["create","update","delete"],"invitation":["create","cancel"]},"auditor":{"member":["read"]}}}`
	steps := []orgStep{
		{who: "ada", method: "POST", path: "/organization/create", body: map[string]any{"name": "Acme", "slug": "acme"}, save: map[string]string{"acme": "id"}},
		{who: "ada", method: "POST", path: "/organization/create", body: map[string]any{"name": "Beta", "slug": "beta"}},
		{who: "ada", method: "POST", path: "/organization/invite-member", body: map[string]any{"email": "bob@example.com", "role": "admin"}},
		{who: "ada", method: "POST", path: "/organization/invite-member", body: map[string]any{"email": "bob@example.com", "role": "auditor"}, save: map[string]string{"inv": "id"}},
		{outbox: true},
		{who: "ada", method: "POST", path: "/organization/invite-member", body: map[string]any{"email": "carol@example.com", "role": "member"}},
		{who: "ada", method: "GET", path: "/organization/list-invitations"},
		{sql: `UPDATE "user" SET "emailVerified" = false WHERE email = 'bob@example.com'`},
		{who: "bob", method: "GET", path: "/organization/get-invitation?id={inv}"},
		{who: "bob", method: "POST", path: "/organization/accept-invitation", body: map[string]any{"invitationId": "{inv}"}},
		{who: "bob", method: "POST", path: "/organization/reject-invitation", body: map[string]any{"invitationId": "{inv}"}},
		{who: "bob", method: "GET", path: "/organization/list-user-invitations"},
		{sql: `UPDATE "user" SET "emailVerified" = true WHERE email = 'bob@example.com'`},
		{who: "bob", method: "POST", path: "/organization/accept-invitation", body: map[string]any{"invitationId": "{inv}"}},
		{who: "bob", method: "POST", path: "/organization/has-permission", body: map[string]any{"permissions": map[string]any{"member": []any{"read"}}}},
		{who: "bob", method: "POST", path: "/organization/has-permission", body: map[string]any{"permissions": map[string]any{"member": []any{"create"}}}},
		{who: "ada", method: "POST", path: "/organization/has-permission", body: map[string]any{"permissions": map[string]any{"ac": []any{"read"}}}},
		{who: "ada", method: "POST", path: "/organization/invite-member", body: map[string]any{"email": "carol@example.com", "role": "auditor"}, save: map[string]string{"invCarol": "id"}},
		{who: "carol", method: "POST", path: "/organization/accept-invitation", body: map[string]any{"invitationId": "{invCarol}"}},
		{who: "ada", method: "POST", path: "/organization/update-member-role", body: map[string]any{"memberId": "x", "role": "auditor"}},
		{who: "ada", method: "POST", path: "/organization/delete", body: map[string]any{"organizationId": "{acme}"}},
		{outbox: true},
	}
	forEachDialect(t, func(t *testing.T, dialect string) {
		runOrgDifferential(t, dialect, enabled(core.Options{}), goOpts, tsOpts, steps)
	})
}

// TestDifferentialOrganizationNoCreate: allowUserToCreateOrganization
// false, and the body checked before the session.
func TestDifferentialOrganizationNoCreate(t *testing.T) {
	no := false
	runOrgDifferential(t, core.DialectSQLite, enabled(core.Options{}), plugins.OrganizationOptions{AllowUserToCreateOrganization: &no},
		`{"allowUserToCreateOrganization":false}`, []orgStep{
			{who: "ada", method: "POST", path: "/organization/create", body: map[string]any{"name": "Acme", "slug": "acme"}},
			{who: "anon", method: "POST", path: "/organization/create", body: map[string]any{"name": ""}},
			{who: "anon", method: "POST", path: "/organization/set-active", body: map[string]any{"organizationId": 5}},
			{who: "anon", method: "POST", path: "/organization/has-permission", body: map[string]any{}},
			{who: "anon", method: "POST", path: "/organization/leave", body: map[string]any{}},
			{who: "anon", method: "GET", path: "/organization/list-members?sortDirection=up"},
			{who: "anon", method: "POST", path: "/organization/update", body: map[string]any{"data": map[string]any{"name": ""}}},
			{who: "ada", method: "POST", path: "/organization/create", body: "[]"},
			{who: "ada", method: "POST", path: "/organization/check-slug", body: "slug=acme", headers: []string{"Content-Type", "application/x-www-form-urlencoded"}},
			{who: "ada", method: "POST", path: "/organization/check-slug", body: map[string]any{"slug": "acme"}, headers: []string{"Origin", "https://evil.example"}},
			{who: "ada", method: "GET", path: "/organization/list", headers: []string{"Origin", "https://evil.example"}},
			{who: "ada", method: "POST", path: "/organization/update", body: map[string]any{"data": map[string]any{"metadata": "x", "logo": 1}}},
		})
}

// TestDifferentialOrganizationCookieCache: with the cookie cache on,
// set-active rewrites session_data with the new activeOrganizationId,
// while accept-invitation and create (which update only the session row)
// leave the cached session as it was, on both servers.
func TestDifferentialOrganizationCookieCache(t *testing.T) {
	o, env := cacheOptions("compact", 300)
	runOrgDifferential(t, core.DialectSQLite, o, plugins.OrganizationOptions{}, `{}`, []orgStep{
		{who: "ada", method: "POST", path: "/organization/create", body: map[string]any{"name": "Acme", "slug": "acme"}, save: map[string]string{"acme": "id"}},
		{who: "ada", method: "GET", path: "/get-session"},
		{who: "ada", method: "POST", path: "/organization/create", body: map[string]any{"name": "Beta", "slug": "beta", "keepCurrentActiveOrganization": true}, save: map[string]string{"beta": "id"}},
		{who: "ada", method: "POST", path: "/organization/set-active", body: map[string]any{"organizationSlug": "beta"}},
		{who: "ada", method: "GET", path: "/get-session"},
		{who: "ada", method: "GET", path: "/organization/get-active-member"},
		{who: "ada", method: "POST", path: "/organization/invite-member", body: map[string]any{"email": "bob@example.com", "role": "member"}, save: map[string]string{"inv": "id"}},
		{who: "bob", method: "GET", path: "/get-session"},
		{who: "bob", method: "POST", path: "/organization/accept-invitation", body: map[string]any{"invitationId": "{inv}"}},
		{who: "bob", method: "GET", path: "/get-session"},
		{who: "bob", method: "GET", path: "/get-session?disableCookieCache=true"},
		{who: "bob", method: "POST", path: "/organization/set-active", body: map[string]any{}},
		{who: "bob", method: "POST", path: "/organization/set-active", body: map[string]any{"organizationId": nil}},
		{who: "bob", method: "GET", path: "/get-session"},
		{who: "ada", method: "POST", path: "/organization/set-active", body: map[string]any{"organizationId": nil}},
		{who: "ada", method: "GET", path: "/get-session"},
	}, env)
}

// TestDifferentialOrganizationAdditionalFields: the organization's and
// the invitation's additional fields, checked as toZodSchema does and
// written with the rows.
func TestDifferentialOrganizationAdditionalFields(t *testing.T) {
	goOpts := plugins.OrganizationOptions{Schema: plugins.Schema{
		"organization": {AdditionalFields: []core.Field{{Name: "tier", Type: core.TypeString}, {Name: "seats", Type: core.TypeNumber, Required: core.Optional}}},
		"invitation":   {AdditionalFields: []core.Field{{Name: "note", Type: core.TypeString, Required: core.Optional}}},
	}}
	tsOpts := `{"schema":{"organization":{"additionalFields":{"tier":{"type":"string","required":true},"seats":{"type":"number","required":false}}},` +
		`"invitation":{"additionalFields":{"note":{"type":"string","required":false}}}}}`
	forEachDialect(t, func(t *testing.T, dialect string) {
		runOrgDifferential(t, dialect, enabled(core.Options{}), goOpts, tsOpts, []orgStep{
			{who: "ada", method: "POST", path: "/organization/create", body: map[string]any{"name": "Acme", "slug": "acme"}},
			{who: "ada", method: "POST", path: "/organization/create", body: map[string]any{"name": "Acme", "slug": "acme", "tier": 5, "seats": "x"}},
			{who: "ada", method: "POST", path: "/organization/create", body: map[string]any{"name": "Acme", "slug": "acme", "tier": "gold", "seats": 3}},
			{who: "ada", method: "POST", path: "/organization/update", body: map[string]any{"data": map[string]any{"seats": nil}}},
			{who: "ada", method: "POST", path: "/organization/update", body: map[string]any{"data": map[string]any{"tier": 1, "name": ""}}},
			{who: "ada", method: "POST", path: "/organization/update", body: map[string]any{"data": map[string]any{"tier": "silver", "seats": 10}}},
			{who: "ada", method: "POST", path: "/organization/invite-member", body: map[string]any{"email": "bob@example.com", "role": "member", "note": "hi"}},
			{who: "ada", method: "POST", path: "/organization/invite-member", body: map[string]any{"email": "carol@example.com", "role": "member", "note": 1}},
			{who: "ada", method: "GET", path: "/organization/get-full-organization"},
			{who: "ada", method: "GET", path: "/organization/list"},
		})
	})
}

// TestDifferentialOrganizationSerialIDs: with serial ids invitation ids
// can be guessed, so, the option unset, the invitee's email must be
// verified (shouldRequireVerifiedEmailForInvitationIdAction); and a
// creatorRole other than owner.
func TestDifferentialOrganizationSerialIDs(t *testing.T) {
	o := enabled(core.Options{Advanced: core.Advanced{Database: core.AdvancedDatabase{GenerateID: core.IDSerial}}})
	runOrgDifferential(t, core.DialectSQLite, o, plugins.OrganizationOptions{CreatorRole: "admin"}, `{"creatorRole":"admin"}`, []orgStep{
		{who: "ada", method: "POST", path: "/organization/create", body: map[string]any{"name": "Acme", "slug": "acme"}, save: map[string]string{"acme": "id"}},
		{who: "ada", method: "POST", path: "/organization/invite-member", body: map[string]any{"email": "bob@example.com", "role": "admin"}, save: map[string]string{"inv": "id"}},
		{who: "ada", method: "POST", path: "/organization/invite-member", body: map[string]any{"email": "carol@example.com", "role": "owner"}, save: map[string]string{"inv2": "id"}},
		{sql: `UPDATE "user" SET "emailVerified" = false WHERE email = 'bob@example.com'`},
		{who: "bob", method: "GET", path: "/organization/get-invitation?id={inv}"},
		{who: "bob", method: "POST", path: "/organization/accept-invitation", body: map[string]any{"invitationId": "{inv}"}},
		{sql: `UPDATE "user" SET "emailVerified" = true WHERE email = 'bob@example.com'`},
		{who: "bob", method: "POST", path: "/organization/accept-invitation", body: map[string]any{"invitationId": "{inv}"}, save: map[string]string{"bobMember": "member.id"}},
		{who: "carol", method: "POST", path: "/organization/accept-invitation", body: map[string]any{"invitationId": "{inv2}"}},
		{who: "ada", method: "GET", path: "/organization/get-full-organization"},
		{who: "bob", method: "POST", path: "/organization/remove-member", body: map[string]any{"memberIdOrEmail": "ada@example.com"}},
		{who: "ada", method: "POST", path: "/organization/update-member-role", body: map[string]any{"memberId": "{bobMember}", "role": "member"}},
		{who: "ada", method: "POST", path: "/organization/leave", body: map[string]any{"organizationId": "{acme}"}},
		{who: "ada", method: "POST", path: "/organization/delete", body: map[string]any{"organizationId": "{acme}"}},
		{who: "ada", method: "GET", path: "/organization/list-invitations"},
		{outbox: true},
	}, `ADVANCED={"database":{"generateId":"serial"}}`)
}

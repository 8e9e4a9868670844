package core_test

import (
	"net/http"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// orgHooks records every hook into the mailbox as
// testdata/npm-wire/plugins/organization.mjs's recordHooks does, with
// the same rewrites and refusal.
func (b *orgMailbox) hooks() plugins.OrganizationHooks {
	rec := func(name string, to any, detail string) {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.list = append(b.list, map[string]any{"kind": "hook:" + name, "to": to, "detail": detail})
	}
	s := func(r core.Record, k string) string { v, _ := r[k].(string); return v }
	return plugins.OrganizationHooks{
		BeforeCreateOrganization: func(_ *core.Context, org, user core.Record) (core.Record, error) {
			rec("beforeCreateOrganization", user["email"], s(org, "slug"))
			return core.Record{"logo": "hooked.png"}, nil
		},
		AfterCreateOrganization: func(_ *core.Context, org, member, user core.Record) error {
			rec("afterCreateOrganization", user["email"], s(org, "slug")+"|"+s(member, "role"))
			return nil
		},
		BeforeUpdateOrganization: func(_ *core.Context, set, user, member core.Record) (core.Record, error) {
			name := "undefined"
			if n, ok := set["name"].(string); ok {
				name = n
			}
			rec("beforeUpdateOrganization", user["email"], name+"|"+s(member, "role"))
			return nil, nil
		},
		AfterUpdateOrganization: func(_ *core.Context, org, user, _ core.Record) error {
			rec("afterUpdateOrganization", user["email"], s(org, "name"))
			return nil
		},
		BeforeDeleteOrganization: func(_ *core.Context, org, user core.Record) error {
			rec("beforeDeleteOrganization", user["email"], s(org, "slug"))
			if s(org, "slug") == "keep" {
				return core.NewAPIError(http.StatusBadRequest, "KEEP_IT", "Keep it")
			}
			return nil
		},
		AfterDeleteOrganization: func(_ *core.Context, org, user core.Record) error {
			rec("afterDeleteOrganization", user["email"], s(org, "slug"))
			return nil
		},
		BeforeAddMember: func(_ *core.Context, member, user, org core.Record) (core.Record, error) {
			rec("beforeAddMember", user["email"], s(member, "role")+"|"+s(org, "slug"))
			return nil, nil
		},
		AfterAddMember: func(_ *core.Context, member, user, org core.Record) error {
			rec("afterAddMember", user["email"], s(member, "role")+"|"+s(org, "slug"))
			return nil
		},
		BeforeRemoveMember: func(_ *core.Context, member, user, org core.Record) error {
			rec("beforeRemoveMember", user["email"], s(member, "role")+"|"+s(org, "slug"))
			return nil
		},
		AfterRemoveMember: func(_ *core.Context, member, user, org core.Record) error {
			rec("afterRemoveMember", user["email"], s(member, "role")+"|"+s(org, "slug"))
			return nil
		},
		BeforeUpdateMemberRole: func(_ *core.Context, member core.Record, newRole string, user, org core.Record) (string, error) {
			rec("beforeUpdateMemberRole", user["email"], s(member, "role")+">"+newRole+"|"+s(org, "slug"))
			if newRole == "member" {
				return "admin", nil
			}
			return "", nil
		},
		AfterUpdateMemberRole: func(_ *core.Context, member core.Record, previous string, user, _ core.Record) error {
			rec("afterUpdateMemberRole", user["email"], previous+">"+s(member, "role"))
			return nil
		},
		BeforeCreateInvitation: func(_ *core.Context, inv, inviter, org core.Record) (core.Record, error) {
			rec("beforeCreateInvitation", inviter["email"], s(inv, "email")+"|"+s(inv, "role")+"|"+s(org, "slug"))
			return nil, nil
		},
		AfterCreateInvitation: func(_ *core.Context, inv, inviter, _ core.Record) error {
			rec("afterCreateInvitation", inviter["email"], s(inv, "email")+"|"+s(inv, "status"))
			return nil
		},
		BeforeAcceptInvitation: func(_ *core.Context, inv, user, org core.Record) error {
			rec("beforeAcceptInvitation", user["email"], s(inv, "status")+"|"+s(org, "slug"))
			return nil
		},
		AfterAcceptInvitation: func(_ *core.Context, inv, member, user, _ core.Record) error {
			rec("afterAcceptInvitation", user["email"], s(inv, "status")+"|"+s(member, "role"))
			return nil
		},
		BeforeRejectInvitation: func(_ *core.Context, inv, user, _ core.Record) error {
			rec("beforeRejectInvitation", user["email"], s(inv, "status"))
			return nil
		},
		AfterRejectInvitation: func(_ *core.Context, inv, user, _ core.Record) error {
			rec("afterRejectInvitation", user["email"], s(inv, "status"))
			return nil
		},
		BeforeCancelInvitation: func(_ *core.Context, inv, by, _ core.Record) error {
			rec("beforeCancelInvitation", by["email"], s(inv, "status"))
			return nil
		},
		AfterCancelInvitation: func(_ *core.Context, inv, by, _ core.Record) error {
			rec("afterCancelInvitation", by["email"], s(inv, "status"))
			return nil
		},
	}
}

// TestDifferentialOrganizationHooks: organizationHooks run at the same
// points, with the same data, on both servers; their changes (a logo, a
// role) and refusal (an APIError) are honoured alike.
func TestDifferentialOrganizationHooks(t *testing.T) {
	runOrgDifferential(t, core.DialectSQLite, enabled(core.Options{}), plugins.OrganizationOptions{}, `{"recordHooks":true}`, []orgStep{
		{who: "ada", method: "POST", path: "/organization/create", body: map[string]any{"name": "Acme", "slug": "acme"}, save: map[string]string{"acme": "id"}},
		{outbox: true},
		{who: "ada", method: "POST", path: "/organization/update", body: map[string]any{"data": map[string]any{"name": "Acme Inc"}}},
		{who: "ada", method: "POST", path: "/organization/update", body: map[string]any{"data": map[string]any{"logo": "x.png"}}},
		{outbox: true},
		{who: "ada", method: "POST", path: "/organization/invite-member", body: map[string]any{"email": "bob@example.com", "role": "admin"}, save: map[string]string{"inv": "id"}},
		{who: "ada", method: "POST", path: "/organization/invite-member", body: map[string]any{"email": "carol@example.com", "role": "member"}, save: map[string]string{"inv2": "id"}},
		{outbox: true},
		{who: "bob", method: "POST", path: "/organization/accept-invitation", body: map[string]any{"invitationId": "{inv}"}, save: map[string]string{"bobMember": "member.id"}},
		{who: "carol", method: "POST", path: "/organization/reject-invitation", body: map[string]any{"invitationId": "{inv2}"}},
		{outbox: true},
		{who: "ada", method: "POST", path: "/organization/invite-member", body: map[string]any{"email": "carol@example.com", "role": "member"}, save: map[string]string{"inv3": "id"}},
		{who: "bob", method: "POST", path: "/organization/cancel-invitation", body: map[string]any{"invitationId": "{inv3}"}},
		{outbox: true},
		{who: "ada", method: "POST", path: "/organization/update-member-role", body: map[string]any{"memberId": "{bobMember}", "role": "member"}},
		{who: "ada", method: "GET", path: "/organization/list-members"},
		{who: "ada", method: "POST", path: "/organization/update-member-role", body: map[string]any{"memberId": "{bobMember}", "role": []any{"member", "admin"}}},
		{who: "ada", method: "POST", path: "/organization/remove-member", body: map[string]any{"memberIdOrEmail": "{bobMember}"}},
		{outbox: true},
		{who: "ada", method: "POST", path: "/organization/create", body: map[string]any{"name": "Keep", "slug": "keep"}, save: map[string]string{"keep": "id"}},
		{who: "ada", method: "POST", path: "/organization/delete", body: map[string]any{"organizationId": "{keep}"}},
		{who: "ada", method: "POST", path: "/organization/delete", body: map[string]any{"organizationId": "{acme}"}},
		{who: "ada", method: "GET", path: "/organization/list"},
		{outbox: true},
	})
}

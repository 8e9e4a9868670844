package plugins

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// The invitation endpoints (routes/crud-invites.ts).

// requireVerifiedForInvitation is shouldRequireVerifiedEmailForInvitationIdAction:
// the option when set, else whether invitation ids are guessable (serial).
func (o *orgRuntime) requireVerifiedForInvitation() bool {
	if o.opts.RequireEmailVerificationOnInvitation != nil {
		return *o.opts.RequireEmailVerificationOnInvitation
	}
	return o.idStrategy != schema.IDString && o.idStrategy != schema.IDUUID
}

// setInvitationStatus is adapter.updateInvitation: the invitation's status
// set (only while it is fromStatus, when given); the row as updated, or
// nil when nothing matched.
func setInvitationStatus(x *core.Context, id, status, fromStatus string) (core.Record, error) {
	where := []core.Where{{Field: "id", Value: id}}
	if fromStatus != "" {
		where = append(where, core.Where{Field: "status", Value: fromStatus})
	}
	n, err := x.Update("invitation", core.Record{"status": status}, where...)
	if err != nil || n == 0 {
		return nil, err
	}
	return x.FindOne("invitation", core.Where{Field: "id", Value: id})
}

// findInvitation is findInvitationById.
func findInvitation(x *core.Context, id string) (core.Record, error) {
	return x.FindOne("invitation", core.Where{Field: "id", Value: id})
}

// expired reports an invitation past its expiresAt.
func expired(inv core.Record) bool {
	exp, _ := inv["expiresAt"].(time.Time)
	return exp.Before(time.Now())
}

// inviteMember is POST /organization/invite-member.
func (o *orgRuntime) inviteMember(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	body := x.Body()
	email := v.String("email")
	var roles []string
	if v.IsObject() {
		r, ok := roleInput(body["role"])
		if !ok {
			v.Issue("role", "Invalid input")
		}
		roles = r
	}
	orgID := v.OptionalString("organizationId")
	resend, _ := v.Bool("resend")
	if v.IsObject() {
		if t, given := body["teamId"]; given {
			if _, ok := roleInput(t); !ok {
				v.Issue("teamId", "Invalid input")
			}
		}
	}
	extra := core.Record{}
	if v.IsObject() {
		additionalInput(v, body, o.invitationInput, "", false, extra)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	if orgID == "" {
		orgID = activeOrgID(s)
	}
	if orgID == "" {
		return nil, orgError(http.StatusBadRequest, "ORGANIZATION_NOT_FOUND")
	}
	email = strings.ToLower(email)
	if !core.ValidEmail(email) {
		return nil, core.NewAPIError(http.StatusBadRequest, "INVALID_EMAIL", "Invalid email")
	}
	member, err := o.permittedMember(x, s.User.ID, orgID, "invitation", "create", orgError(http.StatusBadRequest, "MEMBER_NOT_FOUND"), "YOU_ARE_NOT_ALLOWED_TO_INVITE_USERS_TO_THIS_ORGANIZATION")
	if err != nil {
		return nil, err
	}
	role := strings.Join(roles, ",")
	var names []string
	for _, r := range strings.Split(role, ",") {
		if r = strings.TrimSpace(r); r != "" {
			names = append(names, r)
		}
	}
	unknown, err := o.unknownRoles(x, orgID, names)
	if err != nil {
		return nil, err
	}
	if len(unknown) > 0 {
		return nil, core.NewAPIError(http.StatusBadRequest, "", "ROLE_NOT_FOUND: "+strings.Join(unknown, ", "))
	}
	if !hasRole(orgStr(member, "role"), o.creatorRole, true) && hasRole(role, o.creatorRole, false) {
		return nil, orgError(http.StatusForbidden, "YOU_ARE_NOT_ALLOWED_TO_INVITE_USER_WITH_THIS_ROLE")
	}
	if u, err := x.FindOne("user", core.Where{Field: "email", Value: email}); err != nil {
		return nil, err
	} else if u != nil {
		if m, err := x.FindOne("member", core.Where{Field: "organizationId", Value: orgID}, core.Where{Field: "userId", Value: u["id"]}); err != nil {
			return nil, err
		} else if m != nil {
			return nil, orgError(http.StatusBadRequest, "USER_IS_ALREADY_A_MEMBER_OF_THIS_ORGANIZATION")
		}
	}
	already, err := pendingInvitations(x, orgID, email)
	if err != nil {
		return nil, err
	}
	if len(already) > 0 && !resend && !o.opts.CancelPendingInvitationsOnReInvite {
		return nil, orgError(http.StatusBadRequest, "USER_IS_ALREADY_INVITED_TO_THIS_ORGANIZATION")
	}
	org, err := findOrg(x, orgID)
	if err != nil {
		return nil, err
	}
	if org == nil {
		return nil, orgError(http.StatusBadRequest, "ORGANIZATION_NOT_FOUND")
	}
	if len(already) > 0 && resend {
		inv := already[0]
		exp := x.Now().Add(o.invitationExpiresIn)
		if _, err := x.Update("invitation", core.Record{"expiresAt": exp}, core.Where{Field: "id", Value: inv["id"]}); err != nil {
			return nil, err
		}
		inv["expiresAt"] = exp
		if err := o.sendInvitation(x, s, org, inv, member); err != nil {
			return nil, err
		}
		return x.Row("invitation", inv)
	}
	if len(already) > 0 && o.opts.CancelPendingInvitationsOnReInvite {
		if _, err := setInvitationStatus(x, orgStr(already[0], "id"), "canceled", ""); err != nil {
			return nil, err
		}
	}
	pending, err := pendingInvitations(x, orgID, "")
	if err != nil {
		return nil, err
	}
	if len(pending) >= o.invitationLimit {
		return nil, orgError(http.StatusForbidden, "INVITATION_LIMIT_REACHED")
	}
	teamID, err := o.invitationTeams(x, s, body, orgID)
	if err != nil {
		return nil, err
	}
	data := core.Record{"role": role, "email": email, "organizationId": orgID}
	for k, val := range extra {
		data[k] = val
	}
	if o.teams {
		data["teamId"] = teamID
	}
	h := o.opts.Hooks
	if h.BeforeCreateInvitation != nil {
		in := core.Record{"inviterId": s.User.ID}
		merge(in, data)
		ret, err := h.BeforeCreateInvitation(x, in, sessionUser(s), org)
		if err != nil {
			return nil, err
		}
		merge(data, ret)
	}
	row := core.Record{
		"status": "pending", "expiresAt": x.Now().Add(o.invitationExpiresIn), "createdAt": x.Now(), "inviterId": s.User.ID,
	}
	merge(row, data)
	inv, err := x.Create("invitation", row)
	if err != nil {
		return nil, err
	}
	if err := o.sendInvitation(x, s, org, inv, member); err != nil {
		return nil, err
	}
	if h.AfterCreateInvitation != nil {
		if err := h.AfterCreateInvitation(x, inv, sessionUser(s), org); err != nil {
			return nil, err
		}
	}
	return x.Row("invitation", inv)
}

// sendInvitation calls SendInvitationEmail, when set.
func (o *orgRuntime) sendInvitation(x *core.Context, s *core.SessionData, org, inv, member core.Record) error {
	if o.opts.SendInvitationEmail == nil {
		return nil
	}
	return o.opts.SendInvitationEmail(x, OrganizationInvitation{
		ID: orgStr(inv, "id"), Role: orgStr(inv, "role"), Email: strings.ToLower(orgStr(inv, "email")),
		Organization: org, Invitation: inv, InviterMember: member, Inviter: s.User.Fields,
	})
}

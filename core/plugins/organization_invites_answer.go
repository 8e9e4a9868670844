package plugins

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/authctl/authctl/core"
)

// The invitation endpoints of the invitee and the listings
// (routes/crud-invites.ts).

// invitationIDBody reads { invitationId: string }.
func invitationIDBody(x *core.Context) (string, error) {
	v := x.Validate()
	id := v.String("invitationId")
	return id, v.Err()
}

// acceptInvitation is POST /organization/accept-invitation.
func (o *orgRuntime) acceptInvitation(x *core.Context) (json.RawMessage, error) {
	id, err := invitationIDBody(x)
	if err != nil {
		return nil, err
	}
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	inv, err := findInvitation(x, id)
	if err != nil {
		return nil, err
	}
	if inv == nil || expired(inv) || orgStr(inv, "status") != "pending" {
		return nil, orgError(http.StatusBadRequest, "INVITATION_NOT_FOUND")
	}
	if strings.ToLower(orgStr(inv, "email")) != strings.ToLower(s.User.Email) {
		return nil, orgError(http.StatusForbidden, "YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION")
	}
	if o.requireVerifiedForInvitation() && !s.User.EmailVerified {
		return nil, orgError(http.StatusForbidden, "EMAIL_VERIFICATION_REQUIRED_BEFORE_ACCEPTING_OR_REJECTING_INVITATION")
	}
	orgID := orgStr(inv, "organizationId")
	count, err := countMembers(x, orgID)
	if err != nil {
		return nil, err
	}
	org, err := findOrg(x, orgID)
	if err != nil {
		return nil, err
	}
	if org == nil {
		return nil, orgError(http.StatusBadRequest, "ORGANIZATION_NOT_FOUND")
	}
	if count >= o.membershipLimit {
		return nil, orgError(http.StatusForbidden, "ORGANIZATION_MEMBERSHIP_LIMIT_REACHED")
	}
	h := o.opts.Hooks
	if h.BeforeAcceptInvitation != nil {
		if err := h.BeforeAcceptInvitation(x, inv, sessionUser(s), org); err != nil {
			return nil, err
		}
	}
	accepted, err := setInvitationStatus(x, id, "accepted", "pending")
	if err != nil {
		return nil, err
	}
	if accepted == nil {
		return nil, orgError(http.StatusBadRequest, "INVITATION_NOT_FOUND")
	}
	member, err := o.joinFromInvitation(x, s, accepted)
	if err != nil {
		// As Better Auth: the invitation goes back to pending.
		if _, rerr := setInvitationStatus(x, id, "pending", "accepted"); rerr != nil {
			return nil, rerr
		}
		return nil, err
	}
	if h.AfterAcceptInvitation != nil {
		if err := h.AfterAcceptInvitation(x, accepted, member, sessionUser(s), org); err != nil {
			return nil, err
		}
	}
	invJSON, err := x.Row("invitation", accepted)
	if err != nil {
		return nil, err
	}
	memJSON, err := x.Row("member", member)
	if err != nil {
		return nil, err
	}
	return json.RawMessage(`{"invitation":` + string(invJSON) + `,"member":` + string(memJSON) + `}`), nil
}

// joinFromInvitation is accept-invitation's transaction: the teams (with
// teams on), the membership, and the active organization (the session
// row only; Better Auth writes no cookie for it).
func (o *orgRuntime) joinFromInvitation(x *core.Context, s *core.SessionData, inv core.Record) (core.Record, error) {
	if err := o.onInvitationAccepted(x, s, inv); err != nil {
		return nil, err
	}
	member, err := x.Create("member", core.Record{
		"organizationId": inv["organizationId"], "userId": s.User.ID, "role": inv["role"], "createdAt": x.Now(),
	})
	if err != nil {
		return nil, err
	}
	if _, err := o.setActiveOrg(x, s.Session.Token, inv["organizationId"]); err != nil {
		return nil, err
	}
	return member, nil
}

// rejectInvitation is POST /organization/reject-invitation.
func (o *orgRuntime) rejectInvitation(x *core.Context) (json.RawMessage, error) {
	id, err := invitationIDBody(x)
	if err != nil {
		return nil, err
	}
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	inv, err := findInvitation(x, id)
	if err != nil {
		return nil, err
	}
	if inv == nil || orgStr(inv, "status") != "pending" {
		return nil, core.NewAPIError(http.StatusBadRequest, "INVITATION_NOT_FOUND", "Invitation not found!")
	}
	if strings.ToLower(orgStr(inv, "email")) != strings.ToLower(s.User.Email) {
		return nil, orgError(http.StatusForbidden, "YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION")
	}
	if o.requireVerifiedForInvitation() && !s.User.EmailVerified {
		return nil, orgError(http.StatusForbidden, "EMAIL_VERIFICATION_REQUIRED_BEFORE_ACCEPTING_OR_REJECTING_INVITATION")
	}
	org, err := findOrg(x, orgStr(inv, "organizationId"))
	if err != nil {
		return nil, err
	}
	if org == nil {
		return nil, orgError(http.StatusBadRequest, "ORGANIZATION_NOT_FOUND")
	}
	h := o.opts.Hooks
	rejected, err := setStatusWithHooks(x, s, inv, org, "rejected", h.BeforeRejectInvitation, h.AfterRejectInvitation)
	if err != nil {
		return nil, err
	}
	out := json.RawMessage("null")
	if rejected != nil {
		if out, err = x.Row("invitation", rejected); err != nil {
			return nil, err
		}
	}
	return json.RawMessage(`{"invitation":` + string(out) + `,"member":null}`), nil
}

// cancelInvitation is POST /organization/cancel-invitation.
func (o *orgRuntime) cancelInvitation(x *core.Context) (json.RawMessage, error) {
	id, err := invitationIDBody(x)
	if err != nil {
		return nil, err
	}
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	inv, err := findInvitation(x, id)
	if err != nil {
		return nil, err
	}
	if inv == nil {
		return nil, orgError(http.StatusBadRequest, "INVITATION_NOT_FOUND")
	}
	orgID := orgStr(inv, "organizationId")
	_, err = o.permittedMember(x, s.User.ID, orgID, "invitation", "cancel", orgError(http.StatusBadRequest, "MEMBER_NOT_FOUND"), "YOU_ARE_NOT_ALLOWED_TO_CANCEL_THIS_INVITATION")
	if err != nil {
		return nil, err
	}
	org, err := findOrg(x, orgID)
	if err != nil {
		return nil, err
	}
	if org == nil {
		return nil, orgError(http.StatusBadRequest, "ORGANIZATION_NOT_FOUND")
	}
	h := o.opts.Hooks
	canceled, err := setStatusWithHooks(x, s, inv, org, "canceled", h.BeforeCancelInvitation, h.AfterCancelInvitation)
	if err != nil {
		return nil, err
	}
	if canceled == nil {
		return json.RawMessage("null"), nil
	}
	return x.Row("invitation", canceled)
}

// getInvitation is GET /organization/get-invitation.
func (o *orgRuntime) getInvitation(x *core.Context) (json.RawMessage, error) {
	q := x.Request().URL.Query()
	if !q.Has("id") {
		return nil, core.NewAPIError(http.StatusBadRequest, "VALIDATION_ERROR", "[query.id] Invalid input: expected string, received undefined")
	}
	s, err := x.Session()
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, core.NewAPIError(http.StatusUnauthorized, "", "Not authenticated")
	}
	inv, err := findInvitation(x, q.Get("id"))
	if err != nil {
		return nil, err
	}
	if inv == nil || orgStr(inv, "status") != "pending" || expired(inv) {
		return nil, core.NewAPIError(http.StatusBadRequest, "", "Invitation not found!")
	}
	if strings.ToLower(orgStr(inv, "email")) != strings.ToLower(s.User.Email) {
		return nil, orgError(http.StatusForbidden, "YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION")
	}
	if o.requireVerifiedForInvitation() && !s.User.EmailVerified {
		return nil, orgError(http.StatusForbidden, "EMAIL_VERIFICATION_REQUIRED_FOR_INVITATION")
	}
	org, err := findOrg(x, orgStr(inv, "organizationId"))
	if err != nil {
		return nil, err
	}
	if org == nil {
		return nil, orgError(http.StatusBadRequest, "ORGANIZATION_NOT_FOUND")
	}
	_, inviter, err := findMember(x, orgStr(inv, "inviterId"), orgStr(inv, "organizationId"))
	if err != nil {
		return nil, err
	}
	if inviter == nil {
		return nil, orgError(http.StatusBadRequest, "INVITER_IS_NO_LONGER_A_MEMBER_OF_THE_ORGANIZATION")
	}
	out, err := x.Row("invitation", inv)
	if err != nil {
		return nil, err
	}
	for _, kv := range [][2]any{{"organizationName", org["name"]}, {"organizationSlug", org["slug"]}, {"inviterEmail", inviter["email"]}} {
		b, _ := core.JSON(kv[1])
		out = withField(out, kv[0].(string), b)
	}
	return out, nil
}

// listInvitations is GET /organization/list-invitations.
func (o *orgRuntime) listInvitations(x *core.Context) (json.RawMessage, error) {
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	orgID := x.Request().URL.Query().Get("organizationId")
	if orgID == "" {
		orgID = activeOrgID(s)
	}
	if orgID == "" {
		return nil, core.NewAPIError(http.StatusBadRequest, "", "Organization ID is required")
	}
	if m, _, err := findMember(x, s.User.ID, orgID); err != nil {
		return nil, err
	} else if m == nil {
		return nil, core.NewAPIError(http.StatusForbidden, "", "You are not a member of this organization")
	}
	invs, err := x.Find("invitation", core.Where{Field: "organizationId", Value: orgID})
	if err != nil {
		return nil, err
	}
	items := make([]json.RawMessage, 0, len(invs))
	for _, inv := range invs {
		b, err := x.Row("invitation", inv)
		if err != nil {
			return nil, err
		}
		items = append(items, b)
	}
	return jsonList(items), nil
}

// listUserInvitations is GET /organization/list-user-invitations: the
// caller's pending invitations with their organization's name.
func (o *orgRuntime) listUserInvitations(x *core.Context) (json.RawMessage, error) {
	s, err := x.Session()
	if err != nil {
		return nil, err
	}
	if x.Request().URL.Query().Get("email") != "" {
		return nil, core.NewAPIError(http.StatusBadRequest, "", "User email cannot be passed for client side API calls.")
	}
	if s != nil && !s.User.EmailVerified {
		return nil, orgError(http.StatusForbidden, "EMAIL_VERIFICATION_REQUIRED_FOR_INVITATION")
	}
	if s == nil {
		return nil, core.NewAPIError(http.StatusBadRequest, "", "Missing session headers, or email query parameter.")
	}
	invs, err := x.Find("invitation", core.Where{Field: "email", Value: strings.ToLower(s.User.Email)})
	if err != nil {
		return nil, err
	}
	items := []json.RawMessage{}
	for _, inv := range invs {
		if orgStr(inv, "status") != "pending" {
			continue
		}
		org, err := findOrg(x, orgStr(inv, "organizationId"))
		if err != nil {
			return nil, err
		}
		b, err := x.Row("invitation", inv)
		if err != nil {
			return nil, err
		}
		if org != nil {
			name, _ := core.JSON(org["name"])
			b = withField(b, "organizationName", name)
		}
		items = append(items, b)
	}
	return jsonList(items), nil
}

// invitationHook is the shape of the reject and cancel hooks.
type invitationHook = func(x *core.Context, inv, user, org core.Record) error

// setStatusWithHooks runs before, sets the invitation's status and runs
// after with the row as stored (or as read before, when the update found
// none), as reject-invitation and cancel-invitation do.
func setStatusWithHooks(x *core.Context, s *core.SessionData, inv, org core.Record, status string, before, after invitationHook) (core.Record, error) {
	if before != nil {
		if err := before(x, inv, sessionUser(s), org); err != nil {
			return nil, err
		}
	}
	updated, err := setInvitationStatus(x, orgStr(inv, "id"), status, "")
	if err != nil {
		return nil, err
	}
	if after != nil {
		seen := updated
		if seen == nil {
			seen = inv
		}
		if err := after(x, seen, sessionUser(s), org); err != nil {
			return nil, err
		}
	}
	return updated, nil
}

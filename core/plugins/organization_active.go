package plugins

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/authctl/authctl/core"
)

// The organization endpoints that read organizations and the active one
// (routes/crud-org.ts).

// setActive is POST /organization/set-active.
func (o *orgRuntime) setActive(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	body := x.Body()
	var orgID, slug string
	var orgNull bool
	if v.IsObject() {
		if raw, given := body["organizationId"]; given && raw == nil {
			orgNull = true
		} else {
			orgID = v.OptionalString("organizationId")
		}
		slug = v.OptionalString("organizationSlug")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	token := s.Session.Token
	if orgNull {
		if activeOrgID(s) == "" {
			return json.RawMessage("null"), nil
		}
		if _, err := o.setActiveOrg(x, token, nil); err != nil {
			return nil, err
		}
		x.RefreshSessionCookie(token)
		return json.RawMessage("null"), nil
	}
	if orgID == "" && slug == "" {
		if orgID = activeOrgID(s); orgID == "" {
			return json.RawMessage("null"), nil
		}
	}
	if slug != "" && orgID == "" {
		org, err := findOrgBySlug(x, slug)
		if err != nil {
			return nil, err
		}
		if org == nil {
			return nil, orgError(http.StatusBadRequest, "ORGANIZATION_NOT_FOUND")
		}
		orgID = orgStr(org, "id")
	}
	if ok, err := isMember(x, s.User.ID, orgID); err != nil {
		return nil, err
	} else if !ok {
		if _, err := o.setActiveOrg(x, token, nil); err != nil {
			return nil, err
		}
		return nil, orgError(http.StatusForbidden, "USER_IS_NOT_A_MEMBER_OF_THE_ORGANIZATION")
	}
	org, err := findOrg(x, orgID)
	if err != nil {
		return nil, err
	}
	if org == nil {
		return nil, orgError(http.StatusBadRequest, "ORGANIZATION_NOT_FOUND")
	}
	if _, err := o.setActiveOrg(x, token, org["id"]); err != nil {
		return nil, err
	}
	x.RefreshSessionCookie(token)
	return orgJSON(x, org)
}

// orgQuery reads organizationId / organizationSlug of a GET and picks the
// organization asked for: the slug, the id, or the active one.
func orgQuery(x *core.Context, s *core.SessionData) (ref string, bySlug bool) {
	q := x.Request().URL.Query()
	if slug := q.Get("organizationSlug"); slug != "" {
		return slug, true
	}
	if id := q.Get("organizationId"); id != "" {
		return id, false
	}
	return activeOrgID(s), false
}

// getOrg is GET /organization/get-organization.
func (o *orgRuntime) getOrg(x *core.Context) (json.RawMessage, error) {
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	ref, bySlug := orgQuery(x, s)
	if ref == "" {
		return json.RawMessage("null"), nil
	}
	var org core.Record
	if bySlug {
		org, err = findOrgBySlug(x, ref)
	} else {
		org, err = findOrg(x, ref)
	}
	if err != nil {
		return nil, err
	}
	if org == nil {
		return nil, orgError(http.StatusBadRequest, "ORGANIZATION_NOT_FOUND")
	}
	if err := o.requireMembership(x, s, orgStr(org, "id")); err != nil {
		return nil, err
	}
	return orgJSON(x, org)
}

// requireMembership is the get endpoints' check: a caller who is not a
// member loses the active organization and gets 403.
func (o *orgRuntime) requireMembership(x *core.Context, s *core.SessionData, orgID string) error {
	ok, err := isMember(x, s.User.ID, orgID)
	if err != nil || ok {
		return err
	}
	if _, err := o.setActiveOrg(x, s.Session.Token, nil); err != nil {
		return err
	}
	return orgError(http.StatusForbidden, "USER_IS_NOT_A_MEMBER_OF_THE_ORGANIZATION")
}

// getFullOrg is GET /organization/get-full-organization: the
// organization with its invitations, members (and their users) and, with
// teams, teams.
func (o *orgRuntime) getFullOrg(x *core.Context) (json.RawMessage, error) {
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	ref, bySlug := orgQuery(x, s)
	if ref == "" {
		return json.RawMessage("null"), nil
	}
	// The members join reads at most membersLimit rows, else the
	// adapter's default of 100 (membershipLimit bounds only the users
	// read for them).
	limit := 100
	if raw := x.Request().URL.Query().Get("membersLimit"); raw != "" {
		// z.string().transform(parseInt): NaN or 0 fall back to the
		// default.
		if n, err := strconv.Atoi(leadingInt(raw)); err == nil && n > 0 {
			limit = n
		}
	}
	var org core.Record
	if bySlug {
		org, err = findOrgBySlug(x, ref)
	} else {
		org, err = findOrg(x, ref)
	}
	if err != nil {
		return nil, err
	}
	if org == nil {
		return nil, orgError(http.StatusBadRequest, "ORGANIZATION_NOT_FOUND")
	}
	orgID := orgStr(org, "id")
	out, err := o.fullOrgJSON(x, org, limit)
	if err != nil {
		return nil, err
	}
	if err := o.requireMembership(x, s, orgID); err != nil {
		return nil, err
	}
	return out, nil
}

// fullOrgJSON is findFullOrganization's answer.
func (o *orgRuntime) fullOrgJSON(x *core.Context, org core.Record, limit int) (json.RawMessage, error) {
	orgID := orgStr(org, "id")
	invs, err := x.Find("invitation", core.Where{Field: "organizationId", Value: orgID})
	if err != nil {
		return nil, err
	}
	members, err := x.Find("member", core.Where{Field: "organizationId", Value: orgID})
	if err != nil {
		return nil, err
	}
	if len(members) > limit {
		members = members[:limit]
	}
	if len(invs) > 100 {
		invs = invs[:100]
	}
	out, err := orgJSON(x, org)
	if err != nil {
		return nil, err
	}
	invJSON := make([]json.RawMessage, 0, len(invs))
	for _, inv := range invs {
		b, err := x.Row("invitation", inv)
		if err != nil {
			return nil, err
		}
		invJSON = append(invJSON, b)
	}
	memJSON := make([]json.RawMessage, 0, len(members))
	for _, m := range members {
		u, err := x.FindOne("user", core.Where{Field: "id", Value: m["userId"]})
		if err != nil {
			return nil, err
		}
		if u == nil {
			return nil, core.NewEmptyAPIError(http.StatusInternalServerError)
		}
		b, err := memberJSON(x, m, u)
		if err != nil {
			return nil, err
		}
		memJSON = append(memJSON, b)
	}
	out = withField(out, "invitations", jsonList(invJSON))
	out = withField(out, "members", jsonList(memJSON))
	teams, err := o.fullOrgTeams(x, orgID)
	if err != nil {
		return nil, err
	}
	if teams != nil {
		out = withField(out, "teams", teams)
	}
	return out, nil
}

// leadingInt is the digits parseInt reads from the start of s.
func leadingInt(s string) string {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// listOrgs is GET /organization/list.
func (o *orgRuntime) listOrgs(x *core.Context) (json.RawMessage, error) {
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	orgs, err := userOrgs(x, s.User.ID)
	if err != nil {
		return nil, err
	}
	items := make([]json.RawMessage, 0, len(orgs))
	for _, org := range orgs {
		b, err := orgJSON(x, org)
		if err != nil {
			return nil, err
		}
		items = append(items, b)
	}
	return jsonList(items), nil
}

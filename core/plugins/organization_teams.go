package plugins

// Teams (Better Auth 1.7.5's teams option: routes/crud-team.ts and the
// team parts of adapter.ts, crud-org.ts, crud-invites.ts and
// crud-members.ts). This file holds what the organization core calls
// (the default team on create, get-full-organization's teams, an
// invitation's teams, joining them on accept, leaving them with the
// organization); the endpoints are in organization_teams_endpoints.go,
// memberships and the seat counter in organization_teams_members.go, the
// options in organization_teams_options.go. With Teams off every hook
// here does nothing and no team endpoint is served.

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/authctl/authctl/core"
)

// teamEndpoints are the team endpoints (crud-team.ts), served with Teams
// (organization_teams_endpoints.go, organization_teams_members.go).
func (o *orgRuntime) teamEndpoints() []core.Endpoint { return o.teamEndpointList() }

// onOrganizationCreated runs in /organization/create after the creator's
// membership is written and before the active organization is set: the
// default team, named after the organization, with the creator as its
// member, made the session's active team when setActive (adapter
// setActiveTeam: the row only, no cookie, as the active organization).
func (o *orgRuntime) onOrganizationCreated(x *core.Context, s *core.SessionData, org, _, user core.Record, setActive bool) error {
	if !o.teams || o.ext.team.DisableDefaultTeam {
		return nil
	}
	row := core.Record{"organizationId": org["id"], "name": org["name"], "createdAt": x.Now()}
	h := o.opts.Hooks
	if h.BeforeCreateTeam != nil {
		data, err := h.BeforeCreateTeam(x, core.Record{"organizationId": org["id"], "name": org["name"]}, user, org)
		if err != nil {
			return err
		}
		merge(row, data)
	}
	team, err := createTeamRow(x, row)
	if err != nil {
		return err
	}
	tm, err := findOrCreateTeamMember(x, orgStr(team, "id"), orgStr(user, "id"))
	if err != nil {
		return err
	}
	if h.AfterCreateTeam != nil {
		if err := h.AfterCreateTeam(x, teamOut(team), user, org); err != nil {
			return err
		}
	}
	if tm != nil && s != nil && setActive {
		_, err = x.UpdateSession(s.Session.Token, core.Record{"activeTeamId": tm["teamId"]})
	}
	return err
}

// fullOrgTeams is get-full-organization's "teams" value (nil: the key is
// left out, as with teams off): the organization's team rows as the join
// reads them.
func (o *orgRuntime) fullOrgTeams(x *core.Context, orgID string) (json.RawMessage, error) {
	if !o.teams {
		return nil, nil
	}
	teams, err := listOrgTeams(x, orgID)
	if err != nil {
		return nil, err
	}
	// The join reads memberCount too (returned: false is not applied to
	// it), after name as in the table.
	items := make([]json.RawMessage, 0, len(teams))
	for _, t := range teams {
		row, err := x.Row("team", t)
		if err != nil {
			return nil, err
		}
		name, _ := core.JSON(t["name"])
		count, _ := core.JSON(t["memberCount"])
		prefix := `{"name":` + string(name)
		if strings.HasPrefix(string(row), prefix) {
			row = json.RawMessage(prefix + `,"memberCount":` + string(count) + string(row[len(prefix):]))
		}
		items = append(items, row)
	}
	return jsonList(items), nil
}

// invitationTeams checks invite-member's body.teamId (a string or an
// array of strings, already validated) for organization orgID and returns
// the invitation's teamId value ("a,b"; nil without teams). With teams
// off the field is not written at all.
func (o *orgRuntime) invitationTeams(x *core.Context, s *core.SessionData, body map[string]any, orgID string) (any, error) {
	if !o.teams {
		return nil, nil
	}
	// A string is the one team (even "", which is stored as ""); an array
	// its teams. Only a truthy teamId is checked.
	var ids []string
	switch t := body["teamId"].(type) {
	case string:
		ids = []string{t}
	case []any:
		for _, e := range t {
			if id, ok := e.(string); ok {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	if !core.Truthy(body["teamId"]) {
		return strings.Join(ids, ","), nil
	}
	for _, id := range ids {
		if strings.Contains(id, ",") {
			return nil, orgError(http.StatusBadRequest, "INVALID_TEAM_ID")
		}
	}
	for _, id := range ids {
		if t, err := findTeam(x, id, orgID); err != nil {
			return nil, err
		} else if t == nil {
			return nil, orgError(http.StatusBadRequest, "TEAM_NOT_FOUND")
		}
	}
	if o.ext.team.MaximumMembersPerTeam > 0 || o.ext.team.MaximumMembersPerTeamFunc != nil {
		for _, id := range ids {
			max, _, err := o.teamLimit(x, id, orgID, s)
			if err != nil {
				return nil, err
			}
			members, err := x.Find("teamMember", core.Where{Field: "teamId", Value: id})
			if err != nil {
				return nil, err
			}
			if len(members) >= max {
				return nil, orgError(http.StatusForbidden, "TEAM_MEMBER_LIMIT_REACHED")
			}
		}
	}
	return strings.Join(ids, ","), nil
}

// onInvitationAccepted runs in accept-invitation before the membership is
// created: the invitation's teams joined (within maximumMembersPerTeam)
// and, for an invitation to one team, that team made active with the
// session cookie rewritten (setSessionCookie).
func (o *orgRuntime) onInvitationAccepted(x *core.Context, s *core.SessionData, inv core.Record) error {
	ids := orgStr(inv, "teamId")
	if !o.teams || ids == "" {
		return nil
	}
	orgID := orgStr(inv, "organizationId")
	list := strings.Split(ids, ",")
	// Better Auth joins the teams in a transaction: a team that is gone or
	// full undoes the memberships this request made.
	var joined []string
	undo := func(err error) error {
		for _, id := range joined {
			if uerr := leaveTeam(x, id, s.User.ID); uerr != nil {
				return uerr
			}
		}
		return err
	}
	for _, id := range list {
		if t, err := findTeam(x, id, orgID); err != nil {
			return undo(err)
		} else if t == nil {
			return undo(orgError(http.StatusBadRequest, "TEAM_NOT_FOUND"))
		}
		before, err := findTeamMember(x, id, s.User.ID)
		if err != nil {
			return undo(err)
		}
		if _, err := o.joinTeam(x, id, s.User.ID, orgID, s); err != nil {
			return undo(err)
		}
		if before == nil {
			joined = append(joined, id)
		}
	}
	if len(list) == 1 {
		if _, err := x.UpdateSession(s.Session.Token, core.Record{"activeTeamId": list[0]}); err != nil {
			return err
		}
		x.RefreshSessionCookie(s.Session.Token)
	}
	return nil
}

// onMemberRemoved runs when a membership is deleted (remove-member,
// leave): the user's memberships of the organization's teams go too, and
// their seats are released.
func (o *orgRuntime) onMemberRemoved(x *core.Context, orgID, userID string) error {
	if !o.teams {
		return nil
	}
	teams, err := listOrgTeams(x, orgID)
	if err != nil {
		return err
	}
	for _, t := range teams {
		if err := leaveTeam(x, orgStr(t, "id"), userID); err != nil {
			return err
		}
	}
	return nil
}

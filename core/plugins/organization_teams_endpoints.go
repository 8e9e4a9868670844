package plugins

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/authctl/authctl/core"
)

// Teams (routes/crud-team.ts and the team parts of adapter.ts): the team
// endpoints on teams; set-active-team and list-user-teams are in
// organization_teams_session.go, memberships and seats in
// organization_teams_members.go.

// teamEndpointList are the team endpoints, in Better Auth's order.
func (o *orgRuntime) teamEndpointList() []core.Endpoint {
	if !o.teams {
		return nil
	}
	return []core.Endpoint{
		orgPost("/organization/create-team", o.createTeam),
		orgGet("/organization/list-teams", o.listTeams),
		orgPost("/organization/remove-team", o.removeTeam),
		orgPost("/organization/update-team", o.updateTeam),
		orgPost("/organization/set-active-team", o.setActiveTeam),
		orgGet("/organization/list-user-teams", o.listUserTeams),
		orgGet("/organization/list-team-members", o.listTeamMembers),
		orgPost("/organization/add-team-member", o.addTeamMember),
		orgPost("/organization/remove-team-member", o.removeTeamMember),
	}
}

// activeTeamID is the session's activeTeamId, or "".
func activeTeamID(s *core.SessionData) string {
	id, _ := s.Session.Fields["activeTeamId"].(string)
	return id
}

// findTeam is findTeamById: the team with id (in orgID unless ""), or nil.
func findTeam(x *core.Context, id, orgID string) (core.Record, error) {
	where := []core.Where{{Field: "id", Value: id}}
	if orgID != "" {
		where = append(where, core.Where{Field: "organizationId", Value: orgID})
	}
	return x.FindOne("team", where...)
}

// listOrgTeams is listTeams.
func listOrgTeams(x *core.Context, orgID string) ([]core.Record, error) {
	return x.Find("team", core.Where{Field: "organizationId", Value: orgID})
}

// rowsJSON is the JSON array of rows of table.
func rowsJSON(x *core.Context, table string, rows []core.Record) (json.RawMessage, error) {
	items := make([]json.RawMessage, 0, len(rows))
	for _, r := range rows {
		j, err := x.Row(table, r)
		if err != nil {
			return nil, err
		}
		items = append(items, j)
	}
	return jsonList(items), nil
}

// teamOut is a team row as the adapter hands it out: without memberCount
// (nil stays nil).
func teamOut(t core.Record) core.Record {
	if t == nil {
		return nil
	}
	out := core.Record{}
	for k, v := range t {
		if k != "memberCount" {
			out[k] = v
		}
	}
	return out
}

// createTeamRow is adapter.createTeam: the row with memberCount 0.
func createTeamRow(x *core.Context, row core.Record) (core.Record, error) {
	row["memberCount"] = int64(0)
	return x.Create("team", row)
}

// createTeam is POST /organization/create-team.
func (o *orgRuntime) createTeam(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	body := x.Body()
	var name, orgID string
	extra := core.Record{}
	if v.IsObject() {
		name, _ = teamString(v, body, "name", "name", false)
		orgID, _ = teamString(v, body, "organizationId", "organizationId", true)
		additionalInput(v, body, o.ext.teamInput, "", false, extra)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := x.Session()
	if err != nil {
		return nil, err
	}
	if orgID == "" && s != nil {
		orgID = activeOrgID(s)
	}
	if s == nil {
		return nil, core.NewEmptyAPIError(http.StatusUnauthorized)
	}
	if orgID == "" {
		return nil, orgError(http.StatusBadRequest, "NO_ACTIVE_ORGANIZATION")
	}
	_, err = o.permittedMember(x, s.User.ID, orgID, "team", "create", orgError(http.StatusForbidden, "YOU_ARE_NOT_ALLOWED_TO_INVITE_USERS_TO_THIS_ORGANIZATION"), "YOU_ARE_NOT_ALLOWED_TO_CREATE_TEAMS_IN_THIS_ORGANIZATION")
	if err != nil {
		return nil, err
	}
	teams, err := listOrgTeams(x, orgID)
	if err != nil {
		return nil, err
	}
	max := o.ext.team.MaximumTeams
	if f := o.ext.team.MaximumTeamsFunc; f != nil {
		if max, err = f(x, orgID, s); err != nil {
			return nil, err
		}
	}
	if max > 0 && len(teams) >= max {
		return nil, orgError(http.StatusBadRequest, "YOU_HAVE_REACHED_THE_MAXIMUM_NUMBER_OF_TEAMS")
	}
	org, err := findOrg(x, orgID)
	if err != nil {
		return nil, err
	}
	if org == nil {
		return nil, orgError(http.StatusBadRequest, "ORGANIZATION_NOT_FOUND")
	}
	row := core.Record{"name": name, "organizationId": orgID, "createdAt": x.Now(), "updatedAt": x.Now()}
	for k, val := range extra {
		row[k] = val
	}
	h := o.opts.Hooks
	if h.BeforeCreateTeam != nil {
		seen := core.Record{"name": name, "organizationId": orgID}
		for k, val := range extra {
			seen[k] = val
		}
		data, err := h.BeforeCreateTeam(x, seen, sessionUser(s), org)
		if err != nil {
			return nil, err
		}
		merge(row, data)
	}
	team, err := createTeamRow(x, row)
	if err != nil {
		return nil, err
	}
	if h.AfterCreateTeam != nil {
		if err := h.AfterCreateTeam(x, teamOut(team), sessionUser(s), org); err != nil {
			return nil, err
		}
	}
	return x.Row("team", team)
}

// listTeams is GET /organization/list-teams.
func (o *orgRuntime) listTeams(x *core.Context) (json.RawMessage, error) {
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	orgID := x.Request().URL.Query().Get("organizationId")
	if orgID == "" {
		orgID = activeOrgID(s)
	}
	if orgID == "" {
		return nil, orgError(http.StatusBadRequest, "NO_ACTIVE_ORGANIZATION")
	}
	if ok, err := isMember(x, s.User.ID, orgID); err != nil {
		return nil, err
	} else if !ok {
		return nil, orgError(http.StatusForbidden, "YOU_ARE_NOT_ALLOWED_TO_ACCESS_THIS_ORGANIZATION")
	}
	teams, err := listOrgTeams(x, orgID)
	if err != nil {
		return nil, err
	}
	return rowsJSON(x, "team", teams)
}

// removeTeam is POST /organization/remove-team.
func (o *orgRuntime) removeTeam(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	body := x.Body()
	var teamID, orgID string
	if v.IsObject() {
		teamID, _ = teamString(v, body, "teamId", "teamId", false)
		orgID, _ = teamString(v, body, "organizationId", "organizationId", true)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := x.Session()
	if err != nil {
		return nil, err
	}
	if orgID == "" && s != nil {
		orgID = activeOrgID(s)
	}
	if orgID == "" {
		return nil, orgError(http.StatusBadRequest, "NO_ACTIVE_ORGANIZATION")
	}
	if s == nil {
		return nil, core.NewEmptyAPIError(http.StatusUnauthorized)
	}
	member, _, err := findMember(x, s.User.ID, orgID)
	if err != nil {
		return nil, err
	}
	if member == nil || activeTeamID(s) == teamID {
		return nil, orgError(http.StatusForbidden, "YOU_ARE_NOT_ALLOWED_TO_DELETE_THIS_TEAM")
	}
	if ok, err := o.can(x, member, orgID, "team", "delete"); err != nil {
		return nil, err
	} else if !ok {
		return nil, orgError(http.StatusForbidden, "YOU_ARE_NOT_ALLOWED_TO_DELETE_TEAMS_IN_THIS_ORGANIZATION")
	}
	team, err := findTeam(x, teamID, orgID)
	if err != nil {
		return nil, err
	}
	if team == nil {
		return nil, orgError(http.StatusBadRequest, "TEAM_NOT_FOUND")
	}
	if !o.ext.team.AllowRemovingAllTeams {
		teams, err := listOrgTeams(x, orgID)
		if err != nil {
			return nil, err
		}
		if len(teams) <= 1 {
			return nil, orgError(http.StatusBadRequest, "UNABLE_TO_REMOVE_LAST_TEAM")
		}
	}
	org, err := findOrg(x, orgID)
	if err != nil {
		return nil, err
	}
	if org == nil {
		return nil, orgError(http.StatusBadRequest, "ORGANIZATION_NOT_FOUND")
	}
	h := o.opts.Hooks
	if h.BeforeDeleteTeam != nil {
		if err := h.BeforeDeleteTeam(x, teamOut(team), sessionUser(s), org); err != nil {
			return nil, err
		}
	}
	if err := x.Delete("teamMember", core.Where{Field: "teamId", Value: team["id"]}); err != nil {
		return nil, err
	}
	if err := x.Delete("team", core.Where{Field: "id", Value: team["id"]}); err != nil {
		return nil, err
	}
	// Pending invitations to the team lose it from their teamId list.
	invs, err := pendingInvitations(x, orgID, "")
	if err != nil {
		return nil, err
	}
	for _, inv := range invs {
		ids := orgStr(inv, "teamId")
		if ids == "" {
			continue
		}
		list := strings.Split(ids, ",")
		var rest []string
		found := false
		for _, id := range list {
			if id == teamID {
				found = true
			} else {
				rest = append(rest, id)
			}
		}
		if !found {
			continue
		}
		var val any
		if len(rest) > 0 {
			val = strings.Join(rest, ",")
		}
		if _, err := x.Update("invitation", core.Record{"teamId": val}, core.Where{Field: "id", Value: inv["id"]}); err != nil {
			return nil, err
		}
	}
	if h.AfterDeleteTeam != nil {
		if err := h.AfterDeleteTeam(x, teamOut(team), sessionUser(s), org); err != nil {
			return nil, err
		}
	}
	return json.RawMessage(`{"message":"Team removed successfully."}`), nil
}

// updateTeam is POST /organization/update-team.
func (o *orgRuntime) updateTeam(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	body := x.Body()
	var teamID, name, orgID string
	var nameGiven bool
	extra := core.Record{}
	if v.IsObject() {
		teamID, _ = teamString(v, body, "teamId", "teamId", false)
		raw, given := body["data"]
		d, isObj := raw.(map[string]any)
		switch {
		case !given:
			v.Issue("data", "Invalid input: expected object, received undefined")
		case !isObj:
			v.Issue("data", "Invalid input: expected object, received "+jsTypeOf(raw))
		default:
			if raw, ok := d["name"]; ok {
				s, isStr := raw.(string)
				switch {
				case !isStr:
					v.Issue("data.name", "Invalid input: expected string, received "+jsTypeOf(raw))
				case s == "":
					v.Issue("data.name", "Too small: expected string to have >=1 characters")
				default:
					name, nameGiven = s, true
				}
			}
			orgID, _ = teamString(v, d, "organizationId", "data.organizationId", true)
			additionalInput(v, d, o.ext.teamInput, "data.", true, extra)
		}
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
		return nil, orgError(http.StatusBadRequest, "NO_ACTIVE_ORGANIZATION")
	}
	_, err = o.permittedMember(x, s.User.ID, orgID, "team", "update", orgError(http.StatusForbidden, "YOU_ARE_NOT_ALLOWED_TO_UPDATE_THIS_TEAM"), "YOU_ARE_NOT_ALLOWED_TO_UPDATE_THIS_TEAM")
	if err != nil {
		return nil, err
	}
	team, err := findTeam(x, teamID, orgID)
	if err != nil {
		return nil, err
	}
	if team == nil {
		return nil, orgError(http.StatusBadRequest, "TEAM_NOT_FOUND")
	}
	org, err := findOrg(x, orgID)
	if err != nil {
		return nil, err
	}
	if org == nil {
		return nil, orgError(http.StatusBadRequest, "ORGANIZATION_NOT_FOUND")
	}
	updates := core.Record{}
	if nameGiven {
		updates["name"] = name
	}
	for k, val := range extra {
		updates[k] = val
	}
	h := o.opts.Hooks
	if h.BeforeUpdateTeam != nil {
		data, err := h.BeforeUpdateTeam(x, teamOut(team), updates, sessionUser(s), org)
		if err != nil {
			return nil, err
		}
		if data != nil {
			// Better Auth writes the hook's data in place of the updates.
			updates = data
		}
	}
	set := core.Record{"updatedAt": x.Now()}
	for k, val := range updates {
		if k != "id" {
			set[k] = val
		}
	}
	if _, err := x.Update("team", set, core.Where{Field: "id", Value: team["id"]}); err != nil {
		return nil, err
	}
	updated, err := findTeam(x, orgStr(team, "id"), "")
	if err != nil {
		return nil, err
	}
	if h.AfterUpdateTeam != nil {
		if err := h.AfterUpdateTeam(x, teamOut(updated), sessionUser(s), org); err != nil {
			return nil, err
		}
	}
	if updated == nil {
		return json.RawMessage("null"), nil
	}
	return x.Row("team", updated)
}

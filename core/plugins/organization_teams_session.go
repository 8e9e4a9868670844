package plugins

import (
	"encoding/json"
	"net/http"

	"github.com/authctl/authctl/core"
)

// The team endpoints about the caller: the active team (set-active-team)
// and the teams of a user (list-user-teams).

// setActiveTeam is POST /organization/set-active-team.
func (o *orgRuntime) setActiveTeam(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	body := x.Body()
	var teamID string
	var null bool
	if v.IsObject() {
		raw, given := body["teamId"]
		switch t := raw.(type) {
		case string:
			teamID = t
		case nil:
			null = given
		default:
			v.Issue("teamId", "Invalid input: expected string, received "+jsTypeOf(raw))
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	token := s.Session.Token
	if null {
		if activeTeamID(s) == "" {
			return json.RawMessage("null"), nil
		}
		if _, err := x.UpdateSession(token, core.Record{"activeTeamId": nil}); err != nil {
			return nil, err
		}
		x.RefreshSessionCookie(token)
		return json.RawMessage("null"), nil
	}
	if teamID == "" {
		if teamID = activeTeamID(s); teamID == "" {
			return json.RawMessage("null"), nil
		}
	}
	orgID := activeOrgID(s)
	if orgID == "" {
		return nil, orgError(http.StatusBadRequest, "NO_ACTIVE_ORGANIZATION")
	}
	team, err := findTeam(x, teamID, orgID)
	if err != nil {
		return nil, err
	}
	if team == nil {
		return nil, orgError(http.StatusBadRequest, "TEAM_NOT_FOUND")
	}
	if tm, err := findTeamMember(x, teamID, s.User.ID); err != nil {
		return nil, err
	} else if tm == nil {
		return nil, orgError(http.StatusForbidden, "USER_IS_NOT_A_MEMBER_OF_THE_TEAM")
	}
	if _, err := x.UpdateSession(token, core.Record{"activeTeamId": team["id"]}); err != nil {
		return nil, err
	}
	x.RefreshSessionCookie(token)
	return x.Row("team", team)
}

// listUserTeams is GET /organization/list-user-teams.
func (o *orgRuntime) listUserTeams(x *core.Context) (json.RawMessage, error) {
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	q := x.Request().URL.Query()
	target := q.Get("userId")
	if target == "" {
		target = s.User.ID
	}
	explicit := q.Get("organizationId")
	orgID := explicit
	if orgID == "" {
		orgID = activeOrgID(s)
	}
	inOrg := func(teams []core.Record) []core.Record {
		var out []core.Record
		for _, t := range teams {
			if orgStr(t, "organizationId") == orgID {
				out = append(out, t)
			}
		}
		return out
	}
	if target != s.User.ID {
		if orgID == "" {
			return nil, orgError(http.StatusBadRequest, "NO_ACTIVE_ORGANIZATION")
		}
		requester, _, err := findMember(x, s.User.ID, orgID)
		if err != nil {
			return nil, err
		}
		if requester == nil {
			return nil, orgError(http.StatusForbidden, "YOU_ARE_NOT_A_MEMBER_OF_THIS_ORGANIZATION")
		}
		if ok, err := o.can(x, requester, orgID, "member", "update"); err != nil {
			return nil, err
		} else if !ok {
			return nil, orgError(http.StatusForbidden, "YOU_ARE_NOT_ALLOWED_TO_UPDATE_THIS_MEMBER")
		}
		if m, _, err := findMember(x, target, orgID); err != nil {
			return nil, err
		} else if m == nil {
			return nil, orgError(http.StatusBadRequest, "USER_IS_NOT_A_MEMBER_OF_THE_ORGANIZATION")
		}
		teams, err := teamsOfUser(x, target)
		if err != nil {
			return nil, err
		}
		return rowsJSON(x, "team", inOrg(teams))
	}
	if explicit != "" {
		if m, _, err := findMember(x, s.User.ID, orgID); err != nil {
			return nil, err
		} else if m == nil {
			return nil, orgError(http.StatusForbidden, "YOU_ARE_NOT_A_MEMBER_OF_THIS_ORGANIZATION")
		}
		teams, err := teamsOfUser(x, s.User.ID)
		if err != nil {
			return nil, err
		}
		return rowsJSON(x, "team", inOrg(teams))
	}
	teams, err := teamsOfUser(x, s.User.ID)
	if err != nil {
		return nil, err
	}
	member := map[string]bool{}
	var out []core.Record
	for _, t := range teams {
		id := orgStr(t, "organizationId")
		ok, seen := member[id]
		if !seen {
			if ok, err = isMember(x, s.User.ID, id); err != nil {
				return nil, err
			}
			member[id] = ok
		}
		if ok {
			out = append(out, t)
		}
	}
	return rowsJSON(x, "team", out)
}

// teamsOfUser is listTeamsByUser: the teams of userID's team
// memberships, in the memberships' order.
func teamsOfUser(x *core.Context, userID string) ([]core.Record, error) {
	tms, err := x.Find("teamMember", core.Where{Field: "userId", Value: userID})
	if err != nil {
		return nil, err
	}
	var out []core.Record
	for _, tm := range tms {
		t, err := findTeam(x, orgStr(tm, "teamId"), "")
		if err != nil {
			return nil, err
		}
		if t != nil {
			out = append(out, t)
		}
	}
	return out, nil
}

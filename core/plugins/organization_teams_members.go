package plugins

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/authctl/authctl/core"
)

// Team memberships (adapter.ts): a teamMember row carries membershipKey,
// base64url(SHA-256(JSON.stringify([teamId, userId]))), unique, so that a
// user joins a team once however many requests race; team.memberCount is
// the seat counter maximumMembersPerTeam is enforced on. Better Auth moves
// it with the adapter's incrementOne (an UPDATE guarded by a condition);
// here each move is a compare-and-set on the value read, retried as
// Better Auth's atomic fallback does. Like incrementOne with only an
// increment, the moves leave team.updatedAt alone; the resync of a
// counter below the row count (incrementOne with set) updates it.

// counterAttempts is how often a counter move is retried under
// contention: each failed attempt means another request moved it, so this
// bounds the concurrent joins of one team a request waits out (Better
// Auth's SQL adapters move it in one statement; its fallback tries 5
// times).
const counterAttempts = 20

// seatWaits and seatWait bound how long a join waits for seats that
// joins in flight hold (reserved, membership not yet written or given
// back) before it finds the team full.
const (
	seatWaits = 50
	seatWait  = 10 * time.Millisecond
)

var errCounterContention = errors.New("organization: team.memberCount changed concurrently too often; retry the request")

// membershipKey is computeTeamMembershipKey.
func membershipKey(teamID, userID string) string {
	b, _ := core.JSON([]string{teamID, userID})
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// findTeamMember is findTeamMember: userID's membership of teamID, or nil.
func findTeamMember(x *core.Context, teamID, userID string) (core.Record, error) {
	return x.FindOne("teamMember", core.Where{Field: "teamId", Value: teamID}, core.Where{Field: "userId", Value: userID})
}

// findTeamMemberByKey is findTeamMemberByKeyOrPair.
func findTeamMemberByKey(x *core.Context, teamID, userID, key string) (core.Record, error) {
	tm, err := x.FindOne("teamMember", core.Where{Field: "membershipKey", Value: key})
	if err != nil || tm != nil {
		return tm, err
	}
	return findTeamMember(x, teamID, userID)
}

// memberCount reads team.memberCount (nil counts as 0); found is false
// when the team is gone.
func memberCount(x *core.Context, teamID string) (n int64, found bool, err error) {
	t, err := x.FindOne("team", core.Where{Field: "id", Value: teamID})
	if err != nil || t == nil {
		return 0, false, err
	}
	switch v := t["memberCount"].(type) {
	case int64:
		n = v
	case float64:
		n = int64(v)
	}
	return n, true, nil
}

// moveCounter sets memberCount to next(current) while ok(current),
// as incrementOne does: a compare-and-set on the value read, retried.
// It reports whether the counter moved (false: the condition failed, or
// the team is gone). touch also sets updatedAt.
func moveCounter(x *core.Context, teamID string, ok func(int64) bool, next func(int64) int64, touch bool) (bool, error) {
	for i := 0; i < counterAttempts; i++ {
		n, found, err := memberCount(x, teamID)
		if err != nil || !found || !ok(n) {
			return false, err
		}
		set := core.Record{"memberCount": next(n)}
		if touch {
			set["updatedAt"] = x.Now()
		}
		moved, err := x.Update("team", set, core.Where{Field: "id", Value: teamID}, core.Where{Field: "memberCount", Value: n})
		if err != nil {
			return false, err
		}
		if moved == 1 {
			return true, nil
		}
	}
	return false, errCounterContention
}

// syncTeamMemberCount raises memberCount to the team's membership rows
// when it is below them.
func syncTeamMemberCount(x *core.Context, teamID string) error {
	rows, err := x.Find("teamMember", core.Where{Field: "teamId", Value: teamID})
	if err != nil {
		return err
	}
	c := int64(len(rows))
	_, err = moveCounter(x, teamID, func(n int64) bool { return n < c }, func(int64) int64 { return c }, true)
	return err
}

// releaseTeamSeats lowers memberCount by count when it holds that many.
func releaseTeamSeats(x *core.Context, teamID string, count int) error {
	if count <= 0 {
		return nil
	}
	c := int64(count)
	_, err := moveCounter(x, teamID, func(n int64) bool { return n >= c }, func(n int64) int64 { return n - c }, false)
	return err
}

// createTeamMemberWithKey inserts the membership; when the insert fails
// because it exists (the unique key), the existing row is returned with
// created false.
func createTeamMemberWithKey(x *core.Context, teamID, userID, key string) (tm core.Record, created bool, err error) {
	tm, err = x.Create("teamMember", core.Record{"teamId": teamID, "userId": userID, "membershipKey": key, "createdAt": x.Now()})
	if err == nil {
		return tm, true, nil
	}
	existing, ferr := findTeamMemberByKey(x, teamID, userID, key)
	if ferr == nil && existing != nil {
		return existing, false, nil
	}
	return nil, false, err
}

// findOrCreateTeamMember is findOrCreateTeamMember: userID joins teamID
// (once), the counter follows. Better Auth counts the seat after writing
// the membership, inside a transaction; without one the seat is counted
// first and given back when the membership was not written, so that a
// concurrent resync never sees more memberships than seats.
func findOrCreateTeamMember(x *core.Context, teamID, userID string) (core.Record, error) {
	return addTeamMemberWithLimit(x, teamID, userID, -1)
}

// addTeamMemberWithLimit is addTeamMemberWithLimit: a seat is reserved
// on the counter before the membership is written; nil, nil when the
// team is full (max < 0: no limit).
func addTeamMemberWithLimit(x *core.Context, teamID, userID string, max int) (core.Record, error) {
	key := membershipKey(teamID, userID)
	if tm, err := findTeamMemberByKey(x, teamID, userID, key); err != nil || tm != nil {
		return tm, err
	}
	if err := syncTeamMemberCount(x, teamID); err != nil {
		return nil, err
	}
	limit := int64(max)
	var reserved bool
	for attempt := 0; ; attempt++ {
		var err error
		reserved, err = moveCounter(x, teamID, func(n int64) bool { return max < 0 || n < limit }, func(n int64) int64 { return n + 1 }, false)
		if err != nil {
			return nil, err
		}
		if reserved || max < 0 {
			break
		}
		// Full. Better Auth's transaction would have waited for the joins
		// in flight: one of them may be this user's (its membership is the
		// answer), or may give its seat back.
		if tm, err := findTeamMemberByKey(x, teamID, userID, key); err != nil || tm != nil {
			return tm, err
		}
		rows, err := x.Find("teamMember", core.Where{Field: "teamId", Value: teamID})
		if err != nil {
			return nil, err
		}
		if len(rows) >= max || attempt >= seatWaits {
			return nil, nil
		}
		time.Sleep(seatWait)
	}
	// Without a limit a missing team row (no counter) still gets the
	// membership, as Better Auth's unguarded write does.
	tm, created, err := createTeamMemberWithKey(x, teamID, userID, key)
	if reserved && (err != nil || !created) {
		if rerr := releaseTeamSeats(x, teamID, 1); rerr != nil && err == nil {
			err = rerr
		}
	}
	return tm, err
}

// teamLimit is maximumMembersPerTeam for teamID: set false without one.
func (o *orgRuntime) teamLimit(x *core.Context, teamID, orgID string, s *core.SessionData) (max int, set bool, err error) {
	t := o.ext.team
	if f := t.MaximumMembersPerTeamFunc; f != nil {
		max, err = f(x, teamID, orgID, s)
		if max < 0 {
			max = 0 // no seat is below a negative limit either
		}
		return max, err == nil, err
	}
	return t.MaximumMembersPerTeam, t.MaximumMembersPerTeam > 0, nil
}

// joinTeam adds userID to teamID within its limit: 403
// TEAM_MEMBER_LIMIT_REACHED when it is full.
func (o *orgRuntime) joinTeam(x *core.Context, teamID, userID, orgID string, s *core.SessionData) (core.Record, error) {
	max, limited, err := o.teamLimit(x, teamID, orgID, s)
	if err != nil {
		return nil, err
	}
	if !limited {
		return findOrCreateTeamMember(x, teamID, userID)
	}
	tm, err := addTeamMemberWithLimit(x, teamID, userID, max)
	if err == nil && tm == nil {
		err = orgError(http.StatusForbidden, "TEAM_MEMBER_LIMIT_REACHED")
	}
	return tm, err
}

// teamMemberBody reads add-team-member's and remove-team-member's body.
func teamMemberBody(x *core.Context) (teamID, userID, orgID string, err error) {
	v := x.Validate()
	body := x.Body()
	if v.IsObject() {
		teamID, _ = teamString(v, body, "teamId", "teamId", false)
		userID = coerceString(v, body, "userId")
		orgID, _ = teamString(v, body, "organizationId", "organizationId", true)
	}
	return teamID, userID, orgID, v.Err()
}

// teamMemberCall is what add-team-member and remove-team-member checked.
type teamMemberCall struct {
	s               *core.SessionData
	orgID           string
	team, org, user core.Record
}

// teamMemberChecks are the checks add-team-member and remove-team-member
// share: the caller's membership and permission (resource "member",
// action), userID's membership, the team, the organization and the user.
func (o *orgRuntime) teamMemberChecks(x *core.Context, teamID, userID, orgID, action, denied string) (*teamMemberCall, error) {
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
	current, _, err := findMember(x, s.User.ID, orgID)
	if err != nil {
		return nil, err
	}
	if current == nil {
		return nil, orgError(http.StatusBadRequest, "USER_IS_NOT_A_MEMBER_OF_THE_ORGANIZATION")
	}
	if ok, err := o.can(x, current, orgID, "member", action); err != nil {
		return nil, err
	} else if !ok {
		return nil, orgError(http.StatusForbidden, denied)
	}
	if m, _, err := findMember(x, userID, orgID); err != nil {
		return nil, err
	} else if m == nil {
		return nil, orgError(http.StatusBadRequest, "USER_IS_NOT_A_MEMBER_OF_THE_ORGANIZATION")
	}
	c := &teamMemberCall{s: s, orgID: orgID}
	if c.team, err = findTeam(x, teamID, orgID); err != nil {
		return nil, err
	} else if c.team == nil {
		return nil, orgError(http.StatusBadRequest, "TEAM_NOT_FOUND")
	}
	if c.org, err = findOrg(x, orgID); err != nil {
		return nil, err
	} else if c.org == nil {
		return nil, orgError(http.StatusBadRequest, "ORGANIZATION_NOT_FOUND")
	}
	if c.user, err = x.FindOne("user", core.Where{Field: "id", Value: userID}); err != nil {
		return nil, err
	} else if c.user == nil {
		return nil, core.NewAPIError(http.StatusBadRequest, "", "User not found")
	}
	return c, nil
}

// addTeamMember is POST /organization/add-team-member.
func (o *orgRuntime) addTeamMember(x *core.Context) (json.RawMessage, error) {
	teamID, userID, orgID, err := teamMemberBody(x)
	if err != nil {
		return nil, err
	}
	c, err := o.teamMemberChecks(x, teamID, userID, orgID, "update", "YOU_ARE_NOT_ALLOWED_TO_CREATE_A_NEW_TEAM_MEMBER")
	if err != nil {
		return nil, err
	}
	h := o.opts.Hooks
	if h.BeforeAddTeamMember != nil {
		// Better Auth ignores what this hook returns.
		if _, err := h.BeforeAddTeamMember(x, core.Record{"teamId": teamID, "userId": userID}, teamOut(c.team), c.user, c.org); err != nil {
			return nil, err
		}
	}
	tm, err := o.joinTeam(x, teamID, userID, c.orgID, c.s)
	if err != nil {
		return nil, err
	}
	if h.AfterAddTeamMember != nil {
		if err := h.AfterAddTeamMember(x, tm, teamOut(c.team), c.user, c.org); err != nil {
			return nil, err
		}
	}
	return x.Row("teamMember", tm)
}

// removeTeamMember is POST /organization/remove-team-member.
func (o *orgRuntime) removeTeamMember(x *core.Context) (json.RawMessage, error) {
	teamID, userID, orgID, err := teamMemberBody(x)
	if err != nil {
		return nil, err
	}
	c, err := o.teamMemberChecks(x, teamID, userID, orgID, "delete", "YOU_ARE_NOT_ALLOWED_TO_REMOVE_A_TEAM_MEMBER")
	if err != nil {
		return nil, err
	}
	tm, err := findTeamMember(x, teamID, userID)
	if err != nil {
		return nil, err
	}
	if tm == nil {
		return nil, orgError(http.StatusBadRequest, "USER_IS_NOT_A_MEMBER_OF_THE_TEAM")
	}
	h := o.opts.Hooks
	if h.BeforeRemoveTeamMember != nil {
		if err := h.BeforeRemoveTeamMember(x, tm, teamOut(c.team), c.user, c.org); err != nil {
			return nil, err
		}
	}
	if err := leaveTeam(x, teamID, userID); err != nil {
		return nil, err
	}
	if h.AfterRemoveTeamMember != nil {
		if err := h.AfterRemoveTeamMember(x, tm, teamOut(c.team), c.user, c.org); err != nil {
			return nil, err
		}
	}
	return json.RawMessage(`{"message":"Team member removed successfully."}`), nil
}

// leaveTeam is removeTeamMember: the memberships deleted, their seats
// released.
func leaveTeam(x *core.Context, teamID, userID string) error {
	where := []core.Where{{Field: "teamId", Value: teamID}, {Field: "userId", Value: userID}}
	rows, err := x.Find("teamMember", where...)
	if err != nil || len(rows) == 0 {
		return err
	}
	if err := x.Delete("teamMember", where...); err != nil {
		return err
	}
	return releaseTeamSeats(x, teamID, len(rows))
}

// listTeamMembers is GET /organization/list-team-members.
func (o *orgRuntime) listTeamMembers(x *core.Context) (json.RawMessage, error) {
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	teamID := x.Request().URL.Query().Get("teamId")
	if teamID == "" {
		teamID = activeTeamID(s)
	}
	if teamID == "" {
		return nil, orgError(http.StatusBadRequest, "YOU_DO_NOT_HAVE_AN_ACTIVE_TEAM")
	}
	team, err := findTeam(x, teamID, "")
	if err != nil {
		return nil, err
	}
	if team == nil {
		return nil, orgError(http.StatusBadRequest, "TEAM_NOT_FOUND")
	}
	if ok, err := isMember(x, s.User.ID, orgStr(team, "organizationId")); err != nil {
		return nil, err
	} else if !ok {
		return nil, orgError(http.StatusBadRequest, "USER_IS_NOT_A_MEMBER_OF_THE_TEAM")
	}
	if tm, err := findTeamMember(x, teamID, s.User.ID); err != nil {
		return nil, err
	} else if tm == nil {
		return nil, orgError(http.StatusBadRequest, "USER_IS_NOT_A_MEMBER_OF_THE_TEAM")
	}
	rows, err := x.Find("teamMember", core.Where{Field: "teamId", Value: teamID})
	if err != nil {
		return nil, err
	}
	return rowsJSON(x, "teamMember", rows)
}

package plugins

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
)

// The member endpoints that read memberships, and leave
// (routes/crud-members.ts).

// getActiveMember is GET /organization/get-active-member.
func (o *orgRuntime) getActiveMember(x *core.Context) (json.RawMessage, error) {
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	orgID := activeOrgID(s)
	if orgID == "" {
		return nil, orgError(http.StatusBadRequest, "NO_ACTIVE_ORGANIZATION")
	}
	member, user, err := findMember(x, s.User.ID, orgID)
	if err != nil {
		return nil, err
	}
	if member == nil {
		return nil, orgError(http.StatusBadRequest, "MEMBER_NOT_FOUND")
	}
	return memberJSON(x, member, user)
}

// leave is POST /organization/leave.
func (o *orgRuntime) leave(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	orgID := v.String("organizationId")
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	member, user, err := findMember(x, s.User.ID, orgID)
	if err != nil {
		return nil, err
	}
	if member == nil {
		return nil, orgError(http.StatusBadRequest, "MEMBER_NOT_FOUND")
	}
	if hasRole(orgStr(member, "role"), o.creatorRole, false) {
		n, err := o.countCreators(x, orgID)
		if err != nil {
			return nil, err
		}
		if n <= 1 {
			return nil, orgError(http.StatusBadRequest, "YOU_CANNOT_LEAVE_THE_ORGANIZATION_AS_THE_ONLY_OWNER")
		}
	}
	if err := o.deleteMember(x, orgStr(member, "id"), orgID, s.User.ID); err != nil {
		return nil, err
	}
	if activeOrgID(s) == orgID {
		if _, err := o.setActiveOrg(x, s.Session.Token, nil); err != nil {
			return nil, err
		}
	}
	return memberJSON(x, member, user)
}

// queryOrg resolves list-members' and get-active-member-role's
// organization: organizationSlug wins, then organizationId, then the
// active organization.
func queryOrg(x *core.Context, s *core.SessionData) (string, error) {
	q := x.Request().URL.Query()
	orgID := q.Get("organizationId")
	if orgID == "" {
		orgID = activeOrgID(s)
	}
	if slug := q.Get("organizationSlug"); slug != "" {
		org, err := findOrgBySlug(x, slug)
		if err != nil {
			return "", err
		}
		if org == nil {
			return "", orgError(http.StatusBadRequest, "ORGANIZATION_NOT_FOUND")
		}
		orgID = orgStr(org, "id")
	}
	if orgID == "" {
		return "", orgError(http.StatusBadRequest, "NO_ACTIVE_ORGANIZATION")
	}
	return orgID, nil
}

// listMembers is GET /organization/list-members: { members, total }.
func (o *orgRuntime) listMembers(x *core.Context) (json.RawMessage, error) {
	q := x.Request().URL.Query()
	if d := q.Get("sortDirection"); q.Has("sortDirection") && d != "asc" && d != "desc" {
		return nil, core.NewAPIError(http.StatusBadRequest, "VALIDATION_ERROR", `[query.sortDirection] Invalid option: expected one of "asc"|"desc"`)
	}
	op := q.Get("filterOperator")
	if q.Has("filterOperator") && !validWhereOperator(op) {
		return nil, core.NewAPIError(http.StatusBadRequest, "VALIDATION_ERROR",
			`[query.filterOperator] Invalid option: expected one of "eq"|"ne"|"lt"|"lte"|"gt"|"gte"|"in"|"not_in"|"contains"|"starts_with"|"ends_with"`)
	}
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	orgID, err := queryOrg(x, s)
	if err != nil {
		return nil, err
	}
	if m, _, err := findMember(x, s.User.ID, orgID); err != nil {
		return nil, err
	} else if m == nil {
		return nil, orgError(http.StatusForbidden, "YOU_ARE_NOT_A_MEMBER_OF_THIS_ORGANIZATION")
	}
	members, err := x.Find("member", core.Where{Field: "organizationId", Value: orgID})
	if err != nil {
		return nil, err
	}
	if field := q.Get("filterField"); field != "" {
		var kept []core.Record
		for _, m := range members {
			if matchWhere(m[field], op, q.Get("filterValue")) {
				kept = append(kept, m)
			}
		}
		members = kept
	}
	total := len(members)
	if by := q.Get("sortBy"); by != "" {
		desc := q.Get("sortDirection") == "desc"
		sort.SliceStable(members, func(i, j int) bool {
			c := orgCompare(members[i][by], members[j][by])
			if desc {
				return c > 0
			}
			return c < 0
		})
	}
	limit := jsNumberQuery(q.Get("limit"))
	if limit <= 0 {
		limit = o.membershipLimit
	}
	offset := jsNumberQuery(q.Get("offset"))
	if offset < 0 && o.negativeOffsetFails {
		return nil, errors.New("organization: list-members: negative offset")
	}
	if offset < 0 {
		offset = 0
	}
	if offset > len(members) {
		offset = len(members)
	}
	members = members[offset:]
	if len(members) > limit {
		members = members[:limit]
	}
	items := make([]json.RawMessage, 0, len(members))
	for _, m := range members {
		u, err := x.FindOne("user", core.Where{Field: "id", Value: m["userId"]})
		if err != nil {
			return nil, err
		}
		if u == nil {
			return nil, fmt.Errorf("organization: user not found for member %v", m["id"])
		}
		b, err := memberJSON(x, m, u)
		if err != nil {
			return nil, err
		}
		items = append(items, b)
	}
	return json.RawMessage(`{"members":` + string(jsonList(items)) + `,"total":` + strconv.Itoa(total) + `}`), nil
}

// jsNumberQuery is Number(value) truncated to an int for a limit or
// offset; "" and NaN are 0 (falsy, so the default applies).
func jsNumberQuery(s string) int {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return int(f)
}

func validWhereOperator(op string) bool {
	switch op {
	case "eq", "ne", "lt", "lte", "gt", "gte", "in", "not_in", "contains", "starts_with", "ends_with":
		return true
	}
	return false
}

// matchWhere applies one adapter where clause to a member field value,
// the query's value being a string.
func matchWhere(field any, op, value string) bool {
	fs := valueString(field)
	switch op {
	case "", "eq", "in":
		return fs == value
	case "ne", "not_in":
		return fs != value
	case "lt":
		return orgCompare(field, value) < 0
	case "lte":
		return orgCompare(field, value) <= 0
	case "gt":
		return orgCompare(field, value) > 0
	case "gte":
		return orgCompare(field, value) >= 0
	case "contains":
		return strings.Contains(fs, value)
	case "starts_with":
		return strings.HasPrefix(fs, value)
	case "ends_with":
		return strings.HasSuffix(fs, value)
	}
	return false
}

func valueString(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case time.Time:
		return t.UTC().Format("2006-01-02T15:04:05.000Z")
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// orgCompare orders two field values: times by time, others by their
// text.
func orgCompare(a, b any) int {
	if ta, ok := a.(time.Time); ok {
		if tb, ok := b.(time.Time); ok {
			return ta.Compare(tb)
		}
	}
	return strings.Compare(valueString(a), valueString(b))
}

// getActiveMemberRole is GET /organization/get-active-member-role.
func (o *orgRuntime) getActiveMemberRole(x *core.Context) (json.RawMessage, error) {
	s, err := orgSession(x)
	if err != nil {
		return nil, err
	}
	orgID, err := queryOrg(x, s)
	if err != nil {
		return nil, err
	}
	me, _, err := findMember(x, s.User.ID, orgID)
	if err != nil {
		return nil, err
	}
	if me == nil {
		return nil, orgError(http.StatusForbidden, "YOU_ARE_NOT_A_MEMBER_OF_THIS_ORGANIZATION")
	}
	m := me
	if uid := x.Request().URL.Query().Get("userId"); uid != "" {
		if m, _, err = findMember(x, uid, orgID); err != nil {
			return nil, err
		}
		if m == nil {
			return nil, orgError(http.StatusForbidden, "YOU_ARE_NOT_A_MEMBER_OF_THIS_ORGANIZATION")
		}
	}
	return core.JSON(map[string]any{"role": m["role"]})
}

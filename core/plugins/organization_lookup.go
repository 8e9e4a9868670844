package plugins

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
)

// The organization adapter (adapter.ts): the plugin's reads and writes,
// and the JSON Better Auth answers for its rows.

// orgSession is orgSessionMiddleware: the caller's session (the cookie
// cache may answer) or 401.
func orgSession(x *core.Context) (*core.SessionData, error) { return x.RequireSession() }

// activeOrgID is the session's activeOrganizationId, or "".
func activeOrgID(s *core.SessionData) string {
	id, _ := s.Session.Fields["activeOrganizationId"].(string)
	return id
}

// setActiveOrg is adapter.setActiveOrganization: the session's
// activeOrganizationId set to orgID (nil clears it); the row as updated.
// It writes no cookie; RefreshSessionCookie does (as setSessionCookie).
func (o *orgRuntime) setActiveOrg(x *core.Context, token string, orgID any) (core.Record, error) {
	return x.UpdateSession(token, core.Record{"activeOrganizationId": orgID})
}

// findOrg is findOrganizationById, or nil.
func findOrg(x *core.Context, id string) (core.Record, error) {
	return x.FindOne("organization", core.Where{Field: "id", Value: id})
}

// findOrgBySlug is findOrganizationBySlug, or nil.
func findOrgBySlug(x *core.Context, slug string) (core.Record, error) {
	return x.FindOne("organization", core.Where{Field: "slug", Value: slug})
}

// findMember is findMemberByOrgId: the membership of userID in orgID and
// its user, or nils.
func findMember(x *core.Context, userID, orgID string) (member, user core.Record, err error) {
	member, err = x.FindOne("member", core.Where{Field: "userId", Value: userID}, core.Where{Field: "organizationId", Value: orgID})
	if err != nil || member == nil {
		return nil, nil, err
	}
	return memberUser(x, member)
}

// findMemberByID is findMemberById: the membership with id and its user,
// or nils.
func findMemberByID(x *core.Context, id string) (member, user core.Record, err error) {
	member, err = x.FindOne("member", core.Where{Field: "id", Value: id})
	if err != nil || member == nil {
		return nil, nil, err
	}
	return memberUser(x, member)
}

// memberUser reads a member's user; a member without one is not found
// (the join finds no user).
func memberUser(x *core.Context, member core.Record) (core.Record, core.Record, error) {
	user, err := x.FindOne("user", core.Where{Field: "id", Value: member["userId"]})
	if err != nil || user == nil {
		return nil, nil, err
	}
	return member, user, nil
}

// isMember is checkMembership.
func isMember(x *core.Context, userID, orgID string) (bool, error) {
	m, err := x.FindOne("member", core.Where{Field: "userId", Value: userID}, core.Where{Field: "organizationId", Value: orgID})
	return m != nil, err
}

// countMembers is countMembers.
func countMembers(x *core.Context, orgID string) (int, error) {
	ms, err := x.Find("member", core.Where{Field: "organizationId", Value: orgID})
	return len(ms), err
}

// userOrgs is listOrganizations: the organizations userID is a member
// of, in the order of the memberships.
func userOrgs(x *core.Context, userID string) ([]core.Record, error) {
	ms, err := x.Find("member", core.Where{Field: "userId", Value: userID})
	if err != nil {
		return nil, err
	}
	var out []core.Record
	for _, m := range ms {
		org, err := findOrg(x, orgStr(m, "organizationId"))
		if err != nil {
			return nil, err
		}
		if org != nil {
			out = append(out, org)
		}
	}
	return out, nil
}

// pendingInvitations is findPendingInvitations (email "") or
// findPendingInvitation: the organization's pending, unexpired
// invitations (to email).
func pendingInvitations(x *core.Context, orgID, email string) ([]core.Record, error) {
	where := []core.Where{{Field: "organizationId", Value: orgID}, {Field: "status", Value: "pending"}}
	if email != "" {
		where = append([]core.Where{{Field: "email", Value: strings.ToLower(email)}}, where...)
	}
	invs, err := x.Find("invitation", where...)
	if err != nil {
		return nil, err
	}
	var out []core.Record
	for _, inv := range invs {
		if exp, ok := inv["expiresAt"].(time.Time); ok && exp.After(time.Now()) {
			out = append(out, inv)
		}
	}
	return out, nil
}

// orgStr is a record's string field, or "".
func orgStr(r core.Record, k string) string { s, _ := r[k].(string); return s }

// orgJSON is an organization row as Better Auth answers it unparsed
// (findOrganizationById): metadata stays the stored string.
func orgJSON(x *core.Context, org core.Record) (json.RawMessage, error) {
	return x.Row("organization", org)
}

// orgJSONParsed is an organization row with metadata parsed back into
// JSON in its place, as createOrganization and updateOrganization answer
// it (the key left out when empty).
func orgJSONParsed(x *core.Context, org core.Record) (json.RawMessage, error) {
	row, err := x.Row("organization", org)
	if err != nil {
		return nil, err
	}
	meta, _ := org["metadata"].(string)
	if meta == "" {
		return setField(row, "metadata", nil), nil
	}
	if !json.Valid([]byte(meta)) {
		return row, nil
	}
	return setField(row, "metadata", json.RawMessage(meta)), nil
}

// setField replaces the value of key in a JSON object, keeping its
// place, or removes the key when value is nil.
func setField(obj json.RawMessage, key string, value json.RawMessage) json.RawMessage {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if _, err := dec.Token(); err != nil { // {
		return obj
	}
	for dec.More() {
		start := dec.InputOffset()
		k, err := dec.Token()
		if err != nil {
			return obj
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return obj
		}
		end := dec.InputOffset()
		if k != key {
			continue
		}
		var out []byte
		if value == nil {
			// Drop the member with the comma before it (start is at
			// that comma), or after it when it is the first.
			if obj[start] != ',' && obj[end] == ',' {
				end++
			}
			return append(append(out, obj[:start]...), obj[end:]...)
		}
		valStart := end - int64(len(v))
		out = append(append(append(out, obj[:valStart]...), value...), obj[end:]...)
		return out
	}
	return obj
}

// userBrief is { id, name, email, image } of a user, as members carry it.
func userBrief(u core.Record) json.RawMessage {
	out := json.RawMessage("{}")
	for _, k := range []string{"id", "name", "email", "image"} {
		b, _ := core.JSON(u[k])
		out = withField(out, k, b)
	}
	return out
}

// memberJSON is a member row with its user: { ...member, user }.
func memberJSON(x *core.Context, member, user core.Record) (json.RawMessage, error) {
	row, err := x.Row("member", member)
	if err != nil {
		return nil, err
	}
	return withField(row, "user", userBrief(user)), nil
}

// withField appends "key": value to a JSON object (key not in it yet).
func withField(obj json.RawMessage, key string, value json.RawMessage) json.RawMessage {
	k, _ := json.Marshal(key)
	out := make([]byte, 0, len(obj)+len(k)+len(value)+2)
	out = append(out, obj[:len(obj)-1]...)
	if len(obj) > 2 {
		out = append(out, ',')
	}
	out = append(out, k...)
	out = append(out, ':')
	out = append(out, value...)
	return append(out, '}')
}

// jsonList joins JSON values into an array.
func jsonList(items []json.RawMessage) json.RawMessage {
	if len(items) == 0 {
		return json.RawMessage("[]")
	}
	out := []byte{'['}
	for i, it := range items {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, it...)
	}
	return append(out, ']')
}

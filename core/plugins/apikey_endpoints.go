package plugins

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
)

// The /api-key/* endpoints of 1.7.5 (routes/create-api-key.ts,
// get-api-key.ts, update-api-key.ts, delete-api-key.ts). Every HTTP
// request is a client request: the server-only properties (remaining,
// refill, rate limit, permissions, userId) are refused, as 1.7.5 refuses
// them from requests.

// unauthorizedSession is 401 UNAUTHORIZED_SESSION.
func unauthorizedSession() error { return akError(401, "UNAUTHORIZED_SESSION") }

// optionalSession is getSessionFromCtx(ctx, {disableCookieCache: true}):
// the session a key header made (the before hook set it), else the
// cookie's session read from the database, or nil (a failing lookup is no
// session).
func (rt *apiKeyRuntime) optionalSession(x *core.Context) *core.SessionData {
	if k, _ := rt.findKey(x); k != "" {
		s, err := x.Session()
		if err != nil {
			return nil
		}
		return s
	}
	s, err := x.RequireAuthoritativeSession()
	if err != nil {
		return nil
	}
	return s
}

// jsSubstring is key.substring(0, n) in UTF-16 units.
func jsSubstring(s string, n int) string {
	units := 0
	for i, r := range s {
		w := 1
		if r > 0xFFFF {
			w = 2
		}
		if units+w > n {
			return s[:i]
		}
		units += w
	}
	return s
}

// ownKey finds the session user's key id under configID (404 KEY_NOT_FOUND
// otherwise, as 1.7.5 hides keys of other users and configurations).
func (rt *apiKeyRuntime) ownKey(x *core.Context, userID, id, configID string) (core.Record, *akConfig, error) {
	lookup, err := rt.resolve(configID)
	if err != nil {
		return nil, nil, err
	}
	row, err := rt.getByID(x, lookup, id)
	if err != nil {
		return nil, nil, err
	}
	if row == nil || !configMatches(row["configId"], lookup.configName()) {
		return nil, nil, akError(404, "KEY_NOT_FOUND")
	}
	cfgID, _ := row["configId"].(string)
	cfg, err := rt.resolve(cfgID)
	if err != nil {
		return nil, nil, err
	}
	if row["referenceId"] != userID {
		return nil, nil, akError(404, "KEY_NOT_FOUND")
	}
	return row, cfg, nil
}

// queryString reads an optional z.string() query parameter.
func queryString(x *core.Context, key string, issues *[]string) (string, bool) {
	vs, ok := x.Request().URL.Query()[key]
	if !ok {
		return "", false
	}
	if len(vs) > 1 {
		*issues = append(*issues, "[query."+key+"] Invalid input: expected string, received array")
		return "", false
	}
	return vs[0], true
}

// get is GET /api-key/get?id=.
func (rt *apiKeyRuntime) get(x *core.Context) (json.RawMessage, error) {
	var issues []string
	configID, _ := queryString(x, "configId", &issues)
	id, ok := queryString(x, "id", &issues)
	if !ok && len(issues) == 0 {
		issues = append(issues, "[query.id] Invalid input: expected string, received undefined")
	}
	if len(issues) > 0 {
		return nil, core.NewAPIError(400, "VALIDATION_ERROR", strings.Join(issues, "; "))
	}
	s, err := x.RequireSession()
	if err != nil {
		return nil, err
	}
	row, _, err := rt.ownKey(x, s.User.ID, id, configID)
	if err != nil {
		return nil, err
	}
	rt.sweep(x, false)
	return rt.keyJSON(x, row, "", nil, false)
}

// delete is POST /api-key/delete.
func (rt *apiKeyRuntime) delete(x *core.Context) (json.RawMessage, error) {
	b := newAKBody(x)
	configID, _ := b.str("configId", false)
	id, _ := b.str("keyId", true)
	if err := b.v.Err(); err != nil {
		return nil, err
	}
	s, err := x.RequireSession()
	if err != nil {
		return nil, err
	}
	if s.User.Fields["banned"] == true {
		return nil, akError(401, "USER_BANNED")
	}
	row, cfg, err := rt.ownKey(x, s.User.ID, id, configID)
	if err != nil {
		return nil, err
	}
	if err := rt.removeKey(x, cfg, row); err != nil {
		return nil, err
	}
	rt.sweep(x, false)
	return json.RawMessage(`{"success":true}`), nil
}

// update is POST /api-key/update.
func (rt *apiKeyRuntime) update(x *core.Context) (json.RawMessage, error) {
	b := newAKBody(x)
	configID, _ := b.str("configId", false)
	id, _ := b.str("keyId", true)
	name, hasName := b.str("name", false)
	enabled, hasEnabled := b.boolean("enabled")
	_, hasRemaining, _ := b.num("remaining", floatp(1), false)
	_, hasRefillAmount, _ := b.num("refillAmount", nil, false)
	_, hasRefillInterval, _ := b.num("refillInterval", nil, false)
	expiresIn, hasExpires, expiresNull := b.num("expiresIn", floatp(1), true)
	_, hasRLEnabled := b.boolean("rateLimitEnabled")
	_, hasWindow, _ := b.num("rateLimitTimeWindow", nil, false)
	_, hasMax, _ := b.num("rateLimitMax", nil, false)
	hasPerms := b.permissions("permissions", true)
	if err := b.v.Err(); err != nil {
		return nil, err
	}
	s := rt.optionalSession(x)
	if s == nil {
		return nil, unauthorizedSession()
	}
	if core.Truthy(b.m["userId"]) && coerced(b.m, "userId") != s.User.ID {
		return nil, unauthorizedSession()
	}
	if hasRefillAmount || hasRefillInterval || hasWindow || hasMax || hasRLEnabled || hasRemaining || hasPerms {
		return nil, akError(400, "SERVER_ONLY_PROPERTY")
	}
	row, cfg, err := rt.ownKey(x, s.User.ID, id, configID)
	if err != nil {
		return nil, err
	}
	set := core.Record{}
	var names []string // newValues' keys in order, for a stored key
	if hasName {
		names = append(names, "name")
		if n := core.JSLength(name); n < cfg.minName || n > cfg.maxName {
			return nil, akError(400, "INVALID_NAME_LENGTH")
		}
		set["name"] = name
	}
	if hasEnabled {
		names = append(names, "enabled")
		set["enabled"] = enabled
	}
	if hasExpires || expiresNull {
		names = append(names, "expiresAt")
		if cfg.noCustomExpires {
			return nil, akError(400, "KEY_DISABLED_EXPIRATION")
		}
		if hasExpires {
			days := expiresIn / (3600 * 24)
			if days < cfg.minExpires.Hours()/24 {
				return nil, akError(400, "EXPIRES_IN_IS_TOO_SMALL")
			} else if days > cfg.maxExpires.Hours()/24 {
				return nil, akError(400, "EXPIRES_IN_IS_TOO_LARGE")
			}
			set["expiresAt"] = time.Now().UTC().Add(time.Duration(expiresIn * float64(time.Second))).Truncate(time.Millisecond)
		} else {
			set["expiresAt"] = nil
		}
	}
	if metadata, given := b.m["metadata"]; given && cfg.metadata {
		switch metadata.(type) {
		case map[string]any, []any, nil:
		default:
			return nil, akError(400, "INVALID_METADATA_TYPE")
		}
		raw, _ := rawBodyField(x, "metadata")
		out, err := jsStringify(raw, nil)
		if err != nil {
			return nil, err
		}
		set["metadata"] = out
		names = append(names, "metadata")
	}
	if len(set) == 0 {
		return nil, akError(400, "NO_VALUES_TO_UPDATE")
	}
	var updated core.Record
	if cfg.storage == akStorage {
		// {...apiKey, ...newValues, updatedAt}: metadata is kept as the
		// object sent.
		if m, ok := set["metadata"].(string); ok {
			set["metadata"] = akRaw(m)
			if m == "null" {
				set["metadata"] = nil
			}
		}
		set["updatedAt"] = time.Now().UTC().Truncate(time.Millisecond)
		updated = withValues(row, append(names, "updatedAt"), set)
		if err := rt.storeKey(x, cfg, updated); err != nil {
			return nil, err
		}
	} else {
		if _, err := x.Update("apikey", set, core.Where{Field: "id", Value: row["id"]}); err != nil {
			return nil, err
		}
		if updated, err = findKeyRow(x, core.Where{Field: "id", Value: row["id"]}); err != nil {
			return nil, err
		}
		if updated == nil {
			updated = row
		} else if err := rt.storeKey(x, cfg, updated); err != nil {
			return nil, err
		}
	}
	rt.sweep(x, false)
	return rt.keyJSON(x, updated, "", nil, false)
}

// jsInt reports whether f is an integer JavaScript would print as one.
func jsInt(f float64) bool { return f == math.Trunc(f) && !math.IsInf(f, 0) }

// list is GET /api-key/list: the session user's keys of every
// configuration (or of configId), sorted by sortBy, then paged.
func (rt *apiKeyRuntime) list(x *core.Context) (json.RawMessage, error) {
	var issues []string
	configID, _ := queryString(x, "configId", &issues)
	orgID, _ := queryString(x, "organizationId", &issues)
	number := func(key string) (float64, bool) {
		vs, ok := x.Request().URL.Query()[key]
		if !ok {
			return 0, false
		}
		f, ok := jsNumberOf(vs[0])
		switch {
		case len(vs) > 1 || !ok:
			issues = append(issues, "[query."+key+"] Invalid input: expected number, received NaN")
		case !jsInt(f):
			issues = append(issues, "[query."+key+"] Invalid input: expected int, received number")
		case f < 0:
			issues = append(issues, "[query."+key+"] Too small: expected number to be >=0")
		}
		return f, true
	}
	limit, hasLimit := number("limit")
	offset, hasOffset := number("offset")
	sortBy, _ := queryString(x, "sortBy", &issues)
	dir, hasDir := queryString(x, "sortDirection", &issues)
	if hasDir && dir != "asc" && dir != "desc" {
		issues = append(issues, `[query.sortDirection] Invalid option: expected one of "asc"|"desc"`)
	}
	if len(issues) > 0 {
		return nil, core.NewAPIError(400, "VALIDATION_ERROR", strings.Join(issues, "; "))
	}
	s, err := x.RequireSession()
	if err != nil {
		return nil, err
	}
	if orgID != "" {
		if err := rt.orgPermission(x, s.User.ID, orgID, "read"); err != nil {
			return nil, err
		}
	}
	if configID != "" {
		if _, err := rt.resolve(configID); err != nil {
			return nil, err
		}
	}
	owner := s.User.ID
	if orgID != "" {
		owner = orgID
	}
	rows, err := rt.listKeys(x, owner, configID, sortBy, dir == "desc")
	if err != nil {
		return nil, err
	}
	var kept []core.Record
	for _, r := range rows {
		// Keys of a configuration that is not user-owned are not the
		// user's to list (all configurations here are user-owned).
		if configID != "" && !configMatches(r["configId"], configID) {
			continue
		}
		if orgID != "" || refOf(r) != owner {
			continue // organization-owned: no configuration here is
		}
		kept = append(kept, r)
	}
	total := len(kept)
	if hasOffset {
		kept = kept[min(int(offset), len(kept)):]
	}
	if hasLimit {
		kept = kept[:min(int(limit), len(kept))]
	}
	rt.sweep(x, false)
	var b strings.Builder
	b.WriteString(`{"apiKeys":[`)
	for i, r := range kept {
		if i > 0 {
			b.WriteByte(',')
		}
		row, err := rt.keyJSON(x, r, "", nil, false)
		if err != nil {
			return nil, err
		}
		b.Write(row)
	}
	b.WriteString(`],"total":` + jsNumberF(float64(total)))
	if hasLimit {
		b.WriteString(`,"limit":` + jsNumberF(limit))
	}
	if hasOffset {
		b.WriteString(`,"offset":` + jsNumberF(offset))
	}
	b.WriteByte('}')
	return json.RawMessage(b.String()), nil
}

var errUnknownSortField = errors.New("api-key: list sorted by a field the apikey table does not have")

func slicesContains(list []string, s string) bool { return slices.Contains(list, s) }

package plugins

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// listUsers is GET /admin/list-users. The filtering, sorting and paging
// run over the user rows in Go, as Better Auth's adapters run them in SQL
// on SQLite: contains, starts_with and ends_with compare ASCII letters
// without case (LIKE), sorting compares bytes.
func (a *adminRuntime) listUsers(x *core.Context) (json.RawMessage, error) {
	q := x.Request().URL.Query()
	one := func(k string) (string, bool, bool) { // value, given, repeated
		vs, ok := q[k]
		if !ok {
			return "", false, false
		}
		return vs[0], true, len(vs) > 1
	}
	var issues []string
	enum := func(k string, allowed ...string) string {
		v, given, rep := one(k)
		if !given {
			return ""
		}
		if rep || !slices.Contains(allowed, v) {
			issues = append(issues, "[query."+k+"] Invalid option: expected one of "+quoteJoin(allowed))
		}
		return v
	}
	str := func(k string) string {
		v, _, rep := one(k)
		if rep {
			issues = append(issues, "[query."+k+"] Invalid input: expected string, received array")
		}
		return v
	}
	searchValue := str("searchValue")
	searchField := enum("searchField", "email", "name")
	searchOp := enum("searchOperator", "contains", "starts_with", "ends_with")
	limitS, _, limRep := one("limit")
	offsetS, _, offRep := one("offset")
	if limRep {
		issues = append(issues, "[query.limit] Invalid input")
	}
	if offRep {
		issues = append(issues, "[query.offset] Invalid input")
	}
	sortBy := str("sortBy")
	sortDir := enum("sortDirection", "asc", "desc")
	filterField := str("filterField")
	filterValues, filterGiven := q["filterValue"]
	filterOp := enum("filterOperator", "eq", "ne", "lt", "lte", "gt", "gte", "in", "not_in", "contains", "starts_with", "ends_with")
	if len(issues) > 0 {
		return nil, core.NewAPIError(400, "VALIDATION_ERROR", strings.Join(issues, "; "))
	}
	s, err := adminSession(x)
	if err != nil {
		return nil, err
	}
	if !a.can(s, "user", "list") {
		return nil, adminError(403, "YOU_ARE_NOT_ALLOWED_TO_LIST_USERS")
	}
	type cond struct {
		field, op string
		values    []string
		list      bool
	}
	var conds []cond
	if searchValue != "" {
		conds = append(conds, cond{orStr(searchField, "email"), orStr(searchOp, "contains"), []string{searchValue}, false})
	}
	if filterGiven {
		conds = append(conds, cond{orStr(filterField, "email"), orStr(filterOp, "eq"), filterValues, len(filterValues) > 1})
	}
	empty := json.RawMessage(`{"users":[],"total":0}`)
	for _, c := range conds {
		if !a.userFields[c.field] && c.field != "id" {
			return empty, nil // the adapter throws on an unknown field
		}
	}
	if sortBy != "" && !a.userFields[sortBy] && sortBy != "id" {
		return empty, nil
	}
	// The adapter's transformWhereClause: "true" is true on a boolean
	// field and any other text false; numeric text is a number on a number
	// field.
	for i, c := range conds {
		vals := make([]string, len(c.values))
		for j, v := range c.values {
			switch a.userTypes[c.field] {
			case schema.TypeBoolean:
				vals[j] = fieldText(v == "true")
			case schema.TypeNumber:
				if n, ok := jsNumberOf(v); ok && strings.TrimSpace(v) != "" {
					v = jsNumberF(n)
				}
				vals[j] = v
			default:
				vals[j] = v
			}
		}
		conds[i].values = vals
	}
	rows, err := x.Find("user")
	if err != nil {
		return nil, err
	}
	var kept []core.Record
	for _, r := range rows {
		ok := true
		for _, c := range conds {
			if !matchCond(fieldText(r[c.field]), c.op, c.values, c.list) {
				ok = false
			}
		}
		if ok {
			kept = append(kept, r)
		}
	}
	if sortBy != "" {
		slices.SortStableFunc(kept, func(p, q core.Record) int {
			c := compareValues(p[sortBy], q[sortBy])
			if sortDir == "desc" {
				return -c
			}
			return c
		})
	}
	total := len(kept)
	limit, _ := jsNumberOf(limitS)
	offset, _ := jsNumberOf(offsetS)
	if offset > 0 {
		kept = kept[min(int(offset), len(kept)):]
	}
	if limit > 0 {
		kept = kept[:min(int(limit), len(kept))]
	}
	b := []byte(`{"users":[`)
	for i, r := range kept {
		if i > 0 {
			b = append(b, ',')
		}
		row, err := x.Row("user", r)
		if err != nil {
			return nil, err
		}
		b = append(b, row...)
	}
	b = append(b, `],"total":`+strconv.Itoa(total)...)
	if limit != 0 {
		b = append(b, `,"limit":`+jsNumberF(limit)...)
	}
	if offset != 0 {
		b = append(b, `,"offset":`+jsNumberF(offset)...)
	}
	return append(b, '}'), nil
}

func orStr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func quoteJoin(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, "|")
}

// fieldText is a row value as the query's text compares with it.
func fieldText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		if x {
			return "1"
		}
		return "0"
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return jsNumberF(x)
	case time.Time:
		return x.UTC().Format("2006-01-02T15:04:05.000Z")
	case nil:
		return "\x00null"
	}
	return ""
}

func matchCond(v, op string, values []string, list bool) bool {
	if v == "\x00null" {
		return op == "ne" || op == "not_in"
	}
	val := values[0]
	lv, lval := strings.ToLower(v), strings.ToLower(val)
	switch op {
	case "eq":
		return !list && v == val
	case "ne":
		return list || v != val
	case "lt":
		return v < val
	case "lte":
		return v <= val
	case "gt":
		return v > val
	case "gte":
		return v >= val
	case "in":
		return slices.Contains(values, v)
	case "not_in":
		return !slices.Contains(values, v)
	case "contains":
		return strings.Contains(lv, lval)
	case "starts_with":
		return strings.HasPrefix(lv, lval)
	case "ends_with":
		return strings.HasSuffix(lv, lval)
	}
	return false
}

// compareValues orders row values as SQLite does: NULL first, then
// numbers, then text by bytes.
func compareValues(p, q any) int {
	rank := func(v any) int {
		switch v.(type) {
		case nil:
			return 0
		case bool, int64, float64:
			return 1
		}
		return 2
	}
	if rp, rq := rank(p), rank(q); rp != rq {
		return rp - rq
	}
	if tp, ok := p.(time.Time); ok {
		if tq, ok := q.(time.Time); ok {
			return tp.Compare(tq)
		}
	}
	return strings.Compare(fieldText(p), fieldText(q))
}

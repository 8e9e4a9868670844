package core

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// compare is a cond's value for a comparison other than "=".
type compare struct {
	op    string
	value any
}

// sqlOps maps Better Auth's where operators to SQL.
var sqlOps = map[string]string{"eq": "=", "ne": "<>", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}

// compareSQL is the SQL of "col op value": with a nil value, "eq" is IS
// NULL, "ne" IS NOT NULL, and any other comparison is false, as SQL's is.
func compareSQL(col, op string, isNil bool, ph func() string) string {
	switch {
	case !isNil:
		return col + " " + op + " " + ph()
	case op == "=":
		return col + " IS NULL"
	case op == "<>":
		return col + " IS NOT NULL"
	}
	return "1 = 0"
}

// increment adds to integer fields (a null counts as 0) and sets others on
// the rows matching conds in one UPDATE, so that concurrent increments
// never lose one (Better Auth's adapter.incrementOne), and reports how
// many rows matched.
func (st *store) increment(ctx context.Context, m *model, inc map[string]int64, set record, conds ...cond) (int64, error) {
	var parts []string
	var args []any
	names := make([]string, 0, len(inc))
	for name := range inc {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if m.t.Field(name) == nil {
			return 0, fmt.Errorf("table %q has no field %q", m.t.Key, name)
		}
		args = append(args, inc[name])
		col := m.cols[name]
		parts = append(parts, col+" = COALESCE("+col+", 0) + "+st.ph(len(args)))
	}
	for _, f := range m.fields {
		v, ok := set[f.Name]
		if !ok {
			continue
		}
		a, err := st.encode(f, v)
		if err != nil {
			return 0, err
		}
		args = append(args, a)
		parts = append(parts, m.cols[f.Name]+" = "+st.ph(len(args)))
	}
	if len(parts) == 0 {
		return 0, errors.New("increment: nothing to change")
	}
	w, args, err := st.where(m, conds, args)
	if errors.Is(err, errNoRow) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	res, err := st.db.ExecContext(ctx, "UPDATE "+m.name+" SET "+strings.Join(parts, ", ")+w, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

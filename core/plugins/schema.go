package plugins

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// Schema is Better Auth's per-plugin `schema` option (its mergeSchema):
// settings for the tables a plugin adds or extends, keyed by table key
// ("twoFactor", "organization", "user", …). The zero value changes nothing.
//
//	plugins.TwoFactor(plugins.TwoFactorOptions{Schema: plugins.Schema{
//		"twoFactor": {ModelName: "two_factor", Fields: map[string]string{"userId": "user_id"}},
//		"user":      {Fields: map[string]string{"twoFactorEnabled": "two_factor_enabled"}},
//	}})
//
// Better Auth silently ignores an entry for a table or field the plugin
// does not have; here it is an error naming the plugin, table and field.
type Schema map[string]TableSchema

// TableSchema is the Schema entry of one table.
type TableSchema struct {
	// ModelName renames the physical table. Core tables (user, session,
	// account, verification) are renamed with core.Options instead, so it
	// is an error on them, as it is silently ignored by Better Auth.
	ModelName string
	// Fields maps a logical field name to its physical column name. Only
	// the fields this plugin adds may be renamed: core columns are renamed
	// with core.Options (User.Fields, Session.Fields, …), and
	// AdditionalFields with their own Column, since Better Auth's
	// organization and sso build their renames for their own fields only.
	Fields map[string]string
	// AdditionalFields are appended to the table in order; on
	// organization's tables one with the name of an existing field
	// replaces it in place (sso refuses such names, see SSOOptions). Only
	// the tables where Better Auth accepts them take them (organization's
	// organization, member, invitation, team and organizationRole; sso's
	// ssoProvider). They keep their own Column: Fields cannot rename them.
	AdditionalFields []core.Field
}

// coreTables are the tables core owns; plugins only add fields to them.
var coreTables = map[string]string{
	"user": "User", "session": "Session", "account": "Account", "verification": "Verification",
}

// rules says which Schema entries one plugin accepts under its current
// options.
type rules struct {
	// options names the options struct in messages ("TwoFactorOptions").
	options string
	// plugin is the Better Auth name of the plugin ("twoFactor").
	plugin string
	// extensible lists the table keys that accept AdditionalFields.
	extensible []string
	// off maps a table key ("team") or field ("invitation.teamId") the
	// current options leave out to the option that adds it, so a Schema
	// entry for it can say how to fix it.
	off map[string]string
}

// apply returns tables with s applied: model names, then additional
// fields, then column renames of the plugin's own fields.
// Entries that cannot be applied are skipped and reported; the result is
// always usable, so Schema can return it even when Validate failed.
func (s Schema) apply(tables []schema.Table, r rules) ([]schema.Table, error) {
	out := make([]schema.Table, len(tables))
	for i, t := range tables {
		out[i] = t
		out[i].Fields = append([]schema.Field(nil), t.Fields...)
		out[i].Indexes = append([]schema.Index(nil), t.Indexes...)
	}
	var errs []error
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		ts := s[key]
		where := fmt.Sprintf("%s.Schema[%q]", r.options, key)
		t := find(out, key)
		if t == nil {
			errs = append(errs, r.unknownTable(where, key, out))
			continue
		}
		if err := applyTable(t, ts, where, r); err != nil {
			errs = append(errs, err)
		}
	}
	return out, errors.Join(errs...)
}

func applyTable(t *schema.Table, ts TableSchema, where string, r rules) error {
	var errs []error
	owner, isCore := coreTables[t.Key]
	switch {
	case ts.ModelName == "":
	case isCore:
		errs = append(errs, fmt.Errorf("%s.ModelName: %s is a core table; rename it with core.Options.%s.ModelName", where, t.Key, owner))
	case strings.TrimSpace(ts.ModelName) != ts.ModelName:
		errs = append(errs, fmt.Errorf("%s.ModelName: %q has leading or trailing spaces", where, ts.ModelName))
	default:
		t.ModelName = ts.ModelName
	}
	if len(ts.AdditionalFields) > 0 {
		if contains(r.extensible, t.Key) {
			t.Fields = spread(t.Fields, ts.AdditionalFields)
		} else {
			allowed := "no table"
			if len(r.extensible) > 0 {
				allowed = strings.Join(r.extensible, ", ")
			}
			hint := "add columns to core tables with core.Options.<Table>.AdditionalFields"
			if !isCore {
				hint = "Better Auth's " + r.plugin + " accepts them on " + allowed
			}
			errs = append(errs, fmt.Errorf("%s.AdditionalFields: the %s table takes no additional fields (%s)", where, t.Key, hint))
		}
	}
	names := make([]string, 0, len(ts.Fields))
	for n := range ts.Fields {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		col := ts.Fields[name]
		fw := fmt.Sprintf("%s.Fields[%q]", where, name)
		f := t.Field(name)
		opt, isOff := r.off[t.Key+"."+name]
		switch {
		case additional(ts.AdditionalFields, name):
			// @better-auth/sso and organization spread additionalFields
			// after their own fields, each with a fieldName read from
			// schema.<table>.fields; an additional field keeps its own.
			errs = append(errs, fmt.Errorf("%s: %q is one of %s.AdditionalFields, which Better Auth does not rename; set that field's Column instead", fw, name, where))
		case f == nil && isOff:
			errs = append(errs, fmt.Errorf("%s: %s.%s is only added when %s; change that or drop this rename", fw, t.Key, name, opt))
		case f == nil && isCore:
			errs = append(errs, fmt.Errorf("%s: %s adds no field %q to the %s table (it adds: %s); rename core columns with core.Options.%s.Fields", fw, r.plugin, name, t.Key, fieldList(t), owner))
		case f == nil:
			errs = append(errs, fmt.Errorf("%s: the %s table has no field %q (fields: %s)", fw, t.Key, name, fieldList(t)))
		case strings.TrimSpace(col) == "" || strings.TrimSpace(col) != col:
			errs = append(errs, fmt.Errorf("%s: column name %q is blank or has leading or trailing spaces", fw, col))
		default:
			f.Column = col
		}
	}
	return errors.Join(errs...)
}

func (r rules) unknownTable(where, key string, tables []schema.Table) error {
	if opt, ok := r.off[key]; ok {
		if _, isCore := coreTables[key]; isCore {
			return fmt.Errorf("%s: %s adds columns to the %s table only when %s; change that or remove this entry", where, r.plugin, key, opt)
		}
		return fmt.Errorf("%s: the %s table is only added when %s; change that or remove this entry", where, key, opt)
	}
	if owner, ok := coreTables[key]; ok {
		return fmt.Errorf("%s: %s adds no fields to the %s table; configure core tables with core.Options.%s", where, r.plugin, key, owner)
	}
	if len(tables) == 0 {
		return fmt.Errorf("%s: %s has no tables, so its Schema must be empty", where, r.plugin)
	}
	keys := make([]string, len(tables))
	for i, t := range tables {
		keys[i] = t.Key
	}
	return fmt.Errorf("%s: %s has no %q table (its tables: %s)", where, r.plugin, key, strings.Join(keys, ", "))
}

// check validates the plugin's own tables as Better Auth's merge would
// (field types, indexes, two fields on one column, …) so that a mistake
// is reported with the plugin's name rather than after the merge. Core
// tables appear with only the plugin's fields, which is enough for the
// field-level rules.
func check(tables []schema.Table) error {
	s := &schema.Schema{}
	for i := range tables {
		s.Tables = append(s.Tables, &tables[i])
	}
	return schema.Validate(s)
}

func find(tables []schema.Table, key string) *schema.Table {
	for i := range tables {
		if tables[i].Key == key {
			return &tables[i]
		}
	}
	return nil
}

// spread merges fields as JavaScript object spread does: a name already
// present keeps its position and takes the new attributes.
func spread(base, more []schema.Field) []schema.Field {
	out := append([]schema.Field(nil), base...)
	for _, f := range more {
		if i := indexOf(out, f.Name); i >= 0 {
			out[i] = f
			continue
		}
		out = append(out, f)
	}
	return out
}

func indexOf(fields []schema.Field, name string) int {
	for i, f := range fields {
		if f.Name == name {
			return i
		}
	}
	return -1
}

func fieldList(t *schema.Table) string {
	names := make([]string, len(t.Fields))
	for i, f := range t.Fields {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}

// additional reports whether name is one of fields.
func additional(fields []core.Field, name string) bool {
	for _, f := range fields {
		if f.Name == name {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

package plugins

import "github.com/authctl/authctl/schema"

// CheckTables validates tables as Better Auth's merge would (field types,
// enum values, indexes over json or array columns, unique indexes over
// optional fields, two fields on one column, …). A plugin of your own, a
// type with ID and Schema methods, can return CheckTables(p.Schema()) from
// a Validate method so that core.New reports such mistakes with its id:
//
//	type Audit struct{}
//
//	func (Audit) ID() string { return "audit" }
//	func (Audit) Schema() []core.Table { return []core.Table{{Key: "auditLog", Fields: …}} }
//	func (a Audit) Validate() error { return plugins.CheckTables(a.Schema()) }
//
// Without it the same mistakes are still reported, by the merge, naming
// the table and field but not the plugin. Tables it extends that belong
// to core or to another plugin are checked with only its own fields.
func CheckTables(tables []schema.Table) error {
	return check(append([]schema.Table(nil), tables...))
}

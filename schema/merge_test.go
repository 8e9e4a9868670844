package schema

import (
	"strings"
	"testing"
)

func names(t *Table) string {
	var out []string
	for _, f := range t.Fields {
		out = append(out, f.ColumnName())
	}
	return strings.Join(out, ",")
}

func tableKeys(s *Schema) string {
	var out []string
	for _, t := range s.Tables {
		out = append(out, t.Key+"="+t.Name())
	}
	return strings.Join(out, ",")
}

func coreInput() MergeInput {
	return MergeInput{Core: []Table{
		{Key: "user", Order: 1, Fields: []Field{{Name: "name", Type: TypeString}, {Name: "email", Type: TypeString, Unique: true}}},
		{Key: "session", Order: 2, Fields: []Field{{Name: "token", Type: TypeString}, {Name: "userId", Type: TypeString, References: &Reference{Model: "user", Field: "id"}}}},
	}}
}

// A field a later plugin redefines keeps its position and takes the later
// attributes (JavaScript object spread); new fields append.
func TestSpreadReplacesInPlace(t *testing.T) {
	in := coreInput()
	in.Plugins = []Contribution{
		{Plugin: "a", Tables: []Table{{Key: "user", Fields: []Field{{Name: "role", Type: TypeString}, {Name: "banned", Type: TypeBoolean}}}}},
		{Plugin: "b", Tables: []Table{{Key: "user", Fields: []Field{{Name: "role", Type: TypeString, Required: Optional}, {Name: "plan", Type: TypeString}}}}},
	}
	in.Options = map[string]TableOptions{"user": {AdditionalFields: []Field{{Name: "name", Type: TypeString, Required: Optional}, {Name: "age", Type: TypeNumber}}}}
	s, err := Merge(in)
	if err != nil {
		t.Fatal(err)
	}
	u := s.Table("user")
	if got := names(u); got != "name,email,role,banned,plan,age" {
		t.Fatalf("user = %s", got)
	}
	if u.Field("role").IsRequired() || u.Field("name").IsRequired() {
		t.Fatal("later definition did not win")
	}
}

// The model name of a plugin table comes from the last plugin that names
// the table, falling back to the key, not to an earlier plugin's name.
func TestLastPluginModelNameRule(t *testing.T) {
	in := coreInput()
	in.Plugins = []Contribution{
		{Plugin: "organization", Tables: []Table{{Key: "organization", ModelName: "workspace", Fields: []Field{{Name: "name", Type: TypeString}}}}},
		{Plugin: "stripe", Tables: []Table{{Key: "organization", Fields: []Field{{Name: "stripeCustomerId", Type: TypeString, Required: Optional}}}}},
		{Plugin: "other", Tables: []Table{{Key: "team", ModelName: "teams", Fields: []Field{{Name: "name", Type: TypeString}}}}},
	}
	s, err := Merge(in)
	if err != nil {
		t.Fatal(err)
	}
	if got := tableKeys(s); got != "user=user,session=session,organization=organization,team=teams" {
		t.Fatalf("tables = %s", got)
	}
	if got := names(s.Table("organization")); got != "name,stripeCustomerId" {
		t.Fatalf("organization = %s", got)
	}
}

// Plugin model names and flags on core tables are ignored; fields count.
// Fields for a dropped core table are discarded, not turned into a table.
func TestCoreTablesTakeOnlyFieldsAndIndexes(t *testing.T) {
	in := coreInput()
	in.Core = in.Core[:1]
	in.Dropped = []string{"session"}
	in.Tail = []Table{{Key: "rateLimit", Fields: []Field{{Name: "key", Type: TypeString}}}}
	in.Options = map[string]TableOptions{"user": {ModelName: "users", Fields: map[string]string{"email": "email_address"}}, "rateLimit": {ModelName: "rate_limit"}}
	in.Plugins = []Contribution{{Plugin: "admin", Tables: []Table{
		{Key: "user", ModelName: "ignored", DisableMigrations: true, Fields: []Field{{Name: "role", Type: TypeString}}, Indexes: []Index{{Fields: []string{"role", "name"}}}},
		{Key: "session", Fields: []Field{{Name: "impersonatedBy", Type: TypeString}}},
		{Key: "jwks", Fields: []Field{{Name: "publicKey", Type: TypeString}}},
	}}}
	s, err := Merge(in)
	if err != nil {
		t.Fatal(err)
	}
	if got := tableKeys(s); got != "user=users,jwks=jwks,rateLimit=rate_limit" {
		t.Fatalf("tables = %s", got)
	}
	u := s.Table("user")
	if u.DisableMigrations || names(u) != "name,email_address,role" || len(u.Indexes) != 1 {
		t.Fatalf("user = %+v", u)
	}
}

func TestIndexesDeduplicate(t *testing.T) {
	in := coreInput()
	ix := Index{Fields: []string{"name", "email"}, Unique: true}
	in.Plugins = []Contribution{
		{Plugin: "a", Tables: []Table{{Key: "user", Indexes: []Index{ix}}}},
		{Plugin: "b", Tables: []Table{{Key: "user", Indexes: []Index{ix, {Fields: []string{"name"}}}}}},
	}
	s, err := Merge(in)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(s.Table("user").Indexes); n != 2 {
		t.Fatalf("indexes = %d", n)
	}
}

func TestUnknownRenameFails(t *testing.T) {
	in := coreInput()
	in.Options = map[string]TableOptions{"user": {Fields: map[string]string{"zzz": "a", "aaa": "b"}}}
	_, err := Merge(in)
	if err == nil || !strings.Contains(err.Error(), `"aaa" is not a field of the user table (fields: name, email)`) {
		t.Fatalf("err = %v", err)
	}
}

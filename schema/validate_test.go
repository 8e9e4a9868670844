package schema

import (
	"strings"
	"testing"
)

func TestValidateErrors(t *testing.T) {
	str := func(n string) Field { return Field{Name: n, Type: TypeString} }
	cases := []struct {
		name string
		s    *Schema
		want string
	}{
		{"unknown type", &Schema{Tables: []*Table{{Key: "t", Fields: []Field{{Name: "a", Type: "uuid"}}}}}, `t.a: unsupported field type "uuid"`},
		{"enum without values", &Schema{Tables: []*Table{{Key: "t", Fields: []Field{{Name: "a", Type: TypeEnum}}}}}, `t.a: an enum field needs at least one value`},
		{"id declared", &Schema{Tables: []*Table{{Key: "t", Fields: []Field{str("id")}}}}, `t.id: the id field is implicit`},
		{"two fields one column", &Schema{Tables: []*Table{{Key: "t", Fields: []Field{str("a"), {Name: "b", Type: TypeString, Column: "A"}}}}}, `t: fields "a" and "b" both map to column "A"`},
		{"two tables one name", &Schema{Tables: []*Table{{Key: "user", ModelName: "account"}, {Key: "account"}}}, `tables "user" and "account" both map to the physical table "account"`},
		{"json indexed", &Schema{Tables: []*Table{{Key: "t", Fields: []Field{{Name: "a", Type: TypeJSON, Index: true}}}}}, `t.a: a json column cannot be indexed`},
		{"json in table index", &Schema{Tables: []*Table{{Key: "t", Fields: []Field{{Name: "a", Type: TypeStringArray}}, Indexes: []Index{{Fields: []string{"a"}}}}}}, `field "a" is string[] and cannot be indexed`},
		{"unique optional", &Schema{Tables: []*Table{{Key: "t", Fields: []Field{{Name: "a", Type: TypeString, Required: Optional}}, Indexes: []Index{{Fields: []string{"a"}, Unique: true}}}}}, `a unique index may only hold required fields, and "a" is optional`},
		{"unknown index field", &Schema{Tables: []*Table{{Key: "t", Fields: []Field{str("a")}, Indexes: []Index{{Fields: []string{"b"}}}}}}, `unknown field "b"`},
		{"duplicate index field", &Schema{Tables: []*Table{{Key: "t", Fields: []Field{str("a")}, Indexes: []Index{{Fields: []string{"a", "a"}}}}}}, `field "a" is listed twice`},
		{"empty index", &Schema{Tables: []*Table{{Key: "t", Fields: []Field{str("a")}, Indexes: []Index{{}}}}}, `needs 1 to 16 fields, has 0`},
		{"bad name", &Schema{Tables: []*Table{{Key: "t", Fields: []Field{str("a")}, Indexes: []Index{{Fields: []string{"a"}, Name: `x"y`}}}}}, `a name may hold only letters`},
		{"long name", &Schema{Tables: []*Table{{Key: "t", Fields: []Field{str("a")}, Indexes: []Index{{Fields: []string{"a"}, Name: strings.Repeat("a", 64)}}}}}, `longer than 63 bytes`},
		{"name is a table", &Schema{Tables: []*Table{{Key: "t", Fields: []Field{str("a")}, Indexes: []Index{{Fields: []string{"a"}, Name: "U"}}}, {Key: "u"}}}, `index name "U" is also the name of table "u"`},
		{"reserved by field index", &Schema{Tables: []*Table{{Key: "t", Fields: []Field{{Name: "a", Type: TypeString, Index: true}}, Indexes: []Index{{Fields: []string{"a"}}}}}}, `index "t_a_idx" has the same name as the index of field "a"`},
		{"same name two tables", &Schema{Tables: []*Table{
			{Key: "t", Fields: []Field{str("a")}, Indexes: []Index{{Fields: []string{"a"}, Name: "shared_lookup"}}},
			{Key: "u", Fields: []Field{str("a")}, Indexes: []Index{{Fields: []string{"a"}, Name: "Shared_Lookup"}}}}}, `index name "Shared_Lookup" is used on both "t" and "u"`},
		{"ambiguous generated name", &Schema{Tables: []*Table{{Key: "ambiguous", Fields: []Field{str("a"), str("a_b"), str("b_c"), str("c")},
			Indexes: []Index{{Fields: []string{"a_b", "c"}}, {Fields: []string{"a", "b_c"}}}}}}, `index name "ambiguous_a_b_c_idx" is used for two different indexes`},
		{"bad reference field", &Schema{Tables: []*Table{{Key: "user"}, {Key: "t", Fields: []Field{{Name: "u", Type: TypeString, References: &Reference{Model: "user", Field: "nope"}}}}}}, `t.u: references user.nope, which does not exist`},
		{"bad onDelete", &Schema{Tables: []*Table{{Key: "user"}, {Key: "t", Fields: []Field{{Name: "u", Type: TypeString, References: &Reference{Model: "user", Field: "id", OnDelete: "explode"}}}}}}, `unknown onDelete "explode"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := Validate(c.s)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v\nwant %q", err, c.want)
			}
		})
	}
}

func TestValidateAccepts(t *testing.T) {
	s := &Schema{Tables: []*Table{
		{Key: "user", Fields: []Field{{Name: "email", Type: TypeString, Unique: true}}},
		{Key: "t", Fields: []Field{
			{Name: "a", Type: TypeString},
			{Name: "s", Type: TypeEnum, Enum: []string{"x", "y"}},
			{Name: "ext", Type: TypeString, References: &Reference{Model: "category", Field: "id"}}, // outside the schema: passes through
		}, Indexes: []Index{{Fields: []string{"a", "s"}, Unique: true}, {Fields: []string{"id", "a"}}, {Fields: []string{"a", "s"}, Unique: true}}},
	}}
	if err := Validate(s); err != nil {
		t.Fatal(err)
	}
}

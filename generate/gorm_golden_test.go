package generate_test

import (
	"path/filepath"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/generate"
	"github.com/authctl/authctl/schema"
)

// gormRelations holds the shapes no built-in plugin has yet: a self-reference
// (set null, renamed column), a foreign key to a unique non-id field
// (restrict), two foreign keys to one table (one no action), Go names that
// collide (a user column next to userId, a tableName column, a table keyed
// "models"), string defaults GORM cannot write bare (quotes, parentheses)
// or must escape in its tag (;), a unique index over a field and the id,
// an enum default and a JSON column.
var gormRelations = fixture{"relations", func() core.Options {
	userRef := func(action schema.OnDelete) *schema.Reference {
		return &schema.Reference{Model: "user", Field: "id", OnDelete: action}
	}
	return core.Options{Plugins: []core.Plugin{testPlugin{[]schema.Table{
		{Key: "organization", ModelName: "organizations", Fields: []schema.Field{
			{Name: "name", Type: schema.TypeString},
			{Name: "slug", Type: schema.TypeString, Unique: true},
			{Name: "parentId", Type: schema.TypeString, Required: schema.Optional, Column: "parent_id",
				References: &schema.Reference{Model: "organization", Field: "id", OnDelete: schema.SetNull}},
			{Name: "tableName", Type: schema.TypeString, Required: schema.Optional},
			{Name: "motto", Type: schema.TypeString, Required: schema.Optional, Default: `say "hi"; it's (free)`},
			{Name: "kind", Type: schema.TypeString, Default: "team;org"},
		}},
		{Key: "invitation", Fields: []schema.Field{
			{Name: "organizationSlug", Type: schema.TypeString,
				References: &schema.Reference{Model: "organizations", Field: "slug", OnDelete: schema.Restrict}},
			{Name: "inviterId", Type: schema.TypeString, References: userRef("")},
			{Name: "inviteeId", Type: schema.TypeString, Required: schema.Optional, References: userRef(schema.NoAction)},
			{Name: "user", Type: schema.TypeString, Required: schema.Optional},
			{Name: "userId", Type: schema.TypeString, Index: true, References: userRef(schema.Cascade)},
			{Name: "status", Type: schema.TypeEnum, Enum: []string{"pending", "accepted"}, Default: "pending"},
			{Name: "expiresAt", Type: schema.TypeDate},
		}, Indexes: []schema.Index{{Fields: []string{"organizationSlug", "id"}, Unique: true}}},
		{Key: "models", Fields: []schema.Field{{Name: "value", Type: schema.TypeJSON}}},
	}}}}
}}

// Golden files: generate/testdata/gorm/<fixture>/<dialect>.go (the go
// command ignores testdata folders; gofmt checks them like any Go file).
func TestGORMGolden(t *testing.T) {
	for _, fx := range gormFixtures() {
		s := schemaOf(t, fx)
		for _, d := range dialectNames {
			b, err := generate.GORM(s, generate.GORMOptions{Dialect: d, Package: "authmodel"})
			if err != nil {
				t.Fatalf("%s/%s: %v", fx.name, d, err)
			}
			checkGolden(t, filepath.Join("testdata", "gorm", fx.name, d+".go"), string(b))
		}
	}
}

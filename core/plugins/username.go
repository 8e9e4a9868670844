package plugins

import (
	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// UsernameOptions configures Username.
type UsernameOptions struct {
	// NoDisplayUsername drops the displayUsername column (Better Auth's
	// displayUsername: false). The zero value keeps it, as Better Auth does.
	NoDisplayUsername bool
	// MinUsernameLength defaults to 3; MaxUsernameLength to 30.
	MinUsernameLength int
	MaxUsernameLength int
}

// Username adds sign-in by username: the user.username (unique) and
// user.displayUsername columns.
func Username(opts ...UsernameOptions) core.Plugin { return username{first(opts)} }

type username struct{ o UsernameOptions }

func (username) ID() string { return "username" }

func (p username) Schema() []schema.Table {
	fields := []schema.Field{
		{Name: "username", Type: schema.TypeString, Required: schema.Optional, Unique: true, Sortable: true},
	}
	if !p.o.NoDisplayUsername {
		fields = append(fields, schema.Field{Name: "displayUsername", Type: schema.TypeString, Required: schema.Optional})
	}
	return []schema.Table{{Key: "user", Fields: fields}}
}

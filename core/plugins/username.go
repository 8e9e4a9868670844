package plugins

import (
	"errors"
	"fmt"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// UsernameOptions configures Username.
type UsernameOptions struct {
	// NoDisplayUsername drops the displayUsername column (Better Auth's
	// displayUsername: false). The zero value keeps it, as Better Auth does.
	NoDisplayUsername bool
	// MinUsernameLength defaults to 3; MaxUsernameLength to 30. They do not
	// change the schema; a minimum above the maximum is an error.
	MinUsernameLength int
	MaxUsernameLength int
	// Schema renames the user.username and user.displayUsername columns.
	Schema Schema
}

// Username adds sign-in by username (Better Auth's username, id
// "username"): the user.username (unique) and user.displayUsername columns.
//
// The Go handler runs the plugin too (core.RuntimePlugin): sign-up and
// update-user validate, lowercase and deduplicate the username, and
// POST /sign-in/username and /is-username-available are served.
func Username(opts ...UsernameOptions) core.Plugin {
	o, err := one(opts)
	return &usernamePlugin{o: o, plugin: &plugin{
		id: "username", optErr: err, schema: o.Schema,
		rules: rules{options: "UsernameOptions", plugin: "username",
			off: map[string]string{"user.displayUsername": "UsernameOptions.NoDisplayUsername is false"}},
		tables: func() []schema.Table {
			fields := []schema.Field{
				{Name: "username", Type: schema.TypeString, Required: schema.Optional, Unique: true, Sortable: true},
			}
			if !o.NoDisplayUsername {
				fields = append(fields, schema.Field{Name: "displayUsername", Type: schema.TypeString, Required: schema.Optional})
			}
			return []schema.Table{{Key: "user", Fields: fields}}
		},
		conflicts: func() error {
			var errs []error
			if o.MinUsernameLength < 0 || o.MaxUsernameLength < 0 {
				errs = append(errs, fmt.Errorf("UsernameOptions: MinUsernameLength (%d) and MaxUsernameLength (%d) may not be negative", o.MinUsernameLength, o.MaxUsernameLength))
			}
			minLen, maxLen := o.MinUsernameLength, o.MaxUsernameLength
			if minLen == 0 {
				minLen = 3
			}
			if maxLen == 0 {
				maxLen = 30
			}
			if minLen > maxLen {
				errs = append(errs, fmt.Errorf("UsernameOptions: MinUsernameLength %d is above MaxUsernameLength %d", minLen, maxLen))
			}
			return errors.Join(errs...)
		},
	}}
}

// usernamePlugin is Username's plugin, which also runs in the handler
// (username_runtime.go).
type usernamePlugin struct {
	*plugin
	o UsernameOptions
}

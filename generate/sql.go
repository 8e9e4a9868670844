package generate

import (
	"errors"

	"github.com/authctl/authctl/schema"
)

// SQLOptions configures SQL rendering.
type SQLOptions struct {
	// Dialect is "sqlite", "postgres" or "mysql".
	Dialect string
	// Compat reproduces Better Auth 1.7.5's output byte for byte.
	Compat bool
}

// SQL renders the full schema for an empty database. (Placeholder: being
// written.)
func SQL(s *schema.Schema, o SQLOptions) ([]byte, error) {
	return nil, errors.New("not implemented")
}

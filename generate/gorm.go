package generate

import (
	"errors"

	"github.com/authctl/authctl/schema"
)

// renderGORM renders the GORM schema. (Not written yet.)
func renderGORM(s *schema.Schema, t Target, existing Existing) (Files, error) {
	return nil, errors.New("--adapter gorm is not available in this version yet; use --adapter sql")
}

package generate

import (
	"errors"

	"github.com/authctl/authctl/schema"
)

// renderDrizzle renders the Drizzle schema. (Not written yet.)
func renderDrizzle(s *schema.Schema, t Target, existing Existing) (Files, error) {
	return nil, errors.New("--adapter drizzle is not available in this version yet; use --adapter sql")
}

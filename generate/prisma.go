package generate

import (
	"errors"

	"github.com/authctl/authctl/schema"
)

// renderPrisma renders the Prisma schema. (Not written yet.)
func renderPrisma(s *schema.Schema, t Target, existing Existing) (Files, error) {
	return nil, errors.New("--adapter prisma is not available in this version yet; use --adapter sql")
}

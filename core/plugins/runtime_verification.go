package plugins

import (
	"fmt"

	"github.com/authctl/authctl/core"
)

// needVerificationTable refuses to start a plugin that keeps values
// (codes, tokens, challenges) as verification values when the schema has
// no verification table: with SecondaryStorage and without
// Verification.StoreInDatabase, Better Auth 1.7.5 keeps them only in the
// secondary storage, which the Go handler does not do yet. Refusing at
// Open names the fix; serving would fail at the first request.
func needVerificationTable(in *core.PluginInit, what string) error {
	if in.Schema.Table("verification") != nil {
		return nil
	}
	return fmt.Errorf("its %s are verification values, which the Go handler keeps only in the verification table: set Verification.StoreInDatabase", what)
}

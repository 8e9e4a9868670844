package cmd

import (
	"context"
	"errors"

	"github.com/spf13/cobra"
)

// MigrateOptions are the parsed flags of `authctl migrate`.
type MigrateOptions struct {
	IO *IOStreams
}

// NewCmdMigrate returns `authctl migrate`. (Being written.)
func NewCmdMigrate(f *Factory, runF func(context.Context, *MigrateOptions) error) *cobra.Command {
	o := &MigrateOptions{IO: f.IO}
	return &cobra.Command{
		Use:    "migrate",
		Short:  "Apply the missing part of the auth schema to a live database",
		Hidden: true,
		RunE: func(c *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(c.Context(), o)
			}
			return errors.New("migrate is not available in this version yet; use `authctl generate` and apply the SQL")
		},
	}
}

package cmd

import (
	"context"
	"errors"

	"github.com/spf13/cobra"
)

// InitOptions are the parsed flags of `authctl init`.
type InitOptions struct {
	IO *IOStreams
}

// NewCmdInit returns `authctl init`. (Being written.)
func NewCmdInit(f *Factory, runF func(context.Context, *InitOptions) error) *cobra.Command {
	o := &InitOptions{IO: f.IO}
	return &cobra.Command{
		Use:    "init",
		Short:  "Scaffold auth into a Go web project",
		Hidden: true,
		RunE: func(c *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(c.Context(), o)
			}
			return errors.New("init is not available in this version yet")
		},
	}
}

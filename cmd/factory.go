package cmd

import (
	"context"

	"github.com/authctl/authctl/configload"
	"github.com/authctl/authctl/prompt"
)

// Factory carries what commands share. Tests replace any part of it.
type Factory struct {
	IO       *IOStreams
	Prompter prompt.Prompter
	// LoadConfig loads the project's auth config.
	LoadConfig func(ctx context.Context, o configload.Options) (*configload.Config, error)
	// Version is authctl's version string.
	Version string
}

// NewFactory returns the factory of a real run on io.
func NewFactory(io *IOStreams) *Factory {
	return &Factory{
		IO:         io,
		Prompter:   prompt.New(io.In, io.Out, io.ErrOut),
		LoadConfig: configload.Load,
		Version:    Version(),
	}
}

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
	// Source is the checkout of authctl this binary was built from, which
	// init makes a project require authctl from (see sourceDir), or "".
	Source string
}

// NewFactory returns the factory of a real run on io. Its prompts end with
// prompt.ErrInterrupted when ctx is cancelled (main cancels it on SIGINT
// and SIGTERM).
func NewFactory(ctx context.Context, io *IOStreams) *Factory {
	return &Factory{
		IO:         io,
		Prompter:   prompt.NewContext(ctx, io.In, io.Out, io.ErrOut),
		LoadConfig: configload.Load,
		Version:    Version(),
		Source:     sourceDir(),
	}
}

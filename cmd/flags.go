package cmd

import (
	"context"
	"fmt"

	"github.com/authctl/authctl/configload"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Flag names shared by several commands, so they read the same everywhere.
const (
	flagCwd    = "cwd"
	flagConfig = "config"
	flagExport = "export"
	flagYes    = "yes"
	flagJSON   = "json"
)

// projectFlags locate the project and its auth config.
type projectFlags struct {
	Cwd    string
	Config string
	Export string
	Loader string
}

func addProjectFlags(fs *pflag.FlagSet, p *projectFlags) {
	fs.StringVar(&p.Cwd, flagCwd, "", "the project directory (default: the current directory)")
	fs.StringVar(&p.Config, flagConfig, "", "the auth config file or package directory (default: discovered, see README)")
	fs.StringVar(&p.Export, flagExport, "Auth", "the name of the config's *core.Auth variable")
	fs.StringVar(&p.Loader, "loader", configload.LoaderAuto, "how the config is read: auto (static when certain, else compiled), static or compiled")
}

func (p projectFlags) loadOptions() configload.Options {
	return configload.Options{Dir: p.Cwd, Config: p.Config, Export: p.Export, Loader: p.Loader}
}

// printConfigWarnings prints the config's warnings (problems that keep the
// server from starting but do not change the schema) on stderr.
// loadProjectConfig loads the config the project flags name (progress on
// stderr), prints its warnings, and returns it with its path relative to
// the config's folder: the first step of generate, migrate and migrate
// diff.
func loadProjectConfig(ctx context.Context, p projectFlags, io *IOStreams,
	load func(context.Context, configload.Options) (*configload.Config, error)) (*configload.Config, string, error) {
	lo := p.loadOptions()
	lo.Progress = io.ErrOut
	cfg, err := load(ctx, lo)
	if err != nil {
		return nil, "", err
	}
	printConfigWarnings(io, cfg)
	return cfg, relTo(cfg.Dir, cfg.Path), nil
}

func printConfigWarnings(io *IOStreams, cfg *configload.Config) {
	for _, w := range cfg.Manifest.Warnings {
		fmt.Fprintf(io.ErrOut, "%s %s\n", io.Warn("warning:"), w)
	}
}

func addYesFlag(fs *pflag.FlagSet, yes *bool) {
	fs.BoolVarP(yes, flagYes, "y", false, "do not ask for confirmation")
}

func addJSONFlag(fs *pflag.FlagSet, j *bool, what string) {
	fs.BoolVar(j, flagJSON, false, what)
}

// noArgs is cobra.NoArgs with a message that says what went wrong: cobra's
// reads `unknown command "x"`, as if a subcommand had been meant.
func noArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%s takes no arguments, but got %q; options are flags (see '%s --help')", c.CommandPath(), args[0], c.CommandPath())
	}
	return nil
}

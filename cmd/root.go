package cmd

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/authctl/authctl/prompt"
)

// Execute runs authctl with args on io and returns the exit code. main
// calls it with a context that is cancelled on SIGINT and SIGTERM.
func Execute(ctx context.Context, args []string, io *IOStreams) int {
	return run(ctx, NewFactory(io), args)
}

func run(ctx context.Context, f *Factory, args []string) int {
	root := NewCmdRoot(f)
	root.SetArgs(args)
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	err := root.ExecuteContext(ctx)
	code := exitCode(ctx, err)
	var s errSilent
	switch {
	case err == nil || errors.As(err, &s):
	case code == ExitInterrupted:
		fmt.Fprintln(f.IO.ErrOut, "authctl: interrupted; nothing was written")
	default:
		fmt.Fprintln(f.IO.ErrOut, "authctl: "+strings.TrimSpace(err.Error()))
	}
	return code
}

// NewCmdRoot returns the root command with every subcommand.
func NewCmdRoot(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "authctl <command> [flags]",
		Short: "Schema generation and migrations for Go auth configs",
		Long: `authctl reads your auth config (auth.go, a package-level
var Auth = core.New(core.Options{...})) and keeps the database in step with it:
it writes schema files (SQL, Prisma, Drizzle, GORM) and checks them in CI,
migrates live SQLite, PostgreSQL and MySQL databases safely, and scaffolds
auth into Go web projects.

Exit codes: 0 ok or in sync, 1 error, 2 drift found by --check,
3 refused as unsafe, 130 interrupted.`,
		Example: `  authctl init --framework chi --database postgres --plugins twoFactor
  authctl generate --dialect postgres
  authctl generate --check
  authctl migrate --yes
  authctl secret --write`,
		Version:           f.Version,
		SilenceErrors:     true,
		SilenceUsage:      true,
		DisableAutoGenTag: true,
		PersistentPreRun: func(c *cobra.Command, _ []string) {
			if noColor, _ := c.Flags().GetBool("no-color"); noColor {
				f.IO.NoColor = true
				prompt.DisableColor()
			}
		},
	}
	root.SetVersionTemplate("authctl {{.Version}}\n")
	root.PersistentFlags().Bool("no-color", false, "disable colour (also NO_COLOR)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return fmt.Errorf("%w (see '%s --help')", err, c.CommandPath())
	})
	root.AddCommand(
		NewCmdGenerate(f, nil),
		NewCmdMigrate(f, nil),
		NewCmdInit(f, nil),
		NewCmdSecret(f, nil),
		NewCmdVersion(f),
	)
	return root
}

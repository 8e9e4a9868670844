package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/authctl/authctl/prompt"
)

// Execute runs authctl with args on io and returns the exit code. main
// calls it with a context that is cancelled on SIGINT and SIGTERM.
func Execute(ctx context.Context, args []string, io *IOStreams) int {
	return run(ctx, NewFactory(ctx, io), args)
}

func run(ctx context.Context, f *Factory, args []string) int {
	out := &countingWriter{w: f.IO.Out}
	f.IO.Out = out
	root := NewCmdRoot(f)
	root.SetArgs(args)
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	c, err := root.ExecuteContextC(ctx)
	code := exitCode(ctx, err)
	msg := ""
	var s errSilent
	switch {
	case err == nil:
	case code == ExitInterrupted:
		msg = "interrupted; nothing was written"
	default:
		msg = strings.TrimSpace(err.Error())
		if strings.HasPrefix(msg, "unknown command ") {
			msg = unknownCommand(msg)
		}
	}
	if msg != "" && !errors.As(err, &s) {
		fmt.Fprintln(f.IO.ErrOut, "authctl: "+msg)
	}
	if err != nil && out.n == 0 && jsonRequested(c) {
		// Every --json run prints one object, a failed one too, so a
		// script reading stdout never gets nothing. (migrate prints its
		// own, fuller one.)
		_ = writeJSON(f.IO, map[string]string{"status": "failed", "error": msg})
	}
	return code
}

// unknownCommand makes cobra's several-line "unknown command" message one
// line: the suggestions it lists, else where the commands are.
func unknownCommand(msg string) string {
	first, rest, _ := strings.Cut(msg, "\n")
	var near []string
	for _, l := range strings.Split(rest, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasSuffix(l, "?") {
			near = append(near, l)
		}
	}
	if len(near) > 0 {
		return first + "; did you mean " + strings.Join(near, " or ") + "?"
	}
	return first + " (see 'authctl --help' for the commands)"
}

// jsonRequested reports whether c ran with --json.
func jsonRequested(c *cobra.Command) bool {
	if c == nil {
		return false
	}
	on, err := c.Flags().GetBool(flagJSON)
	return err == nil && on
}

// countingWriter counts what a command wrote to stdout.
type countingWriter struct {
	w io.Writer
	n int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += n
	return n, err
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
	// The same line as `authctl version` (a version holds no "{{").
	root.SetVersionTemplate(versionLine(f.Version) + "\n")
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
	registerCompletions(root)
	return root
}

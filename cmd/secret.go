package cmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/authctl/authctl/dotenv"
	"github.com/authctl/authctl/secret"
	"github.com/spf13/cobra"
)

// SecretOptions are the parsed flags of `authctl secret`.
type SecretOptions struct {
	IO    *IOStreams
	Cwd   string
	Write string // "" = print only; else the env file
	Force bool
	JSON  bool
}

// NewCmdSecret returns `authctl secret`.
func NewCmdSecret(f *Factory, runF func(context.Context, *SecretOptions) error) *cobra.Command {
	o := &SecretOptions{IO: f.IO}
	c := &cobra.Command{
		Use:   "secret [--write [FILE]]",
		Short: "Print a new BETTER_AUTH_SECRET",
		Long: `Secret prints a new secret: 32 bytes from the operating system's
cryptographic random source, as 64 hex characters. stdout gets only the
line BETTER_AUTH_SECRET=..., so that "authctl secret >> .env" works; the
words around it go to stderr.

--write sets BETTER_AUTH_SECRET in .env (or the file given) instead, keeping
every other line; an existing value is replaced only with --force.`,
		Example: `  authctl secret
  authctl secret >> .env
  authctl secret --write
  authctl secret --write .env.local --force`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			// pflag reads an optional value only as --write=FILE; accept the
			// spelling `--write FILE` too, as the help shows it.
			if len(args) == 1 {
				if !c.Flags().Changed("write") || o.Write != ".env" {
					return fmt.Errorf("unexpected argument %q; did you mean --write %s?", args[0], args[0])
				}
				o.Write = args[0]
			}
			if runF != nil {
				return runF(c.Context(), o)
			}
			return secretRun(o)
		},
	}
	fs := c.Flags()
	fs.StringVar(&o.Cwd, flagCwd, "", "the project directory for --write (default: the current directory)")
	fs.StringVar(&o.Write, "write", "", "set BETTER_AUTH_SECRET in this env file instead of printing it (--write alone: .env)")
	fs.Lookup("write").NoOptDefVal = ".env"
	fs.BoolVar(&o.Force, "force", false, "with --write, replace an existing BETTER_AUTH_SECRET")
	addJSONFlag(fs, &o.JSON, `print {"secret": "..."} on stdout (with --write: {"file": ..., "key": "BETTER_AUTH_SECRET"}, without the secret)`)
	return c
}

func secretRun(o *SecretOptions) error {
	s, err := secret.Generate()
	if err != nil {
		return fmt.Errorf("cannot generate a secret: %w", err)
	}
	if o.Write == "" {
		if o.JSON {
			return writeJSON(o.IO, map[string]string{"secret": s})
		}
		// The value line alone on stdout (`authctl secret >> .env`); the
		// reference's words before it on stderr, so a terminal shows its text.
		fmt.Fprint(o.IO.ErrOut, secret.Intro)
		_, err := fmt.Fprint(o.IO.Out, secret.Line(s))
		return err
	}
	path := o.Write
	if !filepath.IsAbs(path) && o.Cwd != "" {
		path = filepath.Join(o.Cwd, path)
	}
	if err := secret.Write(path, s, o.Force); err != nil {
		if errors.Is(err, dotenv.ErrExists) {
			return fmt.Errorf("%s already sets %s; pass --force to replace it", o.Write, secret.EnvKey)
		}
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("cannot write %s: its directory does not exist; create it, or pass --write another file", o.Write)
		}
		return err
	}
	if o.JSON {
		return writeJSON(o.IO, map[string]string{"file": o.Write, "key": secret.EnvKey})
	}
	fmt.Fprintf(o.IO.ErrOut, "%s Set %s in %s\n", o.IO.Success("✔"), secret.EnvKey, o.Write)
	return nil
}

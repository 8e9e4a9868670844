package cmd

import (
	"context"

	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/authctl/authctl/configload"
	"github.com/authctl/authctl/dialects"
	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/migrate"
	"github.com/authctl/authctl/migrate/versioned"
)

// defaultMigrationDir is --dir's default, relative to --cwd.
const defaultMigrationDir = "migrations"

// MigrateDiffOptions are the parsed flags of `authctl migrate diff`.
type MigrateDiffOptions struct {
	IO         *IOStreams
	LoadConfig func(context.Context, configload.Options) (*configload.Config, error)

	Project     projectFlags
	Name        string
	Dir         string
	Format      string
	Dialect     string
	DevURL      string
	Check       bool
	AllowUnsafe bool
	Timeout     time.Duration
	JSON        bool
	// DevURLSet says that --dev-url was given, even as "".
	DevURLSet bool
}

// NewCmdMigrateDiff returns `authctl migrate diff`. runF replaces the run
// function in tests.
func NewCmdMigrateDiff(f *Factory, runF func(context.Context, *MigrateDiffOptions) error) *cobra.Command {
	o := &MigrateDiffOptions{IO: f.IO, LoadConfig: f.LoadConfig}
	c := &cobra.Command{
		Use:   "diff NAME --format goose|golang-migrate|dbmate|atlas|sql [--dir DIR]",
		Short: "Write the next versioned migration file for goose, golang-migrate, dbmate or Atlas",
		Long: `Diff writes the next file of a migration directory, for the tool that applies
it: it replays the directory's up migrations into a dev database, compares the
result with your auth config, and writes what is missing as NAME, in the
tool's layout and naming:

  goose            VERSION_NAME.sql with -- +goose Up / Down sections
  golang-migrate   VERSION_NAME.up.sql and VERSION_NAME.down.sql
  dbmate           VERSION_NAME.sql with -- migrate:up / down sections
  atlas            VERSION_NAME.sql, and atlas.sum updated
  sql              VERSION_NAME.sql, up statements only (0001_init.sql style)

The first file of an empty directory is the whole schema. VERSION is a UTC
timestamp (YYYYMMDDHHMMSS), or the next number when the directory numbers its
files sequentially (0001_init.sql, 0002_…). Existing files are never changed.

The dev database is an in-memory SQLite database for SQLite; for PostgreSQL
and MySQL pass --dev-url with an empty scratch database: authctl replays the
directory there and drops what it created afterwards. The live database is
never read.

The changes are those authctl migrate would make (additions only; drift is
reported, never altered). A change that fails on a table holding rows (a
required column without a default, a unique index or foreign key over
existing columns, on SQLite a table copy) is refused (exit 3) unless
--allow-unsafe, which writes it marked UNSAFE in the file.

--check writes nothing: it prints the missing statements and exits 2 when
the directory lags the config, 0 when it is in step (a CI drift check).

Exit codes: 0 written or in step, 1 error, 2 the directory lags (--check),
3 refused as unsafe, 130 interrupted.`,
		Example: `  # the next goose migration, for the config's SQLite database
  authctl migrate diff add_two_factor --format goose --dir db/migrations

  # golang-migrate files for PostgreSQL, replayed into a scratch database
  authctl migrate diff add_org --format golang-migrate --dir migrations \
    --dev-url "postgres://postgres:pass@localhost:5432/scratch?sslmode=disable"

  # CI: fail (exit 2) when the committed migrations lag the config
  authctl migrate diff --check --format goose --dir db/migrations`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 1 {
				return fmt.Errorf("%s takes one migration NAME, but got %d arguments (%s); options are flags", c.CommandPath(), len(args), strings.Join(args, " "))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.Name = args[0]
			}
			o.DevURLSet = c.Flags().Changed("dev-url")
			if runF != nil {
				return runF(c.Context(), o)
			}
			return migrateDiffRun(c.Context(), o)
		},
	}
	fs := c.Flags()
	addProjectFlags(fs, &o.Project)
	fs.StringVar(&o.Dir, "dir", defaultMigrationDir, "the migration directory, relative to --cwd (created when missing)")
	fs.StringVar(&o.Format, "format", "", "the directory's tool: goose, golang-migrate, dbmate, atlas or sql (required)")
	fs.StringVar(&o.Dialect, "dialect", "", "sqlite, postgres or mysql (default: the engine of --dev-url, else the dialect of the config's Database)")
	fs.StringVar(&o.DevURL, "dev-url", "", "PostgreSQL, MySQL: an empty scratch database to replay the directory into (emptied again afterwards); SQLite uses an in-memory database")
	fs.BoolVar(&o.Check, "check", false, "write nothing; print the missing statements and exit 2 when the directory lags the config")
	fs.BoolVar(&o.AllowUnsafe, "allow-unsafe", false, "write changes that fail on tables holding rows, marked UNSAFE in the file")
	fs.DurationVar(&o.Timeout, "timeout", migrate.DefaultLockTimeout, "how long to wait for the dev database to answer")
	formats := make([]string, len(versioned.Formats))
	for i, f := range versioned.Formats {
		formats[i] = string(f)
	}
	addJSONFlag(fs, &o.JSON, "print the outcome as one JSON object on stdout")
	_ = c.RegisterFlagCompletionFunc("format", fixedValues(formats...))
	return c
}

func migrateDiffRun(ctx context.Context, o *MigrateDiffOptions) error {
	if o.Format == "" {
		return fmt.Errorf("--format is required: goose, golang-migrate, dbmate, atlas or sql (the tool that applies %s)", o.Dir)
	}
	format, err := versioned.ParseFormat(o.Format)
	if err != nil {
		return fmt.Errorf("--format: %w", err)
	}
	if strings.TrimSpace(o.Dir) == "" {
		return fmt.Errorf("--dir is empty; name the migration directory (default %s)", defaultMigrationDir)
	}
	if o.DevURLSet && strings.TrimSpace(o.DevURL) == "" {
		return fmt.Errorf("--dev-url is empty (an unset variable?); pass a scratch database URL, or leave --dev-url out for SQLite")
	}
	if o.Check && o.AllowUnsafe {
		return fmt.Errorf("--check writes nothing, so --allow-unsafe has nothing to allow; drop one of them")
	}
	if !o.Check && o.Name == "" {
		return fmt.Errorf("name the migration: authctl migrate diff NAME --format %s (NAME as in add_two_factor), or pass --check to only compare", format)
	}
	if o.Timeout <= 0 {
		return fmt.Errorf("--timeout must be positive, e.g. 10s")
	}
	var dev *dialects.DSN
	if o.DevURL != "" {
		if dev, err = dialects.ParseDSN(o.DevURL); err != nil {
			return fmt.Errorf("--dev-url: %w", err)
		}
	}
	if o.Dialect != "" {
		if _, err := engine.Lookup(o.Dialect); err != nil {
			return fmt.Errorf("--dialect: %w", err)
		}
	}

	cfg, configRel, err := loadProjectConfig(ctx, o.Project, o.IO, o.LoadConfig)
	if err != nil {
		return err
	}
	db := cfg.Manifest.Database
	if a := db.Adapter.Name; a != "" && a != "sql" {
		return fmt.Errorf("%s sets Database.Adapter.Name %q: that ORM owns the schema and its migrations; run `authctl generate` and migrate with %s", configRel, a, ormMigrator[a])
	}
	dialect := o.Dialect
	switch {
	case dialect != "":
	case dev != nil:
		dialect = dev.Engine.Name()
	case cfg.Manifest.Database.Dialect != "":
		dialect = cfg.Manifest.Database.Dialect
	default:
		return fmt.Errorf("no dialect: %s sets no Database; pass --dialect sqlite, postgres or mysql", configRel)
	}
	if eng, err := engine.Lookup(dialect); err == nil && db.Dialect != "" && db.Dialect != eng.Name() {
		fmt.Fprintf(o.IO.ErrOut, "%s writing %s migrations while %s configures %s\n", o.IO.Warn("warning:"), eng.Name(), configRel, db.Dialect)
	}
	shown := o.Dir

	res, err := versioned.Diff(ctx, versioned.Options{
		Dir: o.Dir, Root: cfg.Dir, Format: format, Name: o.Name, Dialect: dialect, Schema: cfg.Manifest.Schema,
		DevURL: o.DevURL, AllowUnsafe: o.AllowUnsafe, Timeout: o.Timeout,
	})
	if err != nil {
		if dev != nil {
			return scrubbed{err: err, dsn: dev}
		}
		return err
	}
	p := res.Plan
	out := migrateDiffJSON{Format: string(format), Dialect: p.Dialect, Dir: shown, Files: []string{},
		Statements: p.Statements, Warnings: p.Warnings, Unsafe: p.Unsafe}
	report := func(status string, err error) error {
		out.Status = status
		if err != nil {
			out.Error = err.Error()
		}
		if o.JSON {
			if jerr := writeJSON(o.IO, out); jerr != nil && err == nil {
				return jerr
			}
		}
		return err
	}
	fmt.Fprintf(o.IO.ErrOut, "Replayed %d migration file(s) of %s (%s, %s)\n", res.Replayed, shown, format, p.Dialect)
	for _, w := range p.Warnings {
		fmt.Fprintf(o.IO.ErrOut, "%s %s\n", o.IO.Warn("warning:"), w.Message)
	}
	if !p.Pending() {
		fmt.Fprintf(o.IO.ErrOut, "%s is in step with the config: nothing to write.\n", shown)
		return report("in-step", nil)
	}
	if o.Check {
		if !o.JSON {
			fmt.Fprint(o.IO.Out, p.SQL())
		}
		if len(p.Unsafe) > 0 {
			fmt.Fprintf(o.IO.ErrOut, "%s writing this migration would be refused as unsafe (exit 3) without --allow-unsafe:\n", o.IO.Warn("warning:"))
			printProblems(o.IO, p.Unsafe)
		}
		fmt.Fprintf(o.IO.ErrOut, "%s lags the config by %d statement(s); run `authctl migrate diff NAME --format %s` to write them\n", shown, len(p.Statements), format)
		return report("pending", silent(ErrDrift))
	}
	if len(p.Unsafe) > 0 && !o.AllowUnsafe {
		fmt.Fprintln(o.IO.ErrOut, "authctl: the migration was refused as unsafe, and nothing was written:")
		printProblems(o.IO, p.Unsafe)
		fmt.Fprintln(o.IO.ErrOut, "Change the config, or pass --allow-unsafe to write it anyway, marked UNSAFE in the file.")
		return report("refused", silent(fmt.Errorf("%w: %v", ErrUnsafe, &migrate.UnsafeError{Problems: p.Unsafe})))
	}
	if err := versioned.Write(res); err != nil {
		return report("failed", err)
	}
	if res.SumCreated {
		fmt.Fprintf(o.IO.ErrOut, "%s had no atlas.sum; it now covers every file\n", shown)
	}
	for _, f := range res.Files {
		out.Files = append(out.Files, filepath.Join(shown, f.Name))
		fmt.Fprintf(o.IO.ErrOut, "%s Wrote %s\n", o.IO.Success("✔"), filepath.Join(shown, f.Name))
	}
	if len(p.Unsafe) > 0 {
		fmt.Fprintf(o.IO.ErrOut, "%s the migration holds %d change(s) marked UNSAFE; read them before applying it\n", o.IO.Warn("warning:"), len(p.Unsafe))
	}
	return report("written", nil)
}

// migrateDiffJSON is the --json output of migrate diff. A run that fails
// before the directory is replayed prints {"status": "failed", "error"}.
type migrateDiffJSON struct {
	Format  string `json:"format"`
	Dialect string `json:"dialect"`
	Dir     string `json:"dir"`
	// Status is written, in-step, pending (--check), refused (unsafe) or
	// failed.
	Status     string            `json:"status"`
	Files      []string          `json:"files"`
	Statements []string          `json:"statements"`
	Warnings   []migrate.Warning `json:"warnings"`
	Unsafe     []migrate.Problem `json:"unsafe"`
	Error      string            `json:"error,omitempty"`
}

func printProblems(io *IOStreams, ps []migrate.Problem) {
	for _, p := range ps {
		fmt.Fprintf(io.ErrOut, "  - %s\n", p.Message)
	}
}

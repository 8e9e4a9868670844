package cmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/authctl/authctl/configload"
	"github.com/authctl/authctl/dialects"
	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/migrate"
	"github.com/authctl/authctl/prompt"
	"github.com/spf13/cobra"
)

// MigrateOptions are the parsed flags of `authctl migrate`.
type MigrateOptions struct {
	IO         *IOStreams
	Prompter   prompt.Prompter
	LoadConfig func(context.Context, configload.Options) (*configload.Config, error)

	Project     projectFlags
	URL         string
	Schema      string
	DryRun      bool
	Check       bool
	LockTimeout time.Duration
	Yes         bool
	JSON        bool
	// URLSet and SchemaSet say that --url or --schema was given, even as
	// "": an empty value is an error, never "use the default".
	URLSet, SchemaSet bool
}

// NewCmdMigrate returns `authctl migrate`. runF replaces the run function
// in tests.
func NewCmdMigrate(f *Factory, runF func(context.Context, *MigrateOptions) error) *cobra.Command {
	o := &MigrateOptions{IO: f.IO, Prompter: f.Prompter, LoadConfig: f.LoadConfig}
	c := &cobra.Command{
		Use:   "migrate",
		Short: "Apply the missing part of the auth schema to a live database",
		Long: `Migrate compares the live database with your auth config and adds what is
missing: tables, columns, indexes and foreign keys. It never alters, renames or
drops anything; type, nullability and default drift and columns the schema no
longer has are reported as warnings. Adding a required column without a
default to a table that has rows is refused (exit 3).

The database is --url, else DATABASE_URL (the process environment, else
.env.local, else .env: .env.local wins over .env), else the config's Database
URL; the report says which one it used: sqlite:PATH (or file:PATH, or a
plain path, relative to --cwd), postgres://…, mysql://… or
user:pass@tcp(host:3306)/db.

The plan is shown and confirmed first (--yes skips the question; without a
terminal --yes is required). It runs under a lock, so concurrent runs apply it
once, and in one transaction on PostgreSQL and SQLite. MySQL commits each
statement: on failure migrate lists the statements that ran, and running it
again finishes the job.

Exit codes: 0 applied or up to date, 1 error (a lock held past
--lock-timeout included), 2 pending changes (--check), 3 refused as unsafe,
130 interrupted (rolled back on PostgreSQL and SQLite).`,
		Example: `  # show the plan, ask, apply
  authctl migrate

  # CI/CD: apply without asking
  authctl migrate --yes --url "$DATABASE_URL"

  # print the SQL, change nothing
  authctl migrate --dry-run

  # fail CI (exit 2) when the database lacks part of the schema
  authctl migrate --check

  # write the next goose (golang-migrate, dbmate, Atlas) migration file instead
  authctl migrate diff add_two_factor --format goose --dir db/migrations`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			o.URLSet, o.SchemaSet = c.Flags().Changed("url"), c.Flags().Changed("schema")
			if runF != nil {
				return runF(c.Context(), o)
			}
			return migrateRun(c.Context(), o)
		},
	}
	fs := c.Flags()
	addProjectFlags(fs, &o.Project)
	fs.StringVar(&o.URL, "url", "", "the database URL (default: DATABASE_URL, else the config's Database URL)")
	fs.StringVar(&o.Schema, "schema", "", "PostgreSQL: the schema holding the auth tables, created when missing (default: the config's Database.Schema, else the first entry of the connection's search_path)")
	fs.BoolVar(&o.DryRun, "dry-run", false, "print the SQL of the plan on stdout and change nothing")
	fs.BoolVar(&o.Check, "check", false, "change nothing; exit 2 when anything is pending, 0 when the database is up to date")
	fs.DurationVar(&o.LockTimeout, "lock-timeout", migrate.DefaultLockTimeout, "how long to wait for the migration lock of another run, for table locks the application holds, and for connecting")
	addYesFlag(fs, &o.Yes)
	addJSONFlag(fs, &o.JSON, "print the plan and the outcome as one JSON object on stdout")
	c.AddCommand(NewCmdMigrateDiff(f, nil))
	return c
}

// migrateJSON is the --json output: one object per run. A run that fails
// before the database is known prints status "failed" with the error and
// empty dialect, database and schema.
type migrateJSON struct {
	Dialect  string `json:"dialect"`
	Database string `json:"database"`
	Schema   string `json:"schema"`
	// Status is up-to-date, pending (--dry-run, --check), applied, refused
	// (unsafe), cancelled, failed or interrupted.
	Status     string                `json:"status"`
	Changes    []migrate.TableChange `json:"changes"`
	Statements []string              `json:"statements"`
	Applied    []string              `json:"applied"`
	Warnings   []migrate.Warning     `json:"warnings"`
	Unsafe     []migrate.Problem     `json:"unsafe"`
	Error      string                `json:"error,omitempty"`
}

func migrateRun(ctx context.Context, o *MigrateOptions) error {
	reported := false
	err := migrateStart(ctx, o, &reported)
	if err != nil && o.JSON && !reported {
		// Failed before the database was known (flags, config, URL):
		// --json still prints its one object.
		out := migrateJSON{Status: "failed", Changes: []migrate.TableChange{}, Statements: []string{},
			Applied: []string{}, Warnings: []migrate.Warning{}, Unsafe: []migrate.Problem{}, Error: err.Error()}
		if jerr := writeJSON(o.IO, out); jerr != nil {
			return jerr
		}
	}
	return err
}

// migrateStart resolves the config and the database and runs the
// migration; reported says whether the JSON object was written.
func migrateStart(ctx context.Context, o *MigrateOptions, reported *bool) error {
	// `--url "$DATABASE_URL"` with the variable unset must not migrate
	// whatever .env or the config names.
	if o.URLSet && strings.TrimSpace(o.URL) == "" {
		return fmt.Errorf("--url is empty (an unset variable?); pass a database URL, or leave --url out to use DATABASE_URL or the config's Database URL")
	}
	if o.SchemaSet && strings.TrimSpace(o.Schema) == "" {
		return fmt.Errorf("--schema is empty (an unset variable?); pass a schema name, or leave --schema out to use the config's Database.Schema or the connection's search_path")
	}
	for _, f := range []struct {
		on   bool
		name string
	}{{o.Check, "--check"}, {o.DryRun, "--dry-run"}} {
		if f.on && o.Yes {
			return fmt.Errorf("%s applies nothing, so there is nothing for --yes to confirm; drop one of them", f.name)
		}
	}
	if o.Check && o.DryRun {
		return fmt.Errorf("--check and --dry-run are two ways to look without applying; use one (--check for CI, --dry-run for the SQL)")
	}
	if o.LockTimeout <= 0 {
		return fmt.Errorf("--lock-timeout must be positive, e.g. 10s or 1m")
	}
	applying := !o.DryRun && !o.Check
	// Fail before loading anything or touching the database.
	if applying && !o.Yes && (o.JSON || !o.Prompter.CanPrompt()) {
		return needYes("migrating the database")
	}
	cfg, configRel, err := loadProjectConfig(ctx, o.Project, o.IO, o.LoadConfig)
	if err != nil {
		return err
	}
	if a := cfg.Manifest.Database.Adapter.Name; a != "" && a != "sql" {
		return fmt.Errorf("%s sets Database.Adapter.Name %q: that ORM owns the schema, so migrate leaves the database alone; run `authctl generate` and apply the result with %s", configRel, a, ormMigrator[a])
	}
	raw, source := databaseURL(o.URL, cfg)
	if raw == "" {
		return fmt.Errorf("no database to migrate: pass --url, set DATABASE_URL (in the environment or .env), or give the Database in %s a URL", configRel)
	}
	dsn, err := dialects.ParseDSN(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", source, err)
	}
	db := cfg.Manifest.Database
	schemaName := o.Schema
	if schemaName != "" && dsn.Engine != engine.Postgres {
		return fmt.Errorf("--schema is for PostgreSQL only, and %s is a %s database", source, dsn.Engine)
	}
	if schemaName == "" && dsn.Engine == engine.Postgres {
		schemaName = db.Schema
	}
	if db.Dialect != "" && db.Dialect != dsn.Engine.Name() {
		fmt.Fprintf(o.IO.ErrOut, "%s %s names a %s database while %s configures %s; using %s\n",
			o.IO.Warn("warning:"), source, dsn.Engine, configRel, db.Dialect, dsn.Engine)
	}

	r := &migrateReport{o: o, dsn: dsn, out: migrateJSON{
		Dialect: dsn.Engine.Name(), Database: dsn.Location(), Schema: schemaName, Status: "failed",
		Changes: []migrate.TableChange{}, Statements: []string{}, Applied: []string{},
		Warnings: []migrate.Warning{}, Unsafe: []migrate.Problem{},
	}}
	err = r.run(ctx, cfg, source, schemaName)
	*reported = true
	return r.finish(ctx, err)
}

// ormMigrator names the tool that applies an ORM adapter's schema.
var ormMigrator = map[string]string{
	"prisma":  "prisma migrate (or prisma db push)",
	"drizzle": "drizzle-kit migrate (or drizzle-kit push)",
	"gorm":    "GORM's AutoMigrate",
}

// databaseURL picks the URL: --url, else DATABASE_URL from the environment
// the config was loaded with (process environment, .env.local, .env), else
// the config's Database URL; source names where it came from.
func databaseURL(flag string, cfg *configload.Config) (url, source string) {
	if flag != "" {
		return flag, "--url"
	}
	for i := len(cfg.Env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(cfg.Env[i], "DATABASE_URL="); ok && v != "" {
			if where := envOrigin(cfg.Dir, "DATABASE_URL"); where != "" {
				return v, "DATABASE_URL in " + where
			}
			return v, "DATABASE_URL"
		}
	}
	return cfg.Manifest.Database.URL, "the config's Database URL"
}

// migrateReport runs one migration and reports it on stderr, or as JSON.
type migrateReport struct {
	o   *MigrateOptions
	dsn *dialects.DSN
	out migrateJSON
	// confirmed is the plan shown and accepted at the prompt.
	confirmed *migrate.Plan
	shown     bool
}

func (r *migrateReport) run(ctx context.Context, cfg *configload.Config, source, schemaName string) error {
	o := r.o
	applying := !o.DryRun && !o.Check
	fmt.Fprintf(o.IO.ErrOut, "Database: %s %s (from %s)\n", r.dsn.Engine, r.dsn.Location(), source)
	if applying {
		// Opening a SQLite file creates it; a run that applies nothing
		// (declined, refused, failed) must not leave a new empty file.
		if created := newSQLiteFile(r.dsn, cfg.Dir); created != "" {
			defer func() {
				if r.out.Status != "applied" {
					removeSQLiteFiles(created)
				}
			}()
		}
	}
	m, err := migrate.OpenDSN(ctx, r.dsn, migrate.OpenOptions{
		Options:  migrate.Options{Schema: schemaName, LockTimeout: o.LockTimeout},
		Dir:      cfg.Dir,
		ReadOnly: !applying,
	})
	if err != nil {
		return err
	}
	defer m.Close()
	s := cfg.Manifest.Schema

	if !applying || !o.Yes {
		p, err := m.Plan(ctx, s)
		if err != nil {
			return err
		}
		r.show(p)
		if !p.Pending() {
			r.out.Status = "up-to-date"
			fmt.Fprintln(o.IO.ErrOut, "No migrations needed: the database is up to date.")
			return nil
		}
		if len(p.Unsafe) > 0 && !o.Check {
			r.out.Status = "refused"
			if o.DryRun && !o.JSON {
				// --dry-run prints the plan's SQL whatever happens
				// next; the refusal follows on stderr (exit 3).
				fmt.Fprint(o.IO.Out, p.SQL())
			}
			return &migrate.UnsafeError{Problems: p.Unsafe}
		}
		if !applying {
			r.out.Status = "pending"
			if len(p.Unsafe) > 0 {
				// --check answers "is anything pending?" (exit 2), and
				// says that applying would be refused.
				r.out.Unsafe = p.Unsafe
				fmt.Fprintf(o.IO.ErrOut, "%s authctl migrate would refuse this plan (exit 3):\n", o.IO.Warn("warning:"))
				for _, pr := range p.Unsafe {
					fmt.Fprintf(o.IO.ErrOut, "  - %s\n", pr.Message)
				}
			}
			if !o.JSON {
				fmt.Fprint(o.IO.Out, p.SQL())
			}
			if o.Check {
				fmt.Fprintf(o.IO.ErrOut, "%d statement(s) pending; run `authctl migrate` to apply them\n", len(p.Statements))
				return silent(ErrDrift)
			}
			return nil
		}
		ok, err := o.Prompter.Confirm(fmt.Sprintf("Apply these %d statement(s) to %s?", len(p.Statements), r.dsn.Location()), false)
		if err != nil {
			return err
		}
		if !ok {
			r.out.Status = "cancelled"
			return errors.New("migration cancelled; nothing was applied")
		}
		r.confirmed = p
	}

	total := 0
	res, err := m.Apply(ctx, s, migrate.ApplyOptions{
		Confirmed: r.confirmed,
		OnPlan: func(p *migrate.Plan) error {
			total = len(p.Statements)
			if !r.shown {
				r.show(p)
			}
			r.setPlan(p)
			return nil
		},
		OnStatement: func(i int, stmt string) {
			fmt.Fprintf(o.IO.ErrOut, "  [%d/%d] %s\n", i+1, total, abbreviate(stmt, 100))
		},
	})
	if res != nil {
		r.setPlan(res.Plan)
		r.out.Applied = append(r.out.Applied, res.Applied...)
	}
	if err != nil {
		return err
	}
	if res.UpToDate() {
		r.out.Status = "up-to-date"
		if r.confirmed != nil {
			fmt.Fprintln(o.IO.ErrOut, "Another run applied the migration meanwhile: the database is up to date.")
		} else {
			fmt.Fprintln(o.IO.ErrOut, "No migrations needed: the database is up to date.")
		}
		return nil
	}
	r.out.Status = "applied"
	fmt.Fprintf(o.IO.ErrOut, "%s Migration applied: %d statement(s) on %s\n", o.IO.Success("✔"), len(res.Applied), r.dsn.Location())
	return nil
}

// newSQLiteFile returns the path of the SQLite file dsn names when that file
// does not exist yet, else "".
func newSQLiteFile(dsn *dialects.DSN, dir string) string {
	if dsn.Engine != engine.SQLite || dsn.Path == "" || dsn.Path == ":memory:" {
		return ""
	}
	p := dsn.Path
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
		return ""
	}
	return p
}

// removeSQLiteFiles removes a database file migrate created and its
// journal files.
func removeSQLiteFiles(p string) {
	for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
		os.Remove(p + suffix)
	}
}

func abbreviate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}

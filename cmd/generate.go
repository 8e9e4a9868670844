package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/authctl/authctl/configload"
	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/generate"
	"github.com/authctl/authctl/prompt"
	"github.com/spf13/cobra"
)

// defaultSQLFile is where `generate --adapter sql` writes by default.
const defaultSQLFile = "auth-schema.sql"

// GenerateOptions are the parsed flags of `authctl generate`.
type GenerateOptions struct {
	IO         *IOStreams
	Prompter   prompt.Prompter
	LoadConfig func(context.Context, configload.Options) (*configload.Config, error)

	Project    projectFlags
	Adapter    string
	Dialect    string
	Output     string
	Package    string
	UsePlural  bool
	CamelCase  bool
	SchemaName string
	Check      bool
	Compat     bool
	Yes        bool
	JSON       bool

	// DrizzleRelations is --drizzle-relations: v1 (relations()) or v2
	// (defineRelations, drizzle-orm 1.0).
	DrizzleRelations string

	// changed reports whether a flag was given, so that flags override the
	// config's adapter options only when set.
	changed func(name string) bool
}

// NewCmdGenerate returns `authctl generate`. runF replaces the run function
// in tests.
func NewCmdGenerate(f *Factory, runF func(context.Context, *GenerateOptions) error) *cobra.Command {
	o := &GenerateOptions{IO: f.IO, Prompter: f.Prompter, LoadConfig: f.LoadConfig}
	c := &cobra.Command{
		Use:   "generate",
		Short: "Write the schema file for your auth config",
		Long: `Generate renders the full auth schema (core tables and every plugin's tables)
offline and writes it in the chosen format:

  sql      CREATE TABLE statements for an empty database (auth-schema.sql)
  prisma   models merged into prisma/schema.prisma (or prisma/schema/auth.prisma)
  drizzle  a Drizzle schema module (auth-schema.ts)
  gorm     GORM model structs (authmodel/models.go)

Files are written atomically and only after everything rendered. When a file
already holds the same content nothing is written. --check writes nothing: it
prints a unified diff and exits 2 when a file on disk differs (a CI drift check).

The SQL output deliberately differs from Better Auth's in a few documented ways
(static column defaults in CREATE TABLE, MySQL foreign keys, a final newline);
--compat gives the reference's bytes. See the README.`,
		Example: `  # SQL for the dialect of the config's Database, into auth-schema.sql
  authctl generate

  # PostgreSQL SQL to stdout
  authctl generate --dialect postgres --output -

  # merge the auth models into prisma/schema.prisma
  authctl generate --adapter prisma --dialect postgresql

  # a Drizzle schema with plural table names
  authctl generate --adapter drizzle --dialect pg --use-plural

  # a Drizzle schema for drizzle-orm 1.0 (defineRelations)
  authctl generate --adapter drizzle --drizzle-relations v2

  # GORM models in package authmodel
  authctl generate --adapter gorm --output internal/authmodel/models.go

  # fail CI when the committed schema is stale
  authctl generate --check`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			o.changed = c.Flags().Changed
			if runF != nil {
				return runF(c.Context(), o)
			}
			return generateRun(c.Context(), o)
		},
	}
	fs := c.Flags()
	addProjectFlags(fs, &o.Project)
	fs.StringVar(&o.Adapter, "adapter", "", "the schema format: sql, prisma, drizzle or gorm (default: the config's Database.Adapter, else sql)")
	fs.StringVar(&o.Dialect, "dialect", "", "sqlite, postgres or mysql (default: the dialect of the config's Database)")
	fs.StringVarP(&o.Output, "output", "o", "", "the file to write, a directory to write the default file name into, or - for stdout (default per adapter: "+defaultSQLFile+", prisma/schema.prisma, auth-schema.ts, authmodel/models.go)")
	fs.StringVar(&o.Package, "package", "", "gorm: the Go package name (default: the output folder's name)")
	fs.BoolVar(&o.UsePlural, "use-plural", false, "prisma, drizzle: pluralise model and table names (default: the config's Database.Adapter.UsePlural)")
	fs.BoolVar(&o.CamelCase, "camel-case", false, "drizzle: keep camelCase column names instead of snake_case (default: the config's Database.Adapter.CamelCase)")
	fs.StringVar(&o.SchemaName, "schema-name", "", "drizzle on PostgreSQL: put the tables in pgSchema(NAME) (default: the config's Database.Adapter.SchemaName)")
	fs.StringVar(&o.DrizzleRelations, "drizzle-relations", "", "drizzle: the relations API, v1 (relations(), drizzle-orm 0.x) or v2 (defineRelations, drizzle-orm 1.0) (default: the config's Database.Adapter.DrizzleRelations, else v1)")
	fs.BoolVar(&o.Check, "check", false, "write nothing; print a diff and exit 2 if the file is out of date")
	fs.BoolVar(&o.Compat, "compat", false, "sql: reproduce Better Auth 1.7.5's SQL byte for byte")
	addYesFlag(fs, &o.Yes)
	addJSONFlag(fs, &o.JSON, "print the result as a JSON object on stdout")
	return c
}

// generateResult is the --json output.
type generateResult struct {
	Adapter string       `json:"adapter"`
	Dialect string       `json:"dialect"`
	Config  string       `json:"config"`
	Files   []fileResult `json:"files"`
}

type fileResult struct {
	Path   string `json:"path"`
	Status string `json:"status"` // created, updated, unchanged, out-of-date, stdout
}

func generateRun(ctx context.Context, o *GenerateOptions) error {
	if o.changed == nil {
		o.changed = func(string) bool { return false }
	}
	if o.Adapter != "" && !validAdapter(o.Adapter) {
		return fmt.Errorf("unknown --adapter %q; use %s", o.Adapter, strings.Join(generate.Adapters, ", "))
	}
	if o.Adapter != "" {
		// Fail before compiling the config when a flag cannot apply.
		if err := adapterFlagsApply(o, o.Adapter); err != nil {
			return err
		}
	}
	if o.Check && o.Yes {
		return fmt.Errorf("--check writes nothing, so there is nothing for --yes to confirm; drop one of them")
	}
	if o.JSON && o.Output == "-" {
		return fmt.Errorf("--json describes the files written, and --output - writes none (the schema itself goes to stdout); drop one of them")
	}
	if o.Check && o.Output == "-" {
		return fmt.Errorf("--check compares a file on disk and cannot be used with --output -")
	}
	if o.changed("drizzle-relations") {
		if err := generate.CheckDrizzleRelations(o.DrizzleRelations); err != nil {
			return fmt.Errorf("--drizzle-relations: %w", err)
		}
	}
	if o.Dialect != "" {
		// Fail before compiling the config when the flag is wrong.
		if _, err := engine.Lookup(o.Dialect); err != nil {
			return fmt.Errorf("--dialect: %w", err)
		}
	}

	cfg, configRel, err := loadProjectConfig(ctx, o.Project, o.IO, o.LoadConfig)
	if err != nil {
		return err
	}
	db := cfg.Manifest.Database
	t := generate.Target{
		Dir: cfg.Dir, Adapter: o.Adapter, Dialect: o.Dialect, Compat: o.Compat, Package: o.Package,
		UsePlural: db.Adapter.UsePlural, CamelCase: db.Adapter.CamelCase, SchemaName: db.Adapter.SchemaName,
		DrizzleRelations: db.Adapter.DrizzleRelations,
	}
	if o.Output != "-" {
		t.Output = o.Output
	}
	if t.Adapter == "" {
		t.Adapter = db.Adapter.Name
	}
	if t.Adapter == "" {
		t.Adapter = "sql"
	}
	if !validAdapter(t.Adapter) {
		return fmt.Errorf("%s: unknown Database.Adapter.Name %q; use %s", configRel, t.Adapter, strings.Join(generate.Adapters, ", "))
	}
	if err := adapterFlagsApply(o, t.Adapter); err != nil {
		return err
	}
	// A wrong value in the config is an error whatever the adapter: a
	// misspelt option is never silently ignored.
	if err := generate.CheckDrizzleRelations(t.DrizzleRelations); err != nil {
		return fmt.Errorf("%s: Database.Adapter.DrizzleRelations: %w", configRel, err)
	}
	if o.changed("use-plural") {
		t.UsePlural = o.UsePlural
	}
	if o.changed("camel-case") {
		t.CamelCase = o.CamelCase
	}
	if o.changed("schema-name") {
		t.SchemaName = o.SchemaName
	}
	if o.changed("drizzle-relations") {
		t.DrizzleRelations = o.DrizzleRelations
	}
	if t.Dialect == "" {
		if db.Dialect == "" {
			return fmt.Errorf("no SQL dialect: %s sets no Database; pass --dialect sqlite, postgres or mysql", configRel)
		}
		t.Dialect = db.Dialect
	}
	// Every adapter gets the canonical name, whatever the flag's or the
	// config's spelling ("PG", "postgresql", "mariadb", "sqlite3").
	eng, err := engine.Lookup(t.Dialect)
	if err != nil {
		return fmt.Errorf("%s: %w", configRel, err)
	}
	t.Dialect = eng.Name()
	if t.Adapter == "drizzle" && t.SchemaName == "" && !o.changed("schema-name") && db.Schema != "" && db.Schema != "public" && eng == engine.Postgres {
		// Drizzle's tables live where migrate puts them: the config's
		// PostgreSQL schema (pgSchema("public") is refused by drizzle-orm,
		// and public needs no qualifier).
		t.SchemaName = db.Schema
	}

	files, err := generate.Render(cfg.Manifest.Schema, t, generate.ReadExisting)
	if err != nil {
		return err
	}
	if db.Dialect != "" || db.URL != "" {
		// The config's handler opens this database: say when the ORM's
		// file names its tables and columns otherwise.
		for _, w := range generate.NameWarnings(cfg.Manifest.Schema, t) {
			fmt.Fprintf(o.IO.ErrOut, "%s %s\n", o.IO.Warn("warning:"), w)
		}
	}
	res := generateResult{Adapter: t.Adapter, Dialect: t.Dialect, Config: configRel}
	if o.Output == "-" {
		for _, p := range files.Paths() {
			if _, err := o.IO.Out.Write(files[p]); err != nil {
				return err
			}
		}
		return nil
	}
	changes, err := generate.Compare(cfg.Dir, files)
	if err != nil {
		return err
	}
	if o.Check {
		return generateCheck(o, res, changes)
	}
	return generateWrite(ctx, o, res, changes)
}

// adapterFlags lists the flags that only some adapters read.
var adapterFlags = []struct {
	flag     string
	adapters []string
}{
	{"compat", []string{"sql"}},
	{"use-plural", []string{"prisma", "drizzle"}},
	{"camel-case", []string{"drizzle"}},
	{"schema-name", []string{"drizzle"}},
	{"drizzle-relations", []string{"drizzle"}},
	{"package", []string{"gorm"}},
}

// adapterFlagsApply refuses a flag the chosen adapter would ignore: a
// silently dropped --package or --compat leaves the user believing the
// output honours it.
func adapterFlagsApply(o *GenerateOptions, adapter string) error {
	for _, f := range adapterFlags {
		if o.changed(f.flag) && !slices.Contains(f.adapters, adapter) {
			return fmt.Errorf("--%s applies to --adapter %s only, and the adapter here is %s", f.flag, strings.Join(f.adapters, " or "), adapter)
		}
	}
	return nil
}

func validAdapter(a string) bool {
	for _, x := range generate.Adapters {
		if a == x {
			return true
		}
	}
	return false
}

func generateCheck(o *GenerateOptions, res generateResult, changes []generate.Change) error {
	drift := false
	for _, c := range changes {
		status := "unchanged"
		if c.Changed() {
			drift, status = true, "out-of-date"
			if !o.JSON {
				fmt.Fprint(o.IO.Out, generate.Diff(c))
			}
			if c.Exists {
				fmt.Fprintf(o.IO.ErrOut, "%s is out of date with %s; run the same command without --check to update it\n", c.Rel, res.Config)
			} else {
				fmt.Fprintf(o.IO.ErrOut, "%s does not exist; run the same command without --check to create it\n", c.Rel)
			}
		} else {
			fmt.Fprintf(o.IO.ErrOut, "%s is up to date\n", c.Rel)
		}
		res.Files = append(res.Files, fileResult{Path: c.Rel, Status: status})
	}
	if o.JSON {
		if err := writeJSON(o.IO, res); err != nil {
			return err
		}
	}
	if drift {
		return silent(ErrDrift)
	}
	return nil
}

func generateWrite(ctx context.Context, o *GenerateOptions, res generateResult, changes []generate.Change) error {
	var pending []generate.Change
	for _, c := range changes {
		if c.Changed() {
			pending = append(pending, c)
		} else {
			fmt.Fprintf(o.IO.ErrOut, "Your schema is already up to date (%s).\n", c.Rel)
			res.Files = append(res.Files, fileResult{Path: c.Rel, Status: "unchanged"})
		}
	}
	if len(pending) > 0 && !o.Yes {
		for _, c := range pending {
			if err := confirmWrite(o, c); err != nil {
				return err
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := generate.Write(pending); err != nil {
		return err
	}
	for _, c := range pending {
		status, verb := "created", "generated"
		if c.Exists {
			status, verb = "updated", "overwritten"
		}
		fmt.Fprintf(o.IO.ErrOut, "%s Schema was %s: %s (%s, %s)\n", o.IO.Success("✔"), verb, c.Rel, res.Adapter, res.Dialect)
		res.Files = append(res.Files, fileResult{Path: c.Rel, Status: status})
	}
	if o.JSON {
		return writeJSON(o.IO, res)
	}
	return nil
}

// confirmWrite asks before writing c, or fails fast without a terminal.
func confirmWrite(o *GenerateOptions, c generate.Change) error {
	if o.JSON || !o.Prompter.CanPrompt() {
		return needYes("writing " + c.Rel)
	}
	q := fmt.Sprintf("Do you want to generate the schema to %s?", c.Path)
	if c.Exists {
		q = fmt.Sprintf("The file %s already exists. Do you want to overwrite it?", c.Path)
	}
	ok, err := o.Prompter.Confirm(q, true)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("schema generation aborted; %s was not written", c.Rel)
	}
	return nil
}

func relTo(dir, path string) string {
	if r, err := filepath.Rel(dir, path); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return path
}

func writeJSON(io *IOStreams, v any) error {
	enc := json.NewEncoder(io.Out)
	enc.SetIndent("", "  ")
	// Not HTML-escaped: "userId -> user(id)" stays readable.
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

package cmd

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/authctl/authctl/initcmd"
	"github.com/authctl/authctl/prompt"
	"github.com/spf13/cobra"
	"golang.org/x/mod/semver"
)

// InitOptions are the parsed flags of `authctl init`.
type InitOptions struct {
	IO       *IOStreams
	Prompter prompt.Prompter
	// Version is authctl's version; a release version is the one the
	// scaffold requires.
	Version string
	// Source is the checkout of authctl the binary was built from, which
	// the scaffold then requires authctl from (a replace directive), or "".
	Source string

	Cwd       string
	Name      string
	Framework string
	Plugins   []string
	Database  string
	Dir       string
	BasePath  string
	BaseURL   string
	Client    string
	DryRun    bool
	Yes       bool
	NoInstall bool
	Tidy      bool
	JSON      bool

	// changed reports whether a flag was given (an empty --plugins means
	// "none", not "ask").
	changed func(name string) bool
}

// noClient is the --client value (and prompt answer) for no client file.
const noClient = "none"

// NewCmdInit returns `authctl init`. runF replaces the run function in
// tests.
func NewCmdInit(f *Factory, runF func(context.Context, *InitOptions) error) *cobra.Command {
	o := &InitOptions{IO: f.IO, Prompter: f.Prompter, Version: f.Version, Source: f.Source}
	c := &cobra.Command{
		Use:   "init",
		Short: "Scaffold auth into a Go web project",
		Long: `Init adds auth to the Go module in the current directory (or --cwd): an
auth config (auth.go) that authctl generate and migrate read, a Mount
function serving the auth API on your router, a .env with a new
BETTER_AUTH_SECRET, and the go.mod requirements.

Files written (DIR is --dir):
  DIR/auth.go              var Auth = core.New(...): database, plugins, base path
  DIR/authhttp/mount.go    Mount(router) error for the framework (it opens the
                           database first), and the SQL driver import
  lib/auth-client.ts       with --client (src/lib/ when the project has src/)
  .env                     BETTER_AUTH_SECRET, BETTER_AUTH_URL and DATABASE_URL
                           (for PostgreSQL and MySQL a placeholder to edit), only
                           the keys .env and .env.local lack

BETTER_AUTH_URL is http://localhost:PORT when the project's code listens on
one constant port (http.ListenAndServe(":8080", ...), gin's Run(), echo's
Start, fiber's Listen), else http://localhost:3000; --base-url sets it.

github.com/authctl/authctl is not on the public module proxy. An authctl
built from a clone (go build or go run there, without -trimpath) makes the
project require it from that clone: go mod edit -replace, then go get
github.com/authctl/authctl@v0.0.0.

Init never overwrites: an existing auth config on the discovery path, or any
file above that exists, stops it before anything is written. It writes all
or nothing: every file, .env included, is staged before the first is put in
place, and a failure takes back what was placed.

With a terminal, init asks for each choice a flag did not give, shows what it
will write and asks to go on (--yes skips that question). Without one it
needs --database and --yes.

Plugins (--plugins, comma-separated; Better Auth's names):
  ` + wrapList(initcmd.PluginNames(), 72, "  ") + `.`,
		Example: `  # answer the questions
  authctl init

  # no questions: gin, PostgreSQL, two plugins
  authctl init --framework gin --database postgres --plugins twoFactor,username --yes

  # see what would be written
  authctl init --database sqlite --dry-run

  # do not run go get; print the command instead
  authctl init --database mysql --no-install --yes`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			o.changed = c.Flags().Changed
			if runF != nil {
				return runF(c.Context(), o)
			}
			return initRun(c.Context(), o)
		},
	}
	fs := c.Flags()
	fs.StringVar(&o.Cwd, flagCwd, "", "the project directory, inside a Go module (default: the current directory)")
	fs.StringVar(&o.Name, "name", "", "the app name in the config (default: the last element of the module path)")
	fs.StringVar(&o.Framework, "framework", "", "nethttp, chi, gin, echo or fiber (default: the one go.mod requires, else nethttp)")
	fs.StringSliceVar(&o.Plugins, "plugins", nil, "plugins to enable, comma-separated catalog names such as twoFactor,username (default: none)")
	fs.StringVar(&o.Database, "database", "", "sqlite, postgres or mysql (required without a terminal)")
	fs.StringVar(&o.Dir, "dir", "", "the folder for auth.go (default: lib, or internal/auth when the project has internal/)")
	fs.StringVar(&o.BasePath, "base-path", initcmd.DefaultBasePath, "the path the auth API is served under")
	fs.StringVar(&o.BaseURL, "base-url", "", "BETTER_AUTH_URL for .env, the URL the app is reached at (default: http://localhost:PORT, PORT the one the code listens on, else 3000)")
	fs.StringVar(&o.Client, "client", "", "also write auth-client.ts for a TypeScript front end: react, vue, svelte, solid, vanilla or none (default: none)")
	fs.BoolVar(&o.DryRun, "dry-run", false, "list what would be written and run; change nothing")
	addYesFlag(fs, &o.Yes)
	fs.BoolVar(&o.NoInstall, "no-install", false, "do not run go get; print the command instead")
	fs.BoolVar(&o.Tidy, "tidy", false, "run go mod tidy after go get")
	addJSONFlag(fs, &o.JSON, "print what was written (with --dry-run: what would be) as one JSON object on stdout")
	return c
}

func initRun(ctx context.Context, o *InitOptions) error {
	if o.changed == nil {
		o.changed = func(string) bool { return false }
	}
	proj, err := initcmd.Inspect(o.Cwd)
	if err != nil {
		return err
	}
	// Before any question: nothing the user answers could change this.
	if err := proj.CheckExistingConfig(); err != nil {
		return err
	}
	ch, err := initChoices(o, proj)
	if err != nil {
		return err
	}
	plan, err := initcmd.NewPlan(proj, ch)
	if err != nil {
		return err
	}
	// install: run the go commands (else print them).
	install := !o.NoInstall && (len(plan.Commands()) > 0 || o.Tidy)
	if o.DryRun {
		if o.JSON {
			if err := writeJSON(o.IO, newInitJSON(o, plan, nil, install)); err != nil {
				return err
			}
		} else {
			printPlan(o.IO.Out, o, plan)
		}
		fmt.Fprintln(o.IO.ErrOut, "Nothing was written (--dry-run).")
		return nil
	}
	if install {
		if _, err := initcmd.LookGo(); err != nil {
			return err
		}
	}
	if !o.Yes {
		printPlan(o.IO.ErrOut, o, plan)
		ok, err := o.Prompter.Confirm("Write these files?", true)
		if err != nil {
			return err
		}
		if !ok {
			return errors.New("init cancelled; nothing was written")
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	res, err := plan.Write()
	if err != nil {
		return err
	}
	io := o.IO
	fmt.Fprintf(io.ErrOut, "%s Created %s\n", io.Success("✔"), strings.Join(res.Created, ", "))
	if len(plan.AddedPlugins) > 0 {
		fmt.Fprintf(io.ErrOut, "  Also enabled %s, which a chosen plugin needs\n", strings.Join(plan.AddedPlugins, ", "))
	}
	if len(plan.Unserved) > 0 {
		fmt.Fprintf(io.ErrOut, "%s The Go handler does not run %s yet: the server refuses to start with it unless a TypeScript Better Auth server serves it and the config sets SessionsOnly\n",
			io.Warn("!"), strings.Join(plan.Unserved, ", "))
	}
	if len(res.EnvKeys) > 0 {
		fmt.Fprintf(io.ErrOut, "%s Added %s to %s\n", io.Success("✔"), strings.Join(res.EnvKeys, ", "), plan.Env.Rel)
	}
	if len(plan.Env.Kept) > 0 {
		fmt.Fprintf(io.ErrOut, "  Kept %s as already set in .env or .env.local\n", strings.Join(plan.Env.Kept, ", "))
	}
	if ignored, known := proj.EnvIgnored(); known && !ignored && (plan.Env.Exists || len(res.EnvKeys) > 0) {
		fmt.Fprintf(io.ErrOut, "%s .env holds a secret and .gitignore does not ignore it; add .env to .gitignore\n", io.Warn("!"))
	}
	depsErr := initDeps(ctx, o, plan, install)
	if depsErr != nil && ctx.Err() != nil {
		return depsErr
	}
	// The files are written: what is left to do by hand holds whether or
	// not the go commands worked.
	printNextSteps(io.ErrOut, o, plan)
	if depsErr != nil {
		return depsErr
	}
	if o.JSON {
		return writeJSON(io, newInitJSON(o, plan, &res, install))
	}
	return nil
}

// initDeps runs (or prints) the go commands that complete go.mod, then go
// mod tidy when asked.
func initDeps(ctx context.Context, o *InitOptions, plan *initcmd.Plan, install bool) error {
	io := o.IO
	cmds := plan.Commands()
	tidy := []string{"mod", "tidy"}
	if o.Tidy {
		cmds = append(cmds, tidy)
	}
	if !install {
		var lines []string
		for _, c := range cmds {
			lines = append(lines, initcmd.GoCommand(c))
		}
		if len(lines) > 0 {
			fmt.Fprintf(io.ErrOut, "Add the requirements to go.mod: %s\n", strings.Join(lines, " && "))
		}
		return nil
	}
	for i, args := range cmds {
		fmt.Fprintf(io.ErrOut, "Running %s\n", initcmd.GoCommand(args))
		err := plan.RunGo(ctx, args, io.ErrOut)
		if err != nil {
			var left []string
			for _, c := range cmds[i:] {
				left = append(left, "`"+initcmd.GoCommand(c)+"`")
			}
			if ctx.Err() != nil {
				// Not root's "nothing was written": the files were.
				fmt.Fprintf(io.ErrOut, "authctl: interrupted during %s; the files above were written: run %s to finish\n", initcmd.GoCommand(args), strings.Join(left, " and "))
				return silent(ctx.Err())
			}
			what := "fix the cause, then run that command yourself"
			if len(left) > 1 {
				what = "fix the cause, then run " + strings.Join(left, " and ") + " yourself"
			}
			if hint := proxyHint(plan, args); hint != "" {
				what += "; " + hint
			}
			return fmt.Errorf("%w; the files above were written: %s", err, what)
		}
		if args[0] == "get" {
			if err := plan.MarkDirect(); err != nil {
				return fmt.Errorf("go.mod: marking the new requirements direct: %w", err)
			}
		}
	}
	return nil
}

// proxyHint explains a failed go get that asked the module proxy for
// authctl, which is not there, when no checkout was found to use instead.
func proxyHint(plan *initcmd.Plan, args []string) string {
	if args[0] != "get" || plan.Replace != "" {
		return ""
	}
	for _, r := range plan.Requirements {
		if r.Path == initcmd.AuthctlModule && r.Version == "" {
			return "github.com/authctl/authctl is not on the public module proxy: require it from a clone with " +
				"`go mod edit -replace=github.com/authctl/authctl=/path/to/authctl` and `go get github.com/authctl/authctl@v0.0.0`"
		}
	}
	return ""
}

// initChoices turns the flags into choices, validating them first and
// then asking for the missing ones when there is a terminal.
func initChoices(o *InitOptions, proj *initcmd.Project) (initcmd.Choices, error) {
	ch := initcmd.Choices{Name: o.Name, Dir: o.Dir, BasePath: o.BasePath, BaseURL: o.BaseURL,
		AuthctlVersion: releaseVersion(o.Version), AuthctlReplace: o.Source}
	if o.Framework != "" {
		fw, err := initcmd.LookupFramework(o.Framework)
		if err != nil {
			return ch, flagError("framework", err)
		}
		ch.Framework = fw.Name
	}
	if o.Database != "" {
		db, err := initcmd.LookupDatabase(o.Database)
		if err != nil {
			return ch, flagError("database", err)
		}
		ch.Database = db.Name
	}
	for _, p := range o.Plugins {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		info, err := initcmd.LookupPlugin(p)
		if err != nil {
			return ch, flagError("plugins", err)
		}
		ch.Plugins = append(ch.Plugins, info.Name)
	}
	if o.Client != "" && o.Client != noClient {
		cl, err := initcmd.LookupClient(o.Client)
		if err != nil {
			return ch, flagError("client", err)
		}
		ch.Client = cl.Name
	}
	if _, err := initcmd.CleanBasePath(ch.BasePath); err != nil {
		return ch, fmt.Errorf("--base-path: %w", err)
	}
	if o.changed("base-url") {
		if u, err := url.Parse(o.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return ch, fmt.Errorf("--base-url: %q is not an absolute http(s) URL, such as http://localhost:8080", o.BaseURL)
		}
	}

	if o.JSON || !o.Prompter.CanPrompt() {
		// --json is for scripts: it never asks, as generate and migrate.
		var need []string
		if ch.Database == "" {
			need = append(need, "--database sqlite|postgres|mysql")
		}
		if !o.Yes && !o.DryRun {
			need = append(need, "--yes")
		}
		if len(need) > 0 {
			why := "without a terminal (stdin or stdout is not one)"
			if o.JSON {
				why = "with --json"
			}
			return ch, fmt.Errorf("init cannot ask %s; pass %s", why, strings.Join(need, " and "))
		}
		return ch, nil
	}
	// Report what no answer can fix (an unparsable .env, a file in the
	// way, a bad --dir) before asking anything.
	probe := ch
	if probe.Database == "" {
		probe.Database = initcmd.Databases[0].Name
	}
	if _, err := initcmd.NewPlan(proj, probe); err != nil {
		return ch, err
	}
	return askChoices(o, proj, ch)
}

// askChoices prompts for each choice no flag gave.
func askChoices(o *InitOptions, proj *initcmd.Project, ch initcmd.Choices) (initcmd.Choices, error) {
	p := o.Prompter
	if !o.changed("framework") {
		var labels []string
		def := ""
		for _, f := range initcmd.Frameworks {
			labels = append(labels, f.Label)
			if f.Name == proj.DefaultFramework() {
				def = f.Label
			}
		}
		got, err := p.Select("Which web framework serves your app?", labels, def)
		if err != nil {
			return ch, err
		}
		ch.Framework = initcmd.Frameworks[indexOf(labels, got)].Name
	}
	if ch.Database == "" {
		var labels []string
		for _, d := range initcmd.Databases {
			labels = append(labels, d.Label)
		}
		got, err := p.Select("Which database holds the auth tables?", labels, labels[0])
		if err != nil {
			return ch, err
		}
		ch.Database = initcmd.Databases[indexOf(labels, got)].Name
	}
	if !o.changed("plugins") {
		var labels []string
		infos := initcmd.Plugins()
		for _, info := range infos {
			labels = append(labels, pluginLabel(info))
		}
		got, err := p.MultiSelect("Which plugins do you want? (space to select, enter to confirm)", labels, nil)
		if err != nil {
			return ch, err
		}
		for _, g := range got {
			ch.Plugins = append(ch.Plugins, infos[indexOf(labels, g)].Name)
		}
	}
	if !o.changed("client") {
		labels := []string{"None"}
		for _, c := range initcmd.Clients {
			labels = append(labels, c.Label)
		}
		got, err := p.Select("Write an auth client for a TypeScript front end?", labels, labels[0])
		if err != nil {
			return ch, err
		}
		if i := indexOf(labels, got); i > 0 {
			ch.Client = initcmd.Clients[i-1].Name
		}
	}
	return ch, nil
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return 0
}

// pluginLabel is a plugin's line in the multi-select.
func pluginLabel(info initcmd.PluginInfo) string {
	if s := pluginSummary(info); s != "" {
		return info.Name + " - " + s
	}
	return info.Name
}

// pluginSummary is a plugin's summary on one short line.
func pluginSummary(info initcmd.PluginInfo) string {
	s := strings.Join(strings.Fields(info.Summary), " ")
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

// flagError rewrites an unknown-value error to name the flag.
func flagError(flag string, err error) error {
	var u *initcmd.UnknownError
	if !errors.As(err, &u) {
		return fmt.Errorf("--%s: %w", flag, err)
	}
	msg := fmt.Sprintf("unknown %s %q in --%s", u.What, u.Value, flag)
	if u.Suggest != "" {
		msg += fmt.Sprintf("; did you mean %q?", u.Suggest)
	}
	if len(u.Choices) <= 8 {
		msg += " (use " + strings.Join(u.Choices, ", ") + ")"
	} else {
		msg += " (`authctl init --help` lists them)"
	}
	return errors.New(msg)
}

// releaseVersion is v when it is a release version go get can fetch, else
// "" (a development build: let go get choose).
func releaseVersion(v string) string {
	if semver.IsValid(v) {
		return v
	}
	return ""
}

package cmd

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/initcmd"
)

// printPlan lists what init will do.
func printPlan(w io.Writer, o *InitOptions, plan *initcmd.Plan) {
	ch := plan.Choices
	plugins := "no plugins"
	if len(ch.Plugins) > 0 {
		plugins = "plugins " + strings.Join(ch.Plugins, ", ")
	}
	fmt.Fprintf(w, "Scaffolding auth for %s (%s, %s, %s):\n", plan.Project.ModPath, ch.Framework, ch.Database, plugins)
	if len(plan.AddedPlugins) > 0 {
		fmt.Fprintf(w, "  (also %s, which a chosen plugin needs)\n", strings.Join(plan.AddedPlugins, ", "))
	}
	for _, f := range plan.Files {
		fmt.Fprintf(w, "  create  %s\n", f.Rel)
	}
	if keys := plan.Env.Keys(); len(keys) > 0 {
		verb := "append"
		if !plan.Env.Exists {
			verb = "create"
		}
		fmt.Fprintf(w, "  %-6s  %s: %s\n", verb, plan.Env.Rel, strings.Join(keys, ", "))
	}
	if len(plan.Env.Kept) > 0 {
		fmt.Fprintf(w, "  keep    %s (already set in .env or .env.local)\n", strings.Join(plan.Env.Kept, ", "))
	}
	verb := "run"
	if o.NoInstall {
		verb = "print"
	}
	for _, args := range plan.Commands() {
		fmt.Fprintf(w, "  %-6s  %s\n", verb, initcmd.GoCommand(args))
	}
	if o.Tidy {
		fmt.Fprintf(w, "  %-6s  go mod tidy\n", verb)
	}
}

// printNextSteps tells the user what is left to do by hand.
func printNextSteps(w io.Writer, o *InitOptions, plan *initcmd.Plan) {
	fw, _ := initcmd.LookupFramework(plan.Choices.Framework)
	var flags string
	if o.Cwd != "" {
		flags += " --cwd " + initcmd.ShellQuote(o.Cwd)
	}
	if !plan.Discoverable {
		flags += " --config " + plan.ConfigDir
	}
	n := 0
	step := func(format string, args ...any) {
		n++
		fmt.Fprintf(w, "  %d. "+format+"\n", append([]any{n}, args...)...)
	}
	fmt.Fprintln(w, "\nNext steps:")
	step("Serve the auth API: call %s.Mount(r) with your %s before serving, and stop on\n     its error (import %q).", plan.MountPackage, fw.Router, plan.MountImport)
	if db, _ := initcmd.LookupDatabase(plan.Choices.Database); db.Engine != engine.SQLite && slices.Contains(plan.Env.Keys(), "DATABASE_URL") {
		step("Edit DATABASE_URL in .env: it is a placeholder, %s", envPlaceholder(plan, "DATABASE_URL"))
	}
	step("Create the auth tables: authctl migrate%s\n     or write the schema for your ORM: authctl generate%s --adapter gorm (or prisma, drizzle)", flags, flags)
	if slices.Contains(plan.Env.Keys(), "BETTER_AUTH_URL") {
		why := "set it to the URL your app is reached at"
		if plan.BaseURLFrom != "" {
			why = "the port " + plan.BaseURLFrom + " listens on; change it if the app is reached elsewhere"
		} else if o.BaseURL != "" {
			why = "from --base-url"
		}
		step("BETTER_AUTH_URL in .env is %s (%s).", plan.BaseURL, why)
	}
	step("Run your server with BETTER_AUTH_SECRET, BETTER_AUTH_URL and DATABASE_URL in its\n     environment: authctl reads .env, your server does not.")
	if plan.ClientRel != "" {
		step("In the front end: npm install better-auth, then import { authClient } from %s.", plan.ClientRel)
	}
	if !plan.Discoverable {
		fmt.Fprintf(w, "\n%s is not where authctl looks by default, so pass --config %s to authctl commands.\n", plan.ConfigRel, plan.ConfigDir)
	}
}

// envPlaceholder is the value the plan appends to .env for key, or "".
func envPlaceholder(plan *initcmd.Plan, key string) string {
	for _, e := range plan.Env.Add {
		if e.Key == key {
			return e.Value
		}
	}
	return ""
}

// wrapList joins items with ", " in lines of at most width bytes, each
// line starting with indent (the caller writes the first one's).
func wrapList(items []string, width int, indent string) string {
	var b strings.Builder
	line := len(indent)
	for i, it := range items {
		sep := ""
		if i > 0 {
			sep = ", "
		}
		if line > 0 && line+len(sep)+len(it) > width {
			b.WriteString(",\n" + indent)
			line = len(indent)
			sep = ""
		}
		b.WriteString(sep + it)
		line += len(sep) + len(it)
	}
	return b.String()
}

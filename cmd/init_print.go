package cmd

import (
	"fmt"
	"io"
	"strings"

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
	if args := plan.GoGetArgs(); args != nil {
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
		flags += " --cwd " + shellQuote(o.Cwd)
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
	step("Serve the auth API: call %s.Mount(r) with your %s\n     (import %q).", plan.MountPackage, fw.Router, plan.MountImport)
	switch db := plan.Choices.Database; {
	case plan.Env.Set["DATABASE_URL"]:
	case db == "postgres":
		step("Set DATABASE_URL in .env, e.g. postgres://user:password@localhost:5432/%s?sslmode=disable", plan.DBName)
	case db == "mysql":
		step("Set DATABASE_URL in .env, e.g. mysql://user:password@localhost:3306/%s", plan.DBName)
	}
	step("Create the auth tables: authctl migrate%s\n     or write the schema for your ORM: authctl generate%s --adapter gorm (or prisma, drizzle)", flags, flags)
	step("Run your server with BETTER_AUTH_SECRET, BETTER_AUTH_URL and DATABASE_URL in its\n     environment: authctl reads .env, your server does not.")
	if plan.ClientRel != "" {
		step("In the front end: npm install better-auth, then import { authClient } from %s.", plan.ClientRel)
	}
	if !plan.Discoverable {
		fmt.Fprintf(w, "\n%s is not where authctl looks by default, so pass --config %s to authctl commands.\n", plan.ConfigRel, plan.ConfigDir)
	}
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./,:@+=", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
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

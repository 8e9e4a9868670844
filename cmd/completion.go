package cmd

import (
	"strings"

	"github.com/authctl/authctl/dialects"
	"github.com/authctl/authctl/generate"
	"github.com/authctl/authctl/initcmd"
	"github.com/spf13/cobra"
)

// flagCompletions complete the values of the flags that take one of a few,
// by flag name, on whichever command defines the flag. Each value may carry
// a description after a tab, which shells that show them (zsh, fish) do.
var flagCompletions = map[string]cobra.CompletionFunc{
	"adapter": fixedValues(generate.Adapters...),
	"dialect": fixedValues(dialects.Names()...),
	"framework": fixedValues(func() (v []string) {
		for _, f := range initcmd.Frameworks {
			v = append(v, f.Name+"\t"+f.Label)
		}
		return v
	}()...),
	"database": fixedValues(func() (v []string) {
		for _, d := range initcmd.Databases {
			v = append(v, d.Name+"\t"+d.Label)
		}
		return v
	}()...),
	"client": fixedValues(func() (v []string) {
		for _, c := range initcmd.Clients {
			v = append(v, c.Name+"\t"+c.Label)
		}
		return append(v, noClient+"\tno client file")
	}()...),
	"plugins": completePlugins,
}

// registerCompletions registers flagCompletions on every command under
// root that has one of those flags. It runs once the commands are built, so
// a command file need not know about completion.
func registerCompletions(root *cobra.Command) {
	for name, fn := range flagCompletions {
		if root.LocalFlags().Lookup(name) != nil {
			// An error means the command registered its own: keep it.
			_ = root.RegisterFlagCompletionFunc(name, fn)
		}
	}
	for _, c := range root.Commands() {
		registerCompletions(c)
	}
}

// fixedValues completes the values that start with what was typed.
func fixedValues(values ...string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, v := range values {
			name, _, _ := strings.Cut(v, "\t")
			if strings.HasPrefix(strings.ToLower(name), strings.ToLower(toComplete)) {
				out = append(out, v)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completePlugins completes the last name of a comma-separated --plugins
// list, leaving out the names already in it; no space follows, so another
// comma can.
func completePlugins(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	done, last := "", toComplete
	if i := strings.LastIndex(toComplete, ","); i >= 0 {
		done, last = toComplete[:i+1], toComplete[i+1:]
	}
	chosen := map[string]bool{}
	for _, p := range strings.Split(done, ",") {
		if info, err := initcmd.LookupPlugin(strings.TrimSpace(p)); err == nil {
			chosen[info.Name] = true
		}
	}
	var out []cobra.Completion
	for _, info := range initcmd.Plugins() {
		if chosen[info.Name] || !strings.HasPrefix(strings.ToLower(info.Name), strings.ToLower(last)) {
			continue
		}
		out = append(out, done+info.Name+"\t"+pluginSummary(info))
	}
	return out, cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp
}

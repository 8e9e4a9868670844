package cmd

import "github.com/authctl/authctl/initcmd"

// initJSON is init's --json output: one object on stdout once the run
// ends. The new secret is never in it.
type initJSON struct {
	// Status is "written", or "dry-run" with --dry-run.
	Status string `json:"status"`
	// Config is auth.go's path, relative to the project; Discoverable
	// says whether authctl finds it without --config.
	Config       string   `json:"config"`
	Discoverable bool     `json:"discoverable"`
	Framework    string   `json:"framework"`
	Database     string   `json:"database"`
	Plugins      []string `json:"plugins"`
	// AddedPlugins were enabled because a chosen plugin needs them.
	AddedPlugins []string `json:"addedPlugins"`
	// Unserved are chosen plugins the Go handler does not run yet.
	Unserved []string `json:"unservedPlugins"`
	// Files are the files created (or to be created), relative to the
	// project.
	Files []string    `json:"files"`
	Env   initEnvJSON `json:"env"`
	// Requirements are the go.mod requirements added (or to add).
	Requirements []string `json:"requirements"`
	// Commands are the go commands init ran (Installed) or that are left
	// to run (--no-install, --dry-run).
	Commands  []string `json:"commands"`
	Installed bool     `json:"installed"`
}

type initEnvJSON struct {
	File  string   `json:"file"`
	Added []string `json:"added"` // keys appended
	Kept  []string `json:"kept"`  // keys already set in .env or .env.local
}

// newInitJSON describes plan; res is what Write did, nil for a dry run.
func newInitJSON(o *InitOptions, plan *initcmd.Plan, res *initcmd.Result, install bool) initJSON {
	out := initJSON{
		Status: "dry-run", Config: plan.ConfigRel, Discoverable: plan.Discoverable,
		Framework: plan.Choices.Framework, Database: plan.Choices.Database,
		Plugins: orEmpty(plan.Choices.Plugins), AddedPlugins: orEmpty(plan.AddedPlugins), Unserved: orEmpty(plan.Unserved),
		Env:   initEnvJSON{File: plan.Env.Rel, Added: orEmpty(plan.Env.Keys()), Kept: orEmpty(plan.Env.Kept)},
		Files: []string{}, Requirements: []string{}, Commands: []string{},
		Installed: res != nil && install,
	}
	for _, f := range plan.Files {
		out.Files = append(out.Files, f.Rel)
	}
	if res != nil {
		out.Status, out.Files, out.Env.Added = "written", orEmpty(res.Created), orEmpty(res.EnvKeys)
	}
	for _, r := range plan.Requirements {
		out.Requirements = append(out.Requirements, r.String())
	}
	for _, args := range plan.Commands() {
		out.Commands = append(out.Commands, initcmd.GoCommand(args))
	}
	if o.Tidy {
		out.Commands = append(out.Commands, initcmd.GoCommand([]string{"mod", "tidy"}))
	}
	return out
}

// orEmpty keeps JSON arrays arrays: a nil slice would print as null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

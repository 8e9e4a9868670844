package initcmd

import (
	"os"
	"path/filepath"

	"github.com/authctl/authctl/atomicfile"
	"golang.org/x/mod/modfile"
)

// MarkDirect removes the "// indirect" marking that `go get` gives the
// plan's requirements: it adds a module it does not see imported as
// indirect, although the scaffold imports each of them directly. It is
// what `go mod tidy` would do for these lines, without tidy's other
// changes (or its network use). go.mod is left alone when nothing is
// marked.
func (pl *Plan) MarkDirect() error {
	gomod := filepath.Join(pl.Project.ModRoot, "go.mod")
	data, err := os.ReadFile(gomod)
	if err != nil {
		return err
	}
	f, err := modfile.Parse(gomod, data, nil)
	if err != nil {
		return err
	}
	ours := map[string]bool{}
	for _, r := range pl.Requirements {
		ours[r.Path] = true
	}
	changed := false
	var reqs []*modfile.Require
	for _, r := range f.Require {
		c := *r
		if ours[r.Mod.Path] && r.Indirect {
			c.Indirect, changed = false, true
		}
		reqs = append(reqs, &c)
	}
	if !changed {
		return nil
	}
	f.SetRequireSeparateIndirect(reqs)
	f.Cleanup()
	out, err := f.Format()
	if err != nil {
		return err
	}
	info, err := os.Stat(gomod)
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(gomod, out, info.Mode().Perm())
}

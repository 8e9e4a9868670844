package generate

import "sort"

// Files maps an output path (relative to the project directory, or
// absolute) to the rendered content.
type Files map[string][]byte

// Paths returns the paths in sorted order, so output is stable run to run.
func (f Files) Paths() []string {
	out := make([]string, 0, len(f))
	for p := range f {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

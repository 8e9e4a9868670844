package generate

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/authctl/authctl/atomicfile"
	"github.com/pmezard/go-difflib/difflib"
)

// Change is one rendered file compared with what is on disk.
type Change struct {
	// Path is absolute; Rel is Path relative to the project directory (for
	// messages).
	Path string
	Rel  string
	// Old is the current content (nil when the file does not exist).
	Old    []byte
	Exists bool
	New    []byte
}

// Changed reports whether writing would change the disk.
func (c Change) Changed() bool { return !c.Exists || !bytes.Equal(c.Old, c.New) }

// Compare reads the current content of every file in files, resolving
// relative paths against dir. It writes nothing.
func Compare(dir string, files Files) ([]Change, error) {
	var out []Change
	for _, p := range files.Paths() {
		abs := p
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(dir, p)
		}
		rel, err := filepath.Rel(dir, abs)
		if err != nil {
			rel = abs
		}
		c := Change{Path: abs, Rel: rel, New: files[p]}
		old, err := os.ReadFile(abs)
		switch {
		case err == nil:
			c.Old, c.Exists = old, true
		case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
			// Not there (a parent that is a file cannot hold it either);
			// Write reports why it cannot be created.
		default:
			return nil, fmt.Errorf("cannot read %s: %w", rel, pathless(err))
		}
		out = append(out, c)
	}
	return out, nil
}

// Write writes the changed files. Every file is first staged in full
// beside its target; only when all of them are staged are they renamed
// into place, so an error or an interruption never leaves a half-written
// file, and a failure before the renames leaves the disk as it was.
func Write(changes []Change) error {
	var staged []*atomicfile.Staged
	var rels []string
	abort := func(from int) {
		for _, s := range staged[from:] {
			s.Abort()
		}
	}
	for _, c := range changes {
		if !c.Changed() {
			continue
		}
		s, err := stage(c)
		if err != nil {
			abort(0)
			return fmt.Errorf("cannot write %s: %w", c.Rel, err)
		}
		staged = append(staged, s)
		rels = append(rels, c.Rel)
	}
	for i, s := range staged {
		if err := s.Commit(); err != nil {
			abort(i + 1)
			return fmt.Errorf("cannot write %s: %w", rels[i], pathless(err))
		}
	}
	return nil
}

// stage creates the target's directory and stages c.New with the target's
// current mode (0644 for a new file).
func stage(c Change) (*atomicfile.Staged, error) {
	if err := os.MkdirAll(filepath.Dir(c.Path), 0o755); err != nil {
		return nil, pathless(err)
	}
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(c.Path); err == nil {
		if st.IsDir() {
			return nil, errors.New("it is a directory")
		}
		mode = st.Mode().Perm()
	}
	s, err := atomicfile.Stage(c.Path, c.New, mode)
	return s, pathless(err)
}

// pathless drops the path from a *fs.PathError: our messages already name
// the file, and the temporary file's name would only confuse.
func pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Diff returns a unified diff from the file on disk to the rendered
// content, labelled with the relative path.
func Diff(c Change) string {
	from := "a/" + c.Rel
	if !c.Exists {
		from = "/dev/null"
	}
	d := difflib.UnifiedDiff{
		A:        difflib.SplitLines(string(c.Old)),
		B:        difflib.SplitLines(string(c.New)),
		FromFile: from,
		ToFile:   "b/" + c.Rel,
		Context:  3,
	}
	s, err := difflib.GetUnifiedDiffString(d)
	if err != nil {
		return fmt.Sprintf("--- %s\n+++ b/%s\n(diff failed: %v)\n", from, c.Rel, err)
	}
	return s
}

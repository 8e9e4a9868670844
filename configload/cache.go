package configload

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/authctl/authctl/core"
	"golang.org/x/mod/modfile"
)

// loaderFormat names the shape of the generated loader. Bump it whenever
// the generated main.go or the way it is built changes, so stale binaries
// from an older authctl are not reused.
const loaderFormat = "authctl-loader-3"

// keyInput is what identifies a loader binary, apart from the go binary.
type keyInput struct {
	env     []string // the build environment
	modRoot string   // absolute module root
	pkgRel  string   // config package dir relative to modRoot, slash-separated
	export  string
}

// sourceKey hashes everything that determines the loader except the go
// binary: format, build environment, module root, package, export name,
// and the build inputs of the module and of every local module it can
// reach through replace directives or go.work. It only reads files.
func sourceKey(in keyInput) ([]byte, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s manifest=%d\n", loaderFormat, core.ManifestVersion)
	for _, k := range buildEnvVars {
		fmt.Fprintf(h, "env %s=%q\n", k, getenv(in.env, k))
	}
	if p := goEnvFile(in.env); p != "" && p != "off" {
		data, _ := os.ReadFile(p) // absent is normal
		fmt.Fprintf(h, "goenv %d\n", len(data))
		h.Write(data)
	}
	// The absolute root is included because the binary records absolute
	// source paths: a panic's file:line must point into this checkout, not
	// into a copy of it elsewhere that had the same content.
	fmt.Fprintf(h, "root %s\npkg %s\nexport %s\n", in.modRoot, in.pkgRel, in.export)

	t := &treeHasher{h: h, done: map[string]bool{}}
	if err := t.module(in.modRoot); err != nil {
		return nil, err
	}
	if w := workFile(in.env, in.modRoot); w != "" {
		t.work(w)
	}
	return h.Sum(nil), nil
}

// loaderKey adds the go binary's identity (path, size, mtime) to a source
// key: a new toolchain must rebuild, and stat is far cheaper than running
// `go version`.
func loaderKey(source []byte, goBin string) (string, error) {
	real, err := filepath.EvalSymlinks(goBin)
	if err != nil {
		return "", err
	}
	fi, err := os.Stat(real)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	h.Write(source)
	fmt.Fprintf(h, "go %s %d %d\n", real, fi.Size(), fi.ModTime().UnixNano())
	return hex.EncodeToString(h.Sum(nil)), nil
}

// treeHasher feeds module trees into h. done guards against replace cycles
// and modules reached twice.
type treeHasher struct {
	h    hash.Hash
	done map[string]bool
}

// module hashes the build inputs under dir and follows the local replaces
// of dir/go.mod. A missing dir is hashed as missing rather than failing:
// the go command reports that better when the build runs.
func (t *treeHasher) module(dir string) error {
	dir = filepath.Clean(dir)
	if t.done[dir] {
		return nil
	}
	t.done[dir] = true
	fmt.Fprintf(t.h, "module %s\n", dir)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		fmt.Fprintf(t.h, "missing\n")
		return nil
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			// An unreadable subtree cannot be hashed; recording the failure
			// keeps the key stable while it lasts, and go reports it if the
			// build needs it.
			fmt.Fprintf(t.h, "unreadable %s\n", p)
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		inVendor := rel == "vendor" || strings.HasPrefix(rel, "vendor/")
		if d.IsDir() {
			if p == dir {
				return nil
			}
			if skipDir(d.Name()) {
				return filepath.SkipDir
			}
			// A nested module is not part of this one; if the build uses
			// it, a replace or go.work names it and it is hashed then.
			if !inVendor {
				if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
					return filepath.SkipDir
				}
			}
			return nil
		}
		if !buildInput(d.Name(), inVendor) {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			fmt.Fprintf(t.h, "unreadable %s\n", rel)
			return nil
		}
		fmt.Fprintf(t.h, "file %s %d\n", rel, len(data))
		t.h.Write(data)
		if strings.HasSuffix(p, ".go") {
			t.embeds(dir, filepath.Dir(p), data)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("reading %s: %w", dir, err)
	}
	return t.replaces(filepath.Join(dir, "go.mod"))
}

// embeds hashes the files a Go source's //go:embed directives name (dir is
// that source's directory, root the module's): a config may build its
// options from an embedded file, and the loader binary carries that file.
// Directives are found by a line scan, so a look-alike inside a string
// literal only hashes a few files too many, which costs a rebuild at worst.
func (t *treeHasher) embeds(root, dir string, src []byte) {
	for line := range strings.Lines(string(src)) {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), "//go:embed")
		if !ok || rest == "" || (rest[0] != ' ' && rest[0] != '\t') {
			continue
		}
		for _, pat := range embedPatterns(rest) {
			pat = strings.TrimPrefix(pat, "all:")
			matches, _ := filepath.Glob(filepath.Join(dir, filepath.FromSlash(pat)))
			fmt.Fprintf(t.h, "embed %q %d\n", pat, len(matches))
			for _, m := range matches {
				_ = filepath.WalkDir(m, func(p string, d fs.DirEntry, err error) error {
					if err != nil || d.IsDir() {
						return nil
					}
					rel, _ := filepath.Rel(root, p)
					data, err := os.ReadFile(p)
					if err != nil {
						fmt.Fprintf(t.h, "unreadable %s\n", filepath.ToSlash(rel))
						return nil
					}
					fmt.Fprintf(t.h, "embedded %s %d\n", filepath.ToSlash(rel), len(data))
					t.h.Write(data)
					return nil
				})
			}
		}
	}
}

// embedPatterns splits a //go:embed argument list: space-separated
// patterns, each bare or as a Go string literal ("..." or `...`).
func embedPatterns(args string) []string {
	var out []string
	for args = strings.TrimSpace(args); args != ""; args = strings.TrimSpace(args) {
		var pat string
		switch args[0] {
		case '"', '`':
			end := 1
			for end < len(args) && args[end] != args[0] {
				if args[0] == '"' && args[end] == '\\' {
					end++
				}
				end++
			}
			if end >= len(args) {
				return out // unterminated: the go command reports it
			}
			q, err := strconv.Unquote(args[:end+1])
			if err != nil {
				return out
			}
			pat, args = q, args[end+1:]
		default:
			i := strings.IndexAny(args, " \t")
			if i < 0 {
				i = len(args)
			}
			pat, args = args[:i], args[i:]
		}
		out = append(out, pat)
	}
	return out
}

// replaces hashes the local targets of gomod's replace directives. Syntax
// errors are left to the go command: the file's bytes are in the key.
func (t *treeHasher) replaces(gomod string) error {
	data, err := os.ReadFile(gomod)
	if err != nil {
		return nil
	}
	f, err := modfile.Parse(gomod, data, nil)
	if err != nil {
		return nil
	}
	for _, r := range f.Replace {
		if r.New.Version == "" && modfile.IsDirectoryPath(r.New.Path) {
			if err := t.module(resolveRel(filepath.Dir(gomod), r.New.Path)); err != nil {
				return err
			}
		}
	}
	return nil
}

// work hashes a go.work outside the module tree, its go.work.sum, its use
// directories and its local replaces.
func (t *treeHasher) work(path string) {
	data, err := os.ReadFile(path)
	fmt.Fprintf(t.h, "gowork %s %d\n", path, len(data))
	t.h.Write(data)
	sum, _ := os.ReadFile(path + ".sum")
	fmt.Fprintf(t.h, "gowork.sum %d\n", len(sum))
	t.h.Write(sum)
	if err != nil {
		return
	}
	wf, err := modfile.ParseWork(path, data, nil)
	if err != nil {
		return
	}
	base := filepath.Dir(path)
	for _, u := range wf.Use {
		_ = t.module(resolveRel(base, u.Path))
	}
	for _, r := range wf.Replace {
		if r.New.Version == "" && modfile.IsDirectoryPath(r.New.Path) {
			_ = t.module(resolveRel(base, r.New.Path))
		}
	}
}

func resolveRel(base, p string) string {
	p = filepath.FromSlash(p)
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(base, p)
}

// skipDir mirrors the go command, which ignores these directories when it
// matches packages; node_modules is skipped for speed in web projects.
func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "node_modules"
}

// buildInput reports whether a file can change a build: Go sources (not
// tests), assembly and cgo sources, syso objects, module files.
func buildInput(name string, inVendor bool) bool {
	switch name {
	case "go.mod", "go.sum", "go.work", "go.work.sum":
		return true
	case "modules.txt":
		return inVendor
	}
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
		return false // the go command ignores these files too
	}
	switch filepath.Ext(name) {
	case ".go":
		return !strings.HasSuffix(name, "_test.go")
	case ".s", ".S", ".sx", ".c", ".h", ".cc", ".cpp", ".cxx", ".hh", ".hpp", ".hxx", ".m", ".f", ".F", ".for", ".f90", ".syso", ".swig", ".swigcxx":
		return true
	}
	return false
}

// workFile returns the go.work the go command would use when run in
// modRoot: $GOWORK, or the nearest go.work upward ("" for none).
func workFile(env []string, modRoot string) string {
	switch w := getenv(env, "GOWORK"); w {
	case "off":
		return ""
	case "":
	default:
		return w
	}
	for d := modRoot; ; {
		p := filepath.Join(d, "go.work")
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			if d == modRoot {
				return "" // inside the tree: the walk hashed it already
			}
			return p
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

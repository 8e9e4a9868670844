package initcmd

import (
	"errors"
	"fmt"
	"go/token"
	"path/filepath"
	"strings"
)

// complete validates c and fills in the defaults.
func complete(p *Project, c Choices) (Choices, error) {
	if c.Name == "" {
		c.Name = p.DefaultName()
	}
	if strings.ContainsAny(c.Name, "\n\r") {
		return c, fmt.Errorf("the app name %q must be one line", c.Name)
	}
	if c.Framework == "" {
		c.Framework = p.DefaultFramework()
	}
	fw, err := LookupFramework(c.Framework)
	if err != nil {
		return c, err
	}
	c.Framework = fw.Name
	if c.Database == "" {
		return c, errors.New("no database chosen (sqlite, postgres or mysql)")
	}
	db, err := LookupDatabase(c.Database)
	if err != nil {
		return c, err
	}
	c.Database = db.Name
	var canon []string
	for _, name := range c.Plugins {
		info, err := LookupPlugin(name)
		if err != nil {
			return c, err
		}
		canon = append(canon, info.Name)
	}
	for a, b := range pluginConflicts {
		if contains(canon, a) && contains(canon, b) {
			return c, fmt.Errorf("--plugins: %s replaces %s; choose one of them", a, b)
		}
	}
	c.Plugins = WithNeeds(canon)
	if c.Dir == "" {
		c.Dir = p.DefaultDir()
	}
	if c.Dir, err = cleanDir(p, c.Dir); err != nil {
		return c, err
	}
	if c.BasePath == "" {
		c.BasePath = DefaultBasePath
	}
	if c.BasePath, err = CleanBasePath(c.BasePath); err != nil {
		return c, err
	}
	if c.Client != "" {
		cl, err := LookupClient(c.Client)
		if err != nil {
			return c, err
		}
		c.Client = cl.Name
	}
	return c, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// WithNeeds returns the plugin names without duplicates, each preceded by
// the plugins it needs when those are missing (oauthProvider needs jwt).
func WithNeeds(names []string) []string {
	seen := map[string]bool{}
	var out []string
	var add func(n string)
	add = func(n string) {
		if seen[n] {
			return
		}
		seen[n] = true
		for _, dep := range pluginNeeds[n] {
			add(dep)
		}
		out = append(out, n)
	}
	for _, n := range names {
		add(n)
	}
	return out
}

// cleanDir makes dir a clean slash path relative to the project, inside
// the module, in a folder the go command builds.
func cleanDir(p *Project, dir string) (string, error) {
	abs := dir
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(p.Dir, abs)
	}
	abs = filepath.Clean(abs)
	rel, err := filepath.Rel(p.Dir, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("the auth folder %q is outside the project %s; pass a folder inside it", dir, p.Dir)
	}
	if modRel, err := filepath.Rel(p.ModRoot, abs); err != nil || strings.HasPrefix(modRel, "..") {
		return "", fmt.Errorf("the auth folder %q is outside the module at %s", dir, p.ModRoot)
	}
	rel = filepath.ToSlash(rel)
	for _, elem := range strings.Split(rel, "/") {
		if elem == "testdata" || strings.HasPrefix(elem, ".") && elem != "." || strings.HasPrefix(elem, "_") {
			return "", fmt.Errorf("the auth folder %q is one the go command ignores (testdata, or a name starting with \".\" or \"_\"); pick another", dir)
		}
	}
	return rel, nil
}

// CleanBasePath checks a handler base path and returns it without a
// trailing slash: "/" followed by segments of letters, digits, "-", "_",
// "." and "~".
func CleanBasePath(bp string) (string, error) {
	clean := strings.TrimRight(bp, "/")
	bad := !strings.HasPrefix(bp, "/") || clean == ""
	for _, seg := range strings.Split(strings.TrimPrefix(clean, "/"), "/") {
		if seg == "" || seg == "." || seg == ".." {
			bad = true
		}
		for _, r := range seg {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.~", r)) {
				bad = true
			}
		}
	}
	if bad {
		return "", fmt.Errorf("invalid base path %q: use a path such as /api/auth (a leading \"/\", then letters, digits, \"-\", \"_\", \".\" or \"~\", not just \"/\")", bp)
	}
	return clean, nil
}

// identifier turns s into a lower-case Go identifier (for package names
// and the database name in comments), or def when nothing is left.
func identifier(s, def string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
		}
	}
	id := strings.TrimLeft(b.String(), "0123456789_")
	if id == "" {
		return def
	}
	if token.IsKeyword(id) {
		return id + "pkg"
	}
	return id
}

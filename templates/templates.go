package templates

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"
	"text/template"
)

// FS holds every template, by the paths listed in the package comment.
//
//go:embed init
var FS embed.FS

// Parse returns the template of one variant in dir (for example "init/auth",
// "postgres.go.tmpl"), parsed with dir/common.tmpl. The returned template
// executes the variant's file.
func Parse(dir, variant string) (*template.Template, error) {
	name := dir + "/" + variant
	t, err := template.New(variant).Funcs(funcs).ParseFS(FS, name, dir+"/common.tmpl")
	if err != nil {
		return nil, fmt.Errorf("templates: %s: %w", name, err)
	}
	return t.Lookup(variant), nil
}

// funcs are the helpers the templates may call.
var funcs = template.FuncMap{
	// quote writes a Go (and TypeScript) string literal.
	"quote": func(s string) string { return fmt.Sprintf("%q", s) },
	"join":  strings.Join,
	// js writes a JavaScript string literal.
	"js": func(s string) (string, error) {
		b, err := json.Marshal(s)
		return string(b), err
	},
}

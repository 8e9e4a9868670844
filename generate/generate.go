package generate

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/authctl/authctl/schema"
)

// Adapters Render knows, in the order --help lists them.
var Adapters = []string{"sql", "prisma", "drizzle", "gorm"}

// Target says what to render and where.
type Target struct {
	// Dir is the absolute project directory; relative outputs resolve
	// against it.
	Dir string
	// Output is --output as given: "" for the adapter's default, a file,
	// or an existing directory to write the default file name into.
	Output string
	// Adapter is "sql" (default), "prisma", "drizzle" or "gorm".
	Adapter string
	// Dialect is the --dialect value or the config's dialect; each adapter
	// accepts its own spellings (see its renderer).
	Dialect string
	// Compat reproduces Better Auth 1.7.5's output byte for byte (sql).
	Compat bool
	// Package names the Go package of GORM models; "" = the output folder.
	Package string
	// UsePlural, CamelCase and SchemaName are Better Auth's Prisma and
	// Drizzle adapter options.
	UsePlural  bool
	CamelCase  bool
	SchemaName string
	// DrizzleRelations is the Drizzle relations API: "v1" (relations(),
	// when empty) or "v2" (defineRelations, drizzle-orm 1.0).
	DrizzleRelations string
}

// Existing reads a file's current content, or returns nil, nil when it
// does not exist. Renderers that merge into an existing file (Prisma) use
// it; nothing else reads the disk while rendering.
type Existing func(path string) ([]byte, error)

// ReadExisting is the Existing of a real run.
func ReadExisting(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	return b, err
}

// Render renders every file of t in memory and returns them keyed by
// absolute path. Nothing is written.
func Render(s *schema.Schema, t Target, existing Existing) (Files, error) {
	if s == nil {
		return nil, fmt.Errorf("no schema to render")
	}
	if existing == nil {
		existing = ReadExisting
	}
	switch t.Adapter {
	case "", "sql":
		content, err := SQL(s, SQLOptions{Dialect: t.Dialect, Compat: t.Compat})
		if err != nil {
			return nil, err
		}
		return Files{OutputPath(t.Dir, t.Output, "auth-schema.sql"): content}, nil
	case "prisma":
		return renderPrisma(s, t, existing)
	case "drizzle":
		return renderDrizzle(s, t, existing)
	case "gorm":
		return renderGORM(s, t, existing)
	}
	return nil, fmt.Errorf("unknown adapter %q; use sql, prisma, drizzle or gorm", t.Adapter)
}

// OutputPath resolves an output flag against the project directory: empty
// means def in dir; an existing directory, or a path ending in a separator,
// means def's base name inside it.
func OutputPath(dir, output, def string) string {
	if output == "" {
		return filepath.Join(dir, def)
	}
	p := output
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	// A trailing separator names a directory even before it exists.
	trailing := strings.HasSuffix(output, "/") || strings.HasSuffix(output, string(filepath.Separator))
	if st, err := os.Stat(p); trailing || (err == nil && st.IsDir()) {
		return filepath.Join(p, filepath.Base(def))
	}
	return p
}

package generate_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/authctl/authctl/generate"
)

func TestOutputPath(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "exists"), 0o755); err != nil {
		t.Fatal(err)
	}
	abs := filepath.Join(dir, "abs.sql")
	for _, c := range []struct{ output, want string }{
		{"", "auth-schema.sql"},
		{"schema.sql", "schema.sql"},
		{"exists", "exists/auth-schema.sql"},
		{"new/", "new/auth-schema.sql"}, // not there yet, but a directory by its slash
		{"new/deeper/", "new/deeper/auth-schema.sql"},
		{"new/file.sql", "new/file.sql"},
		{abs, "abs.sql"},
	} {
		got := generate.OutputPath(dir, c.output, "auth-schema.sql")
		if want := filepath.Join(dir, filepath.FromSlash(c.want)); got != want {
			t.Errorf("OutputPath(%q) = %s, want %s", c.output, got, want)
		}
	}
}

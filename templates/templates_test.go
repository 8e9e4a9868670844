package templates

import (
	"io/fs"
	"strings"
	"testing"
)

// Every variant parses with its folder's common.tmpl; a missing one is an
// error naming it.
func TestParse(t *testing.T) {
	n := 0
	for _, dir := range []string{"init/auth", "init/mount", "init/client"} {
		entries, err := fs.ReadDir(FS, dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Name() == "common.tmpl" {
				continue
			}
			tmpl, err := Parse(dir, e.Name())
			if err != nil || tmpl == nil {
				t.Errorf("%s/%s: %v", dir, e.Name(), err)
			}
			n++
		}
	}
	if n != 3+5+5 {
		t.Errorf("%d variants, want 13", n)
	}
	if _, err := Parse("init/auth", "oracle.go.tmpl"); err == nil || !strings.Contains(err.Error(), "init/auth/oracle.go.tmpl") {
		t.Errorf("missing variant: %v", err)
	}
}

package cmd

import (
	"path/filepath"
	"testing"
)

// This test binary is a development build of this checkout, so init takes
// the checkout as the place to require authctl from.
func TestSourceDir(t *testing.T) {
	want, _ := filepath.Abs("..")
	if got := sourceDir(); got != want {
		t.Fatalf("sourceDir() = %q, want %q", got, want)
	}
	old := version
	version = "v1.2.3"
	defer func() { version = old }()
	if got := sourceDir(); got != "" {
		t.Fatalf("a release build found a checkout: %q", got)
	}
}

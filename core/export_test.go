package core

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// npmWire returns testdata/npm-wire (where the pinned better-auth 1.7.5
// package is installed) and the node binary; it skips the test without
// them, and fails it under CI. The external tests use it as NPMWire.
func npmWire(t *testing.T) (dir, node string) {
	t.Helper()
	dir, err := filepath.Abs("../testdata/npm-wire")
	if err != nil {
		t.Fatal(err)
	}
	node, err = exec.LookPath("node")
	_, statErr := os.Stat(filepath.Join(dir, "node_modules", "better-auth", "package.json"))
	if err != nil || statErr != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("node or testdata/npm-wire/node_modules missing under CI (node: %v, modules: %v)", err, statErr)
		}
		t.Skip("node or testdata/npm-wire/node_modules missing; run npm ci in testdata/npm-wire")
	}
	return dir, node
}

// NPMWire is npmWire for package core_test.
var NPMWire = npmWire

package testmod

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeMod(t *testing.T, content string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// A module that requires nothing needs no network; the result is kept.
func TestDownloadOnce(t *testing.T) {
	dir := writeMod(t, "module example.com/empty\n\ngo 1.21\n")
	if err := Download(dir); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "go.mod")) // a second run would now fail
	if err := Download(dir); err != nil {
		t.Fatalf("second call ran again: %v", err)
	}
}

// A go.mod the go command rejects is an error that shows its message.
func TestDownloadError(t *testing.T) {
	dir := writeMod(t, "module example.com/bad\n\nrequire nonsense\n")
	err := Download(dir)
	if err == nil || !strings.Contains(err.Error(), "go.mod") || !strings.Contains(err.Error(), "is the module proxy reachable?") {
		t.Fatalf("err = %v", err)
	}
}

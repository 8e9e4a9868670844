package secret

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authctl/authctl/dotenv"
)

const (
	oldSecret = "1111111111111111111111111111111111111111111111111111111111111111"
	newSecret = "2222222222222222222222222222222222222222222222222222222222222222"
)

func TestWriteAbsentFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	if err := Write(path, newSecret, false); err != nil {
		t.Fatal(err)
	}
	if got := read(t, path); got != EnvKey+"="+newSecret+"\n" {
		t.Fatalf("file = %q", got)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("new file mode %v, want 0600", fi.Mode().Perm())
	}
}

func TestWriteAppendsKeepingOtherLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	const before = "# app\r\nDATABASE_URL=\"postgres://localhost/app\" # dev\r\nPORT=3000"
	write(t, path, before)
	if err := Write(path, newSecret, false); err != nil {
		t.Fatal(err)
	}
	want := before + "\r\n" + EnvKey + "=" + newSecret + "\r\n"
	if got := read(t, path); got != want {
		t.Fatalf("file =\n%q\nwant\n%q", got, want)
	}
}

func TestWriteExistingRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	before := "A=1\n" + EnvKey + "=" + oldSecret + "\nB=2\n"
	write(t, path, before)
	err := Write(path, newSecret, false)
	if !errors.Is(err, dotenv.ErrExists) {
		t.Fatalf("err = %v, want dotenv.ErrExists", err)
	}
	if !strings.Contains(err.Error(), "--force") || !strings.Contains(err.Error(), EnvKey) {
		t.Errorf("error %q should name %s and --force", err, EnvKey)
	}
	if strings.Contains(err.Error(), oldSecret) || strings.Contains(err.Error(), newSecret) {
		t.Errorf("error %q leaks a secret", err)
	}
	if got := read(t, path); got != before {
		t.Fatalf("file changed to %q", got)
	}
}

func TestWriteForced(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	write(t, path, "A=1\nexport "+EnvKey+"=\""+oldSecret+"\" # rotated yearly\nB=2\n")
	if err := Write(path, newSecret, true); err != nil {
		t.Fatal(err)
	}
	want := "A=1\nexport " + EnvKey + "=" + newSecret + " # rotated yearly\nB=2\n"
	if got := read(t, path); got != want {
		t.Fatalf("file =\n%q\nwant\n%q", got, want)
	}
}

func TestWriteFillsEmptyValue(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	write(t, path, EnvKey+"=\nA=1\n")
	if err := Write(path, newSecret, false); err != nil {
		t.Fatal(err)
	}
	if got := read(t, path); got != EnvKey+"="+newSecret+"\nA=1\n" {
		t.Fatalf("file = %q", got)
	}
}

func TestWriteEmptySecret(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	if err := Write(path, "", true); err == nil {
		t.Fatal("Write accepted an empty secret")
	}
	if _, err := os.Stat(path); err == nil {
		t.Fatal("file created")
	}
}

func TestWriteGenerated(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	s, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(path, s, false); err != nil {
		t.Fatal(err)
	}
	entries, err := dotenv.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := dotenv.Lookup(entries, EnvKey); got != s {
		t.Fatalf("read back %q, want %q", got, s)
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

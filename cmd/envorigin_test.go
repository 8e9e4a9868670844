package cmd

import (
	"os"
	"path/filepath"
	"testing"
)

func TestEnvOrigin(t *testing.T) {
	const key = "AUTHCTL_TEST_ORIGIN"
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if got := envOrigin(dir, key); got != "" {
		t.Fatalf("unset: %q", got)
	}
	write(".env", key+"=a\n")
	if got := envOrigin(dir, key); got != ".env" {
		t.Fatalf("got %q, want .env", got)
	}
	write(".env.local", key+"=b\n")
	if got := envOrigin(dir, key); got != ".env.local" {
		t.Fatalf("got %q, want .env.local (it wins over .env)", got)
	}
	t.Setenv(key, "c")
	if got := envOrigin(dir, key); got != "the environment" {
		t.Fatalf("got %q, want the environment", got)
	}
	t.Setenv(key, "")
	if got := envOrigin(dir, key); got != "" {
		t.Fatalf("an empty exported value wins and is no value: %q", got)
	}
}

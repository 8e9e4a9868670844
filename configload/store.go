package configload

import (
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// loaderCache is <CacheDir>/loaders. Files in it: <key> (a loader binary),
// <key>.tmp-* (a build in progress), <source key>.last (the key of the
// last loader built for those sources, used when no go is on PATH).
type loaderCache struct{ dir string }

func (c loaderCache) bin(key string) string { return filepath.Join(c.dir, key) }

func (c loaderCache) lastFile(source []byte) string {
	return filepath.Join(c.dir, hex.EncodeToString(source)+".last")
}

// lookup returns the loader for key if it is cached. It refreshes the
// mtime, which pruning reads as "last used", at most once a day to keep
// hits free of writes.
func (c loaderCache) lookup(key string) (string, bool) {
	p := c.bin(key)
	fi, err := os.Stat(p)
	if err != nil || !fi.Mode().IsRegular() {
		return "", false
	}
	if now := time.Now(); now.Sub(fi.ModTime()) > 24*time.Hour {
		_ = os.Chtimes(p, now, now)
	}
	return p, true
}

// lastKey reads the key of the last loader built for source.
func (c loaderCache) lastKey(source []byte) string {
	b, err := os.ReadFile(c.lastFile(source))
	if err != nil {
		return ""
	}
	k := strings.TrimSpace(string(b))
	if _, err := hex.DecodeString(k); err != nil || len(k) != 64 {
		return ""
	}
	return k
}

// setLast records key as the last loader for source, atomically so a
// concurrent reader sees the old or the new key, never half of one.
func (c loaderCache) setLast(source []byte, key string) error {
	f, err := os.CreateTemp(c.dir, "last.tmp-*")
	if err != nil {
		return err
	}
	_, werr := f.WriteString(key + "\n")
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), c.lastFile(source)); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}

// Pruning ages: a loader unused for maxAge is deleted; a temp file older
// than tmpAge belongs to a build that was killed.
const (
	maxAge = 30 * 24 * time.Hour
	tmpAge = time.Hour
)

// prune deletes stale loaders, temp files and dangling .last pointers.
// It is best-effort: a failure only costs disk space.
func (c loaderCache) prune(now time.Time) {
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	var lasts []string
	for _, e := range entries {
		name := e.Name()
		fi, err := e.Info()
		if err != nil {
			continue
		}
		age := now.Sub(fi.ModTime())
		switch {
		case strings.Contains(name, ".tmp-"):
			if age > tmpAge {
				os.RemoveAll(filepath.Join(c.dir, name))
			}
		case strings.HasSuffix(name, ".last"):
			lasts = append(lasts, name)
		case age > maxAge:
			os.Remove(filepath.Join(c.dir, name))
		}
	}
	for _, name := range lasts {
		b, err := os.ReadFile(filepath.Join(c.dir, name))
		if err != nil {
			continue
		}
		if _, err := os.Stat(c.bin(strings.TrimSpace(string(b)))); errors.Is(err, fs.ErrNotExist) {
			os.Remove(filepath.Join(c.dir, name))
		}
	}
}

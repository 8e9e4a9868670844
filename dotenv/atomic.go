package dotenv

import (
	"io/fs"
	"os"
	"path/filepath"
)

// rename is os.Rename; tests replace it to fail after the temporary file
// exists, which a permission-based test cannot do when run as root.
var rename = os.Rename

// writeFileAtomic replaces path with data so that a reader (or a crash) sees
// either the old file or the new one, never a partial write: the data goes to
// a temporary file in the same directory (rename is only atomic within one
// file system), is fsynced, given mode, and renamed over path. On any failure
// the temporary file is removed and path is untouched.
func writeFileAtomic(path string, data []byte, mode fs.FileMode) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	// Chmod, not the umask-filtered create mode, so the result is exactly
	// the original file's mode.
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = rename(tmp.Name(), path); err != nil {
		return err
	}
	// Make the rename itself durable. Best effort: some systems cannot
	// fsync a directory, and the new content is already safely in place.
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// rename is os.Rename; tests replace it to fail after the temporary file
// exists, which a permission-based test cannot provoke when run as root.
var rename = os.Rename

// Staged is new content written in full beside its target, not yet in
// place. Call Commit or Abort.
type Staged struct {
	tmp, path string
}

// Stage writes data to a synced temporary file in path's directory with
// exactly mode (not filtered by the umask). The directory must exist. On
// error nothing is left behind.
func Stage(path string, data []byte, mode fs.FileMode) (s *Staged, err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		// Name the file the caller asked for, not our temporary one.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &fs.PathError{Op: "write", Path: path, Err: err}
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return nil, err
	}
	if err = tmp.Chmod(mode); err != nil {
		return nil, err
	}
	if err = tmp.Sync(); err != nil {
		return nil, err
	}
	if err = tmp.Close(); err != nil {
		return nil, err
	}
	return &Staged{tmp: tmp.Name(), path: path}, nil
}

// Commit renames the staged file over its target. On error the temporary
// file is removed and the target is untouched.
func (s *Staged) Commit() error {
	if err := rename(s.tmp, s.path); err != nil {
		os.Remove(s.tmp)
		return err
	}
	// Make the rename itself durable. Best effort: some systems cannot
	// fsync a directory, and the new content is already in place.
	if d, err := os.Open(filepath.Dir(s.path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Abort removes the staged file.
func (s *Staged) Abort() { os.Remove(s.tmp) }

// WriteFile replaces path with data atomically (Stage, then Commit).
func WriteFile(path string, data []byte, mode fs.FileMode) error {
	s, err := Stage(path, data, mode)
	if err != nil {
		return err
	}
	return s.Commit()
}

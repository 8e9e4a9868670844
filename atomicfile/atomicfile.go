package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
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
//
// A path that is a symbolic link is written through to the file it points
// to, as editors do: the link stays, the temporary file is made beside the
// target (a rename cannot cross file systems), and a dangling link gets its
// target created. A target that exists but that the process may not write
// is refused, as writing it in place would be: a rename would replace it
// regardless of its permissions.
func Stage(path string, data []byte, mode fs.FileMode) (s *Staged, err error) {
	asked := path
	if path, err = Resolve(path); err != nil {
		return nil, err
	}
	if err := checkWritable(path); err != nil {
		return nil, &fs.PathError{Op: "write", Path: asked, Err: err}
	}
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
		return nil, &fs.PathError{Op: "write", Path: asked, Err: err}
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

// Path is the file Commit replaces: the path given to Stage, with symbolic
// links resolved.
func (s *Staged) Path() string { return s.path }

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

// maxLinks bounds the links Resolve follows, as the kernel's ELOOP does.
const maxLinks = 40

// Resolve follows path while it is a symbolic link and returns the file
// it ends at, which need not exist (a dangling link resolves to its
// target). Relative link targets are taken from the link's directory.
// Links in path's directories are left to the system, which follows them.
func Resolve(path string) (string, error) {
	asked := path
	for range maxLinks {
		target, err := os.Readlink(path)
		if err != nil {
			// Not a link (or missing): this is the file.
			return path, nil
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(path), target)
		}
		path = target
	}
	return "", &fs.PathError{Op: "write", Path: asked, Err: syscall.ELOOP}
}

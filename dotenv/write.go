package dotenv

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/authctl/authctl/atomicfile"
	"io/fs"
	"os"
	"strings"
)

// ErrExists is wrapped by Set when the key already has a non-empty value and
// replacing was not asked for.
var ErrExists = errors.New("already set")

// newFileMode is used when Set creates the file: .env files hold secrets.
const newFileMode fs.FileMode = 0o600

// Set sets key to value in the file at path, creating the file if needed.
//
// If the key is assigned (the last assignment, which is the one Parse-based
// readers honour) its value is replaced in place: the "export " prefix,
// spacing and any trailing comment on that line stay. Otherwise a line is
// appended, after adding a final newline if the file lacks one, using the
// file's line ending (CRLF if its first line ends in CRLF). Every other byte
// is kept.
//
// A non-empty existing value is only replaced when replace is true; otherwise
// Set returns an error wrapping ErrExists and leaves the file untouched. An
// existing empty value ("KEY=") is filled in either way. A file that does not
// parse is not edited.
func Set(path, key, value string, replace bool) error {
	if !validKey(key) {
		return fmt.Errorf("dotenv: invalid key %q", key)
	}
	f, err := load(path)
	if err != nil {
		return err
	}
	var out []byte
	if s, ok := f.last(key); ok {
		if s.Value == value {
			return nil // nothing to change; don't touch mtime or inode
		}
		if s.Value != "" && !replace {
			return fmt.Errorf("%s: %s is %w", path, key, ErrExists)
		}
		out = make([]byte, 0, len(f.data)+len(value)+2)
		q := quote(value)
		// A bare value runs on to the next blank: if something other
		// than a blank follows the old value (`KEY=""#note`), quote the
		// new one so the rest of the line stays a comment.
		if !strings.HasPrefix(q, `"`) && s.valEnd < len(f.data) && !strings.ContainsRune(" \t\r\n", rune(f.data[s.valEnd])) {
			q = quoted(value)
		}
		out = append(out, f.data[:s.valStart]...)
		out = append(out, q...)
		out = append(out, f.data[s.valEnd:]...)
	} else {
		out = f.appendLines([]Entry{{key, value}})
	}
	return atomicfile.WriteFile(f.path, out, f.mode)
}

// SetMissing appends the entries whose keys the file does not assign yet,
// in the order given, and returns the keys added. Existing assignments, even
// empty ones, are never changed. If an entry's key repeats, the last value
// wins (as in Parse). The file is only written (or created) when something is
// added.
func SetMissing(path string, entries []Entry) (added []string, err error) {
	s, added, err := StageMissing(path, entries)
	if err != nil || s == nil {
		return nil, err
	}
	if err := s.Commit(); err != nil {
		return nil, err
	}
	return added, nil
}

// StageMissing is SetMissing without the final rename: the new content is
// staged beside the file (atomicfile.Stage) for a caller that puts several
// files in place together, and commits or aborts it. staged is nil when
// every key is already assigned.
func StageMissing(path string, entries []Entry) (staged *atomicfile.Staged, added []string, err error) {
	for _, e := range entries {
		if !validKey(e.Key) {
			return nil, nil, fmt.Errorf("dotenv: invalid key %q", e.Key)
		}
	}
	f, err := load(path)
	if err != nil {
		return nil, nil, err
	}
	index := map[string]int{}
	var missing []Entry
	for _, e := range entries {
		if _, ok := f.last(e.Key); ok {
			continue
		}
		if i, dup := index[e.Key]; dup {
			missing[i].Value = e.Value
			continue
		}
		index[e.Key] = len(missing)
		missing = append(missing, e)
		added = append(added, e.Key)
	}
	if len(missing) == 0 {
		return nil, nil, nil
	}
	s, err := atomicfile.Stage(f.path, f.appendLines(missing), f.mode)
	if err != nil {
		return nil, nil, err
	}
	return s, added, nil
}

// file is an .env file loaded for editing.
type file struct {
	path  string // symlinks resolved, so the link itself survives the rename
	data  []byte
	mode  fs.FileMode
	stmts []stmt
}

func load(path string) (*file, error) {
	// Symlinks resolved: a .env linked from a shared location stays a link.
	real, err := atomicfile.Resolve(path)
	if err != nil {
		return nil, err
	}
	f := &file{path: real, mode: newFileMode}
	data, err := os.ReadFile(f.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return f, nil
	case err != nil:
		return nil, err
	}
	info, err := os.Stat(f.path)
	if err != nil {
		return nil, err
	}
	f.data, f.mode = data, info.Mode().Perm()
	if f.stmts, err = parse(data); err != nil {
		var se *SyntaxError
		if errors.As(err, &se) {
			se.Path = path
		}
		return nil, fmt.Errorf("dotenv: not editing unparsable file: %w", err)
	}
	return f, nil
}

func (f *file) last(key string) (stmt, bool) {
	for i := len(f.stmts) - 1; i >= 0; i-- {
		if f.stmts[i].Key == key {
			return f.stmts[i], true
		}
	}
	return stmt{}, false
}

// appendLines returns the file's bytes with one KEY=VALUE line per entry
// appended.
func (f *file) appendLines(entries []Entry) []byte {
	eol := "\n"
	if nl := bytes.IndexByte(f.data, '\n'); nl > 0 && f.data[nl-1] == '\r' {
		eol = "\r\n"
	}
	out := bytes.Clone(f.data)
	if body := bytes.TrimPrefix(out, bom); len(body) > 0 {
		switch body[len(body)-1] {
		case '\n':
		case '\r':
			// A file ending in a lone CR: Parse reads it as the
			// first half of a CRLF, so complete that one rather
			// than add a second terminator ("\r\r\n" would leave a
			// stray CR on the line).
			out = append(out, '\n')
		default:
			out = append(out, eol...)
		}
	}
	for _, e := range entries {
		out = append(out, e.Key+"="+quote(e.Value)+eol...)
	}
	return out
}

// quote returns value as written in a file: bare when that reads back
// unchanged and looks unambiguous, otherwise double-quoted with \\, \", \n and
// \r escaped. Blanks, "#", quotes and line breaks force quoting; other
// characters, backslashes included, are literal in a bare value.
func quote(value string) string {
	if !strings.ContainsAny(value, " \t#'\"\n\r") {
		return value
	}
	return quoted(value)
}

// quoted returns value double-quoted with \\, \", \n and \r escaped.
func quoted(value string) string {
	var b strings.Builder
	b.Grow(len(value) + 2)
	b.WriteByte('"')
	for i := 0; i < len(value); i++ {
		switch c := value[i]; c {
		case '\\', '"':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

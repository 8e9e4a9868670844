package versioned

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	amigrate "ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/sqltool"
)

// Format is a migration directory layout.
type Format string

// The formats. Goose, GolangMigrate and DBMate files carry a down
// migration; Atlas directories carry atlas.sum; SQL is plain numbered
// files of up statements, which any tool (or psql -f) runs in name order.
const (
	Goose         Format = "goose"
	GolangMigrate Format = "golang-migrate"
	DBMate        Format = "dbmate"
	Atlas         Format = "atlas"
	SQL           Format = "sql"
)

// Formats lists the formats, for help texts and completion.
var Formats = []Format{Goose, GolangMigrate, DBMate, Atlas, SQL}

// ParseFormat returns the format named s ("migrate" and "golang_migrate"
// are accepted for golang-migrate).
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case Goose, GolangMigrate, DBMate, Atlas, SQL:
		return f, nil
	case "migrate", "golang_migrate", "golangmigrate":
		return GolangMigrate, nil
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown format %q; use one of %s", s, strings.Join(names, ", "))
}

// HasDown reports whether the format's files carry a down migration.
func (f Format) HasDown() bool { return f == Goose || f == GolangMigrate || f == DBMate }

// formatter is Atlas's formatter for the format.
func (f Format) formatter() amigrate.Formatter {
	switch f {
	case Goose:
		return sqltool.GooseFormatter
	case GolangMigrate:
		return sqltool.GolangMigrateFormatter
	case DBMate:
		return sqltool.DBMateFormatter
	}
	return amigrate.DefaultFormatter
}

// scanner is Atlas's reader of a directory in the format. It lists the up
// migrations in order and splits them into statements.
func (f Format) scanner(path string) (amigrate.Dir, error) {
	switch f {
	case Goose:
		return sqltool.NewGooseDir(path)
	case GolangMigrate:
		return sqltool.NewGolangMigrateDir(path)
	case DBMate:
		return sqltool.NewDBMateDir(path)
	}
	return amigrate.NewLocalDir(path)
}

// migrationFile is one up migration of the directory.
type migrationFile struct {
	name    string
	version string
}

var versionRE = regexp.MustCompile(`^([0-9]+)_`)

// existing checks the .sql files of the directory at path (shown as dir in
// messages) against the format and returns the up migrations, in order. A
// missing directory is empty.
func (f Format) existing(path, dir string) ([]migrationFile, error) {
	entries, err := os.ReadDir(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		var pe *fs.PathError
		if errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "not a directory") {
			return nil, fmt.Errorf("--dir %s is a file, not a directory; name the migration directory", dir)
		}
		return nil, fmt.Errorf("reading the migration directory: %w", err)
	}
	var out []migrationFile
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".sql") {
			continue
		}
		if f == GolangMigrate && strings.HasSuffix(name, ".down.sql") {
			continue
		}
		if f == GolangMigrate && !strings.HasSuffix(name, ".up.sql") {
			return nil, fmt.Errorf("%s is not a golang-migrate file (VERSION_NAME.up.sql and VERSION_NAME.down.sql); rename it, or pick the --format that wrote %s", filepath.Join(dir, name), dir)
		}
		m := versionRE.FindStringSubmatch(name)
		if m == nil {
			return nil, fmt.Errorf("%s does not start with a version number and \"_\" (as in 0001_init.sql); rename it, or move it out of %s", filepath.Join(dir, name), dir)
		}
		b, err := os.ReadFile(filepath.Join(path, name))
		if err != nil {
			return nil, err
		}
		if marker := f.upMarker(); marker != "" {
			switch found, other := markerLine(string(b), marker); {
			case !found && other != "":
				return nil, fmt.Errorf("%s: authctl reads the up section only after a plain %q line (as Atlas's %s reader does), not %q; split the options off, or write that migration by hand after the others", filepath.Join(dir, name), marker, f, other)
			case !found:
				return nil, fmt.Errorf("%s is not a %s migration (it has no %q line); add that line above its statements, or pick the --format that wrote %s", filepath.Join(dir, name), f, marker, dir)
			}
		}
		out = append(out, migrationFile{name: name, version: m[1]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	seen := map[string]string{}
	var last uint64
	for i, m := range out {
		n, err := strconv.ParseUint(m.version, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s: version %s is too large", filepath.Join(dir, m.name), m.version)
		}
		key := strconv.FormatUint(n, 10)
		if prev, ok := seen[key]; ok {
			return nil, fmt.Errorf("%s and %s have the same version %s; renumber one of them", prev, m.name, m.version)
		}
		seen[key] = m.name
		// Atlas replays files in name order, the tools in version order.
		if i > 0 && n < last {
			return nil, fmt.Errorf("%s sorts after %s by name but not by version; zero-pad the versions to one width (as in 0002, 0010)", m.name, out[i-1].name)
		}
		last = n
	}
	return out, nil
}

// upMarker is the line a file of the format must hold.
func (f Format) upMarker() string {
	switch f {
	case Goose:
		return "-- +goose Up"
	case DBMate:
		return "-- migrate:up"
	}
	return ""
}

// markerLine looks for marker as a line of text, as Atlas's goose and
// dbmate readers (sqltool) find it: exactly, in its case, trailing spaces
// aside. A line that starts with marker and goes on (dbmate's "-- migrate:up
// transaction:false") is returned as other: those readers would skip the
// section.
func markerLine(text, marker string) (found bool, other string) {
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimRight(l, " \t\r")
		switch {
		case l == marker:
			return true, ""
		case other == "" && strings.HasPrefix(strings.ToLower(l), strings.ToLower(marker)):
			other = l
		}
	}
	return false, other
}

// nextVersion picks the version of the next file. A directory numbered
// sequentially (the last version is shorter than a timestamp, as the
// reference's 0001_init.sql) continues the sequence with the same width;
// otherwise the version is now's UTC timestamp (YYYYMMDDHHMMSS, the tools'
// default), bumped past the last version when the clock is not ahead of it.
func nextVersion(files []migrationFile, now time.Time) string {
	ts := now.UTC().Format("20060102150405")
	if len(files) == 0 {
		return ts
	}
	last := files[len(files)-1].version
	for _, f := range files {
		if len(f.version) > len(last) || (len(f.version) == len(last) && f.version > last) {
			last = f.version
		}
	}
	n, err := strconv.ParseUint(last, 10, 64)
	if err != nil {
		return ts
	}
	if len(last) < len(ts) {
		return fmt.Sprintf("%0*d", len(last), n+1)
	}
	if t, err := strconv.ParseUint(ts, 10, 64); err == nil && t > n {
		return ts
	}
	return strconv.FormatUint(n+1, 10)
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)

// checkName checks a migration name: letters, digits, "_" and "-".
func checkName(name string) error {
	if !nameRE.MatchString(name) {
		return fmt.Errorf("migration name %q: use letters, digits, \"_\" and \"-\" (as in add_two_factor)", name)
	}
	return nil
}

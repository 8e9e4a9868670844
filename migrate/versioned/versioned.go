package versioned

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	amigrate "ariga.io/atlas/sql/migrate"

	"github.com/authctl/authctl/atomicfile"
	"github.com/authctl/authctl/dialects"
	"github.com/authctl/authctl/migrate"
	"github.com/authctl/authctl/schema"
)

// Options configure Diff.
type Options struct {
	// Dir is the migration directory; a missing one is empty (Write
	// creates it). Messages name it as given.
	Dir string
	// Root is the directory a relative Dir is relative to (default: the
	// process's working directory).
	Root string
	// Format is the directory's layout.
	Format Format
	// Name names the new file (letters, digits, "_", "-"). It may be
	// empty when only checking.
	Name string
	// Dialect is "sqlite", "postgres" or "mysql" (or an alias).
	Dialect string
	// Schema is the auth schema the directory should build.
	Schema *schema.Schema
	// DevURL is the scratch database the directory is replayed into:
	// empty for SQLite (an in-memory database), required for PostgreSQL
	// and MySQL. It must hold no table; Diff empties it again.
	DevURL string
	// AllowUnsafe renders a plan with unsafe changes anyway; each such
	// statement is marked "UNSAFE" in the file.
	AllowUnsafe bool
	// Now is the clock for timestamp versions (default time.Now).
	Now func() time.Time
	// Timeout bounds connecting to the dev database (default 10s).
	Timeout time.Duration
}

// File is a rendered file, named relative to the directory.
type File struct {
	Name string
	Data []byte
}

// Result is what Diff found.
type Result struct {
	// Dir is the directory's path (Options.Dir under Options.Root).
	Dir string
	// Plan is the plan from the replayed directory to the schema; its
	// Statements are the new file's up migration, its Unsafe the changes
	// that need Options.AllowUnsafe, its Warnings drift the directory has
	// and authctl never changes.
	Plan *migrate.Plan
	// Files are the files to write: the migration (for golang-migrate
	// its .up.sql and .down.sql), and atlas.sum for Atlas. Empty when
	// nothing is pending, or when the plan is unsafe and AllowUnsafe is
	// off.
	Files []File
	// Replayed counts the directory's migration files.
	Replayed int
	// SumCreated is true when an Atlas directory had files but no
	// atlas.sum, which Files now holds.
	SumCreated bool
}

// Pending reports whether the directory lags the schema.
func (r *Result) Pending() bool { return r.Plan != nil && r.Plan.Pending() }

// Diff replays o.Dir into the dev database, plans the rest of o.Schema and
// renders the next migration. It writes nothing; see Write.
func Diff(ctx context.Context, o Options) (res *Result, err error) {
	if o.Schema == nil {
		return nil, errors.New("no schema")
	}
	switch o.Format {
	case Goose, GolangMigrate, DBMate, Atlas, SQL:
	default:
		return nil, fmt.Errorf("format %q: use one of goose, golang-migrate, dbmate, atlas, sql (ParseFormat reads the aliases)", o.Format)
	}
	if o.Name != "" {
		if err := checkName(o.Name); err != nil {
			return nil, err
		}
	}
	d, err := dialects.Get(o.Dialect)
	if err != nil {
		return nil, err
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Timeout <= 0 {
		o.Timeout = migrate.DefaultLockTimeout
	}
	path := o.Dir
	if o.Root != "" && !filepath.IsAbs(path) {
		path = filepath.Join(o.Root, path)
	}
	files, err := o.Format.existing(path, o.Dir)
	if err != nil {
		return nil, err
	}
	var scan amigrate.Dir
	if len(files) > 0 {
		if scan, err = o.Format.scanner(path); err != nil {
			return nil, fmt.Errorf("reading %s: %w", o.Dir, err)
		}
	}
	sumCreated := false
	if o.Format == Atlas && len(files) > 0 {
		switch err := amigrate.Validate(scan); {
		case errors.Is(err, amigrate.ErrChecksumNotFound):
			sumCreated = true
		case errors.Is(err, amigrate.ErrChecksumMismatch):
			return nil, fmt.Errorf("%s does not match the files of %s (a file was edited, added or removed by hand); restore them, or run `atlas migrate hash --dir file://%s` if the change is intended", filepath.Join(o.Dir, amigrate.HashFileName), o.Dir, o.Dir)
		case err != nil:
			return nil, fmt.Errorf("checking %s: %w", filepath.Join(o.Dir, amigrate.HashFileName), err)
		}
	}

	dev, err := openDev(ctx, o.DevURL, d.Engine(), o.Timeout)
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := dev.close(); cerr != nil && err == nil {
			res, err = nil, cerr
		}
	}()
	if scan != nil {
		if err := dev.replay(ctx, o.Dir, scan); err != nil {
			return nil, err
		}
	}
	m, err := migrate.New(dev.db, d.Name(), migrate.Options{LockTimeout: o.Timeout})
	if err != nil {
		return nil, err
	}
	p, err := m.PlanFile(ctx, o.Schema)
	if err != nil {
		return nil, fmt.Errorf("planning against the replayed directory: %s", dev.dsn.Scrub(err.Error()))
	}
	res = &Result{Dir: path, Plan: p, Replayed: len(files)}
	if !p.Pending() || (len(p.Unsafe) > 0 && !o.AllowUnsafe) || o.Name == "" {
		return res, nil
	}
	changes := marked(p)
	if o.Format.HasDown() {
		if err := sqliteDowns(ctx, dev, p, changes); err != nil {
			return nil, err
		}
	}
	version := nextVersion(files, o.Now())
	rendered, err := render(o.Format, version, o.Name, changes)
	if err != nil {
		return nil, err
	}
	res.Files = rendered
	if o.Format == Atlas {
		sum, err := sumFile(scan, rendered[0])
		if err != nil {
			return nil, err
		}
		res.Files = append(res.Files, sum)
		res.SumCreated = sumCreated
	}
	return res, nil
}

// render formats the changes with Atlas's formatter for f, as
// version_name.
func render(f Format, version, name string, changes []*amigrate.Change) ([]File, error) {
	plan := &amigrate.Plan{Version: version, Name: name, Changes: changes}
	out, err := f.formatter().Format(plan)
	if err != nil {
		return nil, fmt.Errorf("rendering the migration: %w", err)
	}
	files := make([]File, 0, len(out))
	for _, file := range out {
		n := file.Name()
		// sqltool's formatters name files after the clock; the version
		// is authctl's choice (see nextVersion).
		if _, rest, ok := strings.Cut(n, "_"); ok {
			n = version + "_" + rest
		}
		files = append(files, File{Name: n, Data: file.Bytes()})
	}
	return files, nil
}

// marked returns the plan's changes, each unsafe problem named once, in a
// comment starting "UNSAFE" above the first statement on its table.
func marked(p *migrate.Plan) []*amigrate.Change {
	var out []*amigrate.Change
	done := make([]bool, len(p.Unsafe))
	for _, c := range p.AtlasChanges() {
		cc := *c
		var notes []string
		for i, pr := range p.Unsafe {
			if t := sourceTable(c); !done[i] && t != "" && (t == pr.Table || t == "new_"+pr.Table) {
				done[i] = true
				notes = append(notes, "UNSAFE (written with --allow-unsafe): "+oneLine(pr.Message))
			}
		}
		if len(notes) > 0 {
			cc.Comment = strings.Join(append(notes, c.Comment), "\n-- ")
		}
		out = append(out, &cc)
	}
	// A problem no statement's table matched goes above the first one.
	for i, pr := range p.Unsafe {
		if !done[i] && len(out) > 0 {
			out[0].Comment = "UNSAFE (written with --allow-unsafe): " + oneLine(pr.Message) + "\n-- " + out[0].Comment
		}
	}
	return out
}

// sumFile is atlas.sum over the directory's files and the new one.
func sumFile(scan amigrate.Dir, added File) (File, error) {
	var files []amigrate.File
	if scan != nil {
		fs, err := scan.Files()
		if err != nil {
			return File{}, err
		}
		files = fs
	}
	files = append(files, amigrate.NewLocalFile(added.Name, added.Data))
	sum, err := amigrate.NewHashFile(files)
	if err != nil {
		return File{}, err
	}
	b, err := sum.MarshalText()
	if err != nil {
		return File{}, err
	}
	return File{Name: amigrate.HashFileName, Data: b}, nil
}

// Write writes res.Files into res.Dir, creating the directory: all of them
// or none. New migration files must not exist yet.
func Write(res *Result) error {
	if len(res.Files) == 0 {
		return nil
	}
	if err := os.MkdirAll(res.Dir, 0o755); err != nil {
		return fmt.Errorf("creating the migration directory: %w", err)
	}
	var staged []*atomicfile.Staged
	abort := func() {
		for _, s := range staged {
			s.Abort()
		}
	}
	for _, f := range res.Files {
		path := filepath.Join(res.Dir, f.Name)
		if f.Name != amigrate.HashFileName {
			if _, err := os.Lstat(path); err == nil {
				abort()
				return fmt.Errorf("%s already exists; nothing was written; remove it or pick another name", path)
			}
		}
		s, err := atomicfile.Stage(path, f.Data, 0o644)
		if err != nil {
			abort()
			return fmt.Errorf("writing %s: %w", path, err)
		}
		staged = append(staged, s)
	}
	for i, s := range staged {
		if err := s.Commit(); err != nil {
			for _, done := range staged[:i] {
				os.Remove(done.Path())
			}
			for _, rest := range staged[i+1:] {
				rest.Abort()
			}
			return fmt.Errorf("writing %s: %w; nothing was written", s.Path(), err)
		}
	}
	return nil
}

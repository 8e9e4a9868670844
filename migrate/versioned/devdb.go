package versioned

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	amigrate "ariga.io/atlas/sql/migrate"
	atlas "ariga.io/atlas/sql/schema"

	"github.com/authctl/authctl/dialects"
	"github.com/authctl/authctl/engine"
)

// devDB is the database a directory is replayed into.
type devDB struct {
	db  *sql.DB
	eng *engine.Engine
	dsn *dialects.DSN
	// restore empties the scratch database again (nil for SQLite, whose
	// in-memory database goes away with the connection).
	restore amigrate.RestoreFunc
}

// openDev opens the dev database: url, or an in-memory SQLite database
// when url is "". A PostgreSQL or MySQL database must be empty (no table in
// the connection's schema or database): the replay runs there, and close
// drops everything it created.
func openDev(ctx context.Context, url string, eng *engine.Engine, timeout time.Duration) (*devDB, error) {
	if url == "" {
		if eng != engine.SQLite {
			return nil, fmt.Errorf("a %s migration directory is replayed into a scratch database: pass --dev-url with an empty %s database (authctl empties it again afterwards)", eng, eng)
		}
		url = "sqlite::memory:"
	}
	dsn, err := dialects.ParseDSN(url)
	if err != nil {
		return nil, fmt.Errorf("--dev-url: %w", err)
	}
	if dsn.Engine != eng {
		return nil, fmt.Errorf("--dev-url names a %s database, but the migrations are for %s; pass a %s scratch database", dsn.Engine, eng, eng)
	}
	if eng == engine.SQLite && dsn.Path != ":memory:" {
		return nil, fmt.Errorf("--dev-url: SQLite migrations are replayed into an in-memory database; leave --dev-url out (or pass sqlite::memory:)")
	}
	db, err := dsn.Open(ctx, dialects.OpenOptions{ConnectTimeout: timeout, AppName: "authctl migrate diff"})
	if err != nil {
		return nil, fmt.Errorf("--dev-url: %w", err)
	}
	d := &devDB{db: db, eng: eng, dsn: dsn}
	if eng == engine.SQLite {
		return d, nil
	}
	if err := d.checkEmpty(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return d, nil
}

// checkEmpty refuses a dev database that holds tables, and arms restore.
func (d *devDB) checkEmpty(ctx context.Context) error {
	var name sql.NullString
	q := "SELECT current_schema()"
	if d.eng == engine.MySQL {
		q = "SELECT DATABASE()"
	}
	if err := d.db.QueryRowContext(ctx, q).Scan(&name); err != nil {
		return fmt.Errorf("--dev-url %s: %s", d.dsn.Location(), d.dsn.Scrub(err.Error()))
	}
	if !name.Valid || name.String == "" {
		if d.eng == engine.MySQL {
			return fmt.Errorf("--dev-url %s names no database; add one to the URL (mysql://user:pass@host:3306/scratch)", d.dsn.Location())
		}
		return fmt.Errorf("--dev-url %s: the connection's search_path names no existing schema; create it, or fix search_path", d.dsn.Location())
	}
	drv, err := dialects.AtlasDriver(d.eng, d.db)
	if err != nil {
		return err
	}
	s, err := drv.InspectSchema(ctx, name.String, nil)
	if err != nil {
		return fmt.Errorf("--dev-url %s: inspecting %s: %s", d.dsn.Location(), name.String, d.dsn.Scrub(err.Error()))
	}
	if len(s.Tables) > 0 || len(s.Views) > 0 {
		what := ""
		if len(s.Tables) > 0 {
			what = fmt.Sprintf("table %q", s.Tables[0].Name)
		} else {
			what = fmt.Sprintf("view %q", s.Views[0].Name)
		}
		return fmt.Errorf("--dev-url %s is not empty (%s in %s); point --dev-url at a scratch database: authctl replays the migrations there and drops what they created afterwards", d.dsn.Location(), what, name.String)
	}
	r, ok := drv.(interface {
		SchemaRestoreFunc(*atlas.Schema) amigrate.RestoreFunc
	})
	if !ok {
		return fmt.Errorf("internal error: Atlas's %s driver cannot restore a schema", d.eng)
	}
	d.restore = r.SchemaRestoreFunc(s)
	return nil
}

// replay runs the up statements of every file of scan, in order; dir names
// the directory in messages.
func (d *devDB) replay(ctx context.Context, dir string, scan amigrate.Dir) error {
	files, err := scan.Files()
	if err != nil {
		return fmt.Errorf("reading %s: %w", dir, err)
	}
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if d.eng == engine.MySQL {
		// Files may create a child table before its parent; the tools
		// run them on connections of their own, so only order within
		// the directory matters, and the schema is checked by the plan.
		if _, err := conn.ExecContext(ctx, "SET FOREIGN_KEY_CHECKS = 0"); err != nil {
			return err
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "SET FOREIGN_KEY_CHECKS = 1")
	}
	for _, f := range files {
		stmts, err := f.Stmts()
		if err != nil {
			return fmt.Errorf("splitting %s into statements: %w; fix the file", filepath.Join(dir, f.Name()), err)
		}
		for i, s := range stmts {
			if _, err := conn.ExecContext(ctx, s); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				return fmt.Errorf("replaying %s, statement %d (%s): %s; fix the file, or check that --format matches the directory", filepath.Join(dir, f.Name()), i+1, abbreviate(s, 60), oneLine(d.dsn.Scrub(err.Error())))
			}
		}
	}
	return nil
}

// close empties the scratch database again and closes it.
func (d *devDB) close() error {
	defer d.db.Close()
	if d.restore == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := d.restore(ctx); err != nil {
		return fmt.Errorf("emptying the dev database %s again: %s; drop its tables by hand", d.dsn.Location(), d.dsn.Scrub(err.Error()))
	}
	return nil
}

func abbreviate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

var errNoName = errors.New("name the migration: authctl migrate diff NAME --dir DIR (NAME as in add_two_factor)")

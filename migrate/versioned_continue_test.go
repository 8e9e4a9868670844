package migrate_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/generate"
	"github.com/authctl/authctl/migrate"
	"github.com/authctl/authctl/migrate/versioned"
)

// A migration directory started with a full schema — Better Auth 1.7.5's
// generate SQL, authctl generate's (default or --compat), or on SQLite
// authctl migrate --dry-run's — as
// 0001_init.sql is in step with the same config (only the static defaults
// the reference leaves out are reported), and its next file, after a
// config change, builds what authctl migrate builds.
func TestVersionedContinuesGeneratedSQL(t *testing.T) {
	stages := sampleConfigs("default")
	forEach(t, func(t *testing.T, e engine) {
		s0, s1 := mustSchema(t, stages[0]), mustSchema(t, stages[1])
		want := e.fresh(t)
		apply(t, open(t, want, migrate.Options{}), s1)
		starts := map[string]string{"better-auth": readSample(t, e.name, "default", "01-generate.generate.sql")}
		for _, compat := range []bool{false, true} {
			b, err := generate.SQL(s0, generate.SQLOptions{Dialect: e.name, Compat: compat})
			if err != nil {
				t.Fatal(err)
			}
			starts[map[bool]string{false: "generate", true: "generate --compat"}[compat]] = string(b)
		}
		if e.name == "sqlite" {
			// `authctl migrate --dry-run` on an empty database (SQLite
			// statements name no schema; PostgreSQL's and MySQL's do).
			p, err := open(t, e.fresh(t), migrate.Options{}).Plan(context.Background(), s0)
			if err != nil {
				t.Fatal(err)
			}
			starts["migrate --dry-run"] = p.SQL()
		}
		for name, init := range starts {
			t.Run(name, func(t *testing.T) {
				dir := t.TempDir()
				if err := os.WriteFile(filepath.Join(dir, "0001_init.sql"), []byte(init), 0o644); err != nil {
					t.Fatal(err)
				}
				ctx := context.Background()
				o := versioned.Options{Dir: dir, Format: versioned.SQL, Dialect: e.name, Schema: s0, DevURL: devURL(t, e)}
				res, err := versioned.Diff(ctx, o)
				if err != nil {
					t.Fatal(err)
				}
				if res.Pending() {
					t.Fatalf("a directory started by %s lags the config:\n%s", name, res.Plan.SQL())
				}
				defaults := staticDefaults(s0)
				for _, w := range res.Plan.Warnings {
					if w.Kind != "default" || !defaults[w.Table+"."+w.Column] {
						t.Errorf("unexpected warning: %+v", w)
					}
				}

				o.Schema, o.Name = s1, "plugins"
				if res, err = versioned.Diff(ctx, o); err != nil {
					t.Fatal(err)
				}
				if len(res.Files) != 1 || res.Files[0].Name != "0002_plugins.sql" {
					t.Fatalf("files: %+v", res.Files)
				}
				checkAdditive(t, res.Plan)
				if err := versioned.Write(res); err != nil {
					t.Fatal(err)
				}
				got := e.fresh(t)
				for _, f := range []string{"0001_init.sql", "0002_plugins.sql"} {
					b, err := os.ReadFile(filepath.Join(dir, f))
					if err != nil {
						t.Fatal(err)
					}
					loadSample(t, got, string(b))
				}
				ignore := onlyStaticDefaults(s1)
				if name == "generate" || name == "migrate --dry-run" {
					ignore = nil
				}
				if d := diffPhysical(describe(t, want, ""), describe(t, got, ""), ignore); d != "" {
					t.Errorf("authctl migrate (first) and the directory (second) differ:\n%s", d)
				}
			})
		}
	})
}

// Changes that fail on a table holding rows are unsafe in a migration file
// even though the dev database is empty; AllowUnsafe writes them marked.
func TestVersionedUnsafe(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		stages := sampleConfigs("default")
		dir := t.TempDir()
		ctx := context.Background()
		o := versioned.Options{Dir: dir, Format: versioned.Goose, Name: "init", Dialect: e.name, Schema: mustSchema(t, stages[0]), DevURL: devURL(t, e)}
		res, err := versioned.Diff(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		if err := versioned.Write(res); err != nil {
			t.Fatal(err)
		}
		required := stages[0]
		required.User.AdditionalFields = append(required.User.AdditionalFields, core.Field{Name: "plan", Type: core.TypeString})
		o.Schema, o.Name = mustSchema(t, required), "plan"
		if res, err = versioned.Diff(ctx, o); err != nil {
			t.Fatal(err)
		}
		if len(res.Plan.Unsafe) == 0 || len(res.Files) != 0 {
			t.Fatalf("unsafe %+v, files %d", res.Plan.Unsafe, len(res.Files))
		}
		if !strings.Contains(res.Plan.Unsafe[0].Message, "adds the required column user.plan without a default") {
			t.Errorf("message: %s", res.Plan.Unsafe[0].Message)
		}
		o.AllowUnsafe = true
		if res, err = versioned.Diff(ctx, o); err != nil {
			t.Fatal(err)
		}
		if len(res.Files) != 1 || !strings.Contains(string(res.Files[0].Data), "-- UNSAFE (written with --allow-unsafe): ") {
			t.Fatalf("files: %+v", res.Files)
		}
	})
}

// On SQLite a required column without a default is added by copying the
// table; written with AllowUnsafe, goose applies the file and its down
// returns to the previous schema (the down is planned from the tables
// after the copy, since Atlas gives a copy no reverse).
func TestVersionedSQLiteCopyDown(t *testing.T) {
	e := allEngines[0]
	base := sampleConfigs("default")[1] // twoFactor and username: tables that reference user
	req := base
	req.User.AdditionalFields = []core.Field{{Name: "plan", Type: core.TypeString}}
	dir := t.TempDir()
	ctx := context.Background()
	clock := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	o := versioned.Options{Dir: dir, Format: versioned.Goose, Name: "init", Dialect: e.name, Schema: mustSchema(t, base), Now: func() time.Time { return clock }}
	res, err := versioned.Diff(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if err := versioned.Write(res); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(time.Hour)
	o.Schema, o.Name, o.AllowUnsafe = mustSchema(t, req), "plan", true
	if res, err = versioned.Diff(ctx, o); err != nil {
		t.Fatal(err)
	}
	rebuild := false
	for _, c := range res.Plan.Changes {
		rebuild = rebuild || c.Rebuild
	}
	if !rebuild || len(res.Files) != 1 {
		t.Fatalf("expected a table copy: %+v", res.Plan.Changes)
	}
	if err := versioned.Write(res); err != nil {
		t.Fatal(err)
	}
	want := func(o core.Options) map[string]*physical {
		u := e.fresh(t)
		apply(t, open(t, u, migrate.Options{}), mustSchema(t, o))
		return describe(t, u, "")
	}
	wantBase, wantReq := want(base), want(req)
	target := e.fresh(t)
	gooseUp(t, e, target, dir)
	if d := diffPhysical(toolSchema(t, target), wantReq, nil); d != "" {
		t.Fatalf("after up:\n%s\n%s", d, dump(t, dir))
	}
	gooseDown(t, e, target, dir)
	if os.Getenv("AUTHCTL_DUMP_MIGRATIONS") != "" {
		t.Log(dump(t, dir))
	}
	if d := diffPhysical(toolSchema(t, target), wantBase, nil); d != "" {
		t.Fatalf("after down:\n%s\n%s", d, dump(t, dir))
	}
}

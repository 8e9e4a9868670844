package generate_test

import (
	"path/filepath"
	"testing"

	"github.com/authctl/authctl/generate"
)

var ormDrizzleDialects = []string{"sqlite", "pg", "mysql"}

// Each sample step is a full file: the same config gives the same bytes.
func TestDrizzleMatchesReferenceSteps(t *testing.T) {
	ref := referenceDir(t)
	steps := map[int]string{1: "01-generate.auth-schema.ts", 2: "03-generate-added.auth-schema.ts", 3: "04-generate-added2.auth-schema.ts"}
	for _, base := range []string{"default", "common"} {
		for _, d := range ormDrizzleDialects {
			dir := "drizzle-" + d + "-" + base
			for stage := 1; stage <= 3; stage++ {
				target := generate.Target{Dir: t.TempDir(), Adapter: "drizzle", Dialect: d}
				got := ormRenderOne(t, ormSampleSchema(t, base, stage), target, nil)
				if want := ormReadRef(t, ref, dir, steps[stage]); got != want {
					t.Errorf("%s %s differs:\n%s", dir, steps[stage], ormLineDiff(want, got))
				}
			}
			// 02 is the same file again.
			if a, b := ormReadRef(t, ref, dir, "01-generate.auth-schema.ts"), ormReadRef(t, ref, dir, "02-generate-again.auth-schema.ts"); a != b {
				t.Errorf("%s: 01 and 02 differ in the reference", dir)
			}
		}
	}
}

func TestDrizzleGolden(t *testing.T) {
	for _, fx := range ormFixtures() {
		s := schemaOf(t, fx)
		for _, d := range ormDrizzleDialects {
			target := generate.Target{Dir: t.TempDir(), Adapter: "drizzle", Dialect: d}
			checkGolden(t, filepath.Join("testdata", "drizzle", fx.name, d+".ts"), ormRenderOne(t, s, target, nil))
		}
	}
	s := schemaOf(t, fixtures[1])
	for _, d := range ormDrizzleDialects {
		target := generate.Target{Dir: t.TempDir(), Adapter: "drizzle", Dialect: d, UsePlural: true}
		checkGolden(t, filepath.Join("testdata", "drizzle", "plugins-plural", d+".ts"), ormRenderOne(t, s, target, nil))
		target = generate.Target{Dir: t.TempDir(), Adapter: "drizzle", Dialect: d, CamelCase: true}
		checkGolden(t, filepath.Join("testdata", "drizzle", "plugins-camel", d+".ts"), ormRenderOne(t, s, target, nil))
	}
	target := generate.Target{Dir: t.TempDir(), Adapter: "drizzle", Dialect: "pg", SchemaName: "auth"}
	checkGolden(t, filepath.Join("testdata", "drizzle", "default-schema", "pg.ts"), ormRenderOne(t, schemaOf(t, fixtures[0]), target, nil))
}

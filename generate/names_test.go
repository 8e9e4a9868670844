package generate_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/generate"
	"github.com/authctl/authctl/schema"
)

// Names that are not identifiers of the target language, from a config's
// ModelName and Fields: valid output or one clear error, never an invalid
// file.

// verificationNamed is the default config with the verification table
// renamed.
func verificationNamed(t *testing.T, name string) *schema.Schema {
	t.Helper()
	return schemaOf(t, fixture{"named", func() core.Options {
		return core.Options{
			EmailAndPassword: core.EmailAndPassword{Enabled: true},
			Verification:     core.VerificationOptions{ModelName: name},
		}
	}})
}

// The export of a table is its ModelName: any ECMAScript identifier
// (Unicode ID_Start/ID_Continue, $ and _) that is not a reserved word and
// does not hide a name the file uses.
func TestDrizzleExportNames(t *testing.T) {
	for _, name := range []string{"用户", "ユーザー", "usuário", "$verification", "_verification", "Ⅻ", "éa\u0301", "v\u200dx"} {
		code, err := generate.Drizzle(verificationNamed(t, name), generate.DrizzleOptions{Dialect: "pg"})
		if err != nil {
			t.Errorf("%q: %v", name, err)
			continue
		}
		if !strings.Contains(string(code), "\nexport const "+name+" = pgTable(") {
			t.Errorf("%q: no export:\n%s", name, code)
		}
	}
	for _, c := range []struct{ name, want string }{
		{"sess ions", `drizzle: table "verification": its export "sess ions" is not a TypeScript identifier; choose a ModelName that is one (letters, digits, $ and _, not starting with a digit)`},
		{"1st", `its export "1st" is not a TypeScript identifier`},
		{"e-mail", `its export "e-mail" is not a TypeScript identifier`},
		{"a\u00a0b", `its export "a\u00a0b" is not a TypeScript identifier`},
		{"class", `drizzle: table "verification": its export "class" is a reserved word of TypeScript; choose another ModelName`},
		{"await", `its export "await" is a reserved word`},
		{"let", `its export "let" is a reserved word`},
		{"arguments", `its export "arguments" is a reserved word`},
		{"text", `drizzle: table "verification": its export "text" is also the name of an import from drizzle-orm/pg-core; choose another ModelName`},
		{"relations", `its export "relations" is also the name of an import from drizzle-orm;`},
		{"Date", `drizzle: table "verification": its export "Date" would hide JavaScript's Date, which the file uses; choose another ModelName`},
		{"userRelations", `drizzle: tables "user" and "verification" would both declare "userRelations"; choose another ModelName`},
	} {
		_, err := generate.Drizzle(verificationNamed(t, c.name), generate.DrizzleOptions{Dialect: "pg"})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: err = %v, want %q", c.name, err, c.want)
		}
	}
	// one and many are the relations() helpers' parameters: a table of
	// that name would be hidden inside relations().
	s := schemaOf(t, fixture{"one", func() core.Options {
		return core.Options{Session: core.SessionOptions{ModelName: "one"}}
	}})
	if _, err := generate.Drizzle(s, generate.DrizzleOptions{Dialect: "sqlite"}); err == nil || !strings.Contains(err.Error(), `its export "one" would be hidden by the parameter of relations(); choose another ModelName`) {
		t.Errorf("one: err = %v", err)
	}
}

// Prisma names are ASCII letters, digits and _ starting with a letter
// (Prisma's documented rule; it warns on others), and a model may not take
// a reserved name. Other names get a valid one with @@map/@map to theirs.
func TestPrismaNamesAreMapped(t *testing.T) {
	s := schemaOf(t, fixture{"spaces", func() core.Options {
		return core.Options{
			EmailAndPassword: core.EmailAndPassword{Enabled: true},
			User:             core.UserOptions{Fields: map[string]string{"email": "e-mail", "name": "1name"}},
			Session:          core.SessionOptions{ModelName: "sess ions"},
			Account:          core.AccountOptions{ModelName: "string"},
			Verification:     core.VerificationOptions{ModelName: "class"},
		}
	}})
	dir := t.TempDir()
	got := ormRenderOne(t, s, generate.Target{Dir: dir, Adapter: "prisma", Dialect: "postgresql"}, nil)
	for _, want := range []string{
		`(?m)^  name +String +@map\("1name"\)$`,
		`(?m)^  email +String +@map\("e-mail"\)$`,
		`(?m)^  sessions +Session\[\]$`,
		`(?m)^  @@unique\(\[email\]\)$`,
		`(?m)^model Session \{$`,
		`(?m)^  user +User +@relation\(fields: \[userId\], references: \[id\], onDelete: Cascade\)$`,
		`(?m)^  @@map\("sess ions"\)\n\}`,
		`(?m)^model Account \{$`,
		`(?m)^  @@map\("string"\)\n\}`,
		`(?m)^model Class \{$`,
		`(?m)^  @@map\("class"\)\n\}`,
	} {
		if !regexp.MustCompile(want).MatchString(got) {
			t.Errorf("no match for %s in:\n%s", want, got)
		}
	}
	ormCheckMergedPrisma(t, dir, got)
	// Generating again into that file changes nothing.
	if again := ormRenderOne(t, s, generate.Target{Dir: dir, Adapter: "prisma", Dialect: "postgresql"}, map[string]string{"prisma/schema.prisma": got}); again != got {
		t.Errorf("second run differs:\n%s", ormLineDiff(got, again))
	}

	// A name from which no Prisma name can be made is an error.
	s = schemaOf(t, fixture{"cjk", func() core.Options {
		return core.Options{User: core.UserOptions{AdditionalFields: []core.Field{{Name: "邮箱", Type: core.TypeString, Required: core.Optional}}}}
	}})
	_, err := generate.Render(s, generate.Target{Dir: t.TempDir(), Adapter: "prisma", Dialect: "sqlite"}, func(string) ([]byte, error) { return nil, nil })
	if err == nil || !strings.Contains(err.Error(), `prisma: field user.邮箱: no Prisma field name can be made from "邮箱" (Prisma names are ASCII letters, digits and _, starting with a letter); name the field in ASCII and keep "邮箱" as its column with the table's Fields option`) {
		t.Errorf("err = %v", err)
	}
}

// A merge into a model whose id has another type than the auth tables'
// foreign keys would write relations Prisma rejects: it is an error naming
// the model, the field, both types and the fix, and nothing is written.
func TestPrismaMergeKeyTypeMismatch(t *testing.T) {
	existing := `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
}
`
	render := func(s *schema.Schema) error {
		_, err := generate.Render(s, generate.Target{Dir: t.TempDir(), Adapter: "prisma", Dialect: "postgresql"}, func(p string) ([]byte, error) {
			if filepath.Base(p) == "schema.prisma" {
				return []byte(existing), nil
			}
			return nil, nil
		})
		return err
	}
	err := render(schemaOf(t, fixtures[0]))
	want := `prisma: prisma/schema.prisma: model User's id is Int, but the foreign keys to it (session.userId, account.userId) are String, and Prisma rejects a relation between two types; make User.id a String, or set Advanced.Database.GenerateID to core.IDSerial so that every id is an Int`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v\nwant %s", err, want)
	}

	// Serial ids into a String id: the other way round.
	existing = strings.Replace(existing, "Int    @id @default(autoincrement())", "String @id", 1)
	s := schemaOf(t, fixture{"serial", func() core.Options {
		return core.Options{Advanced: core.Advanced{Database: core.AdvancedDatabase{GenerateID: core.IDSerial}}}
	}})
	err = render(s)
	want = `prisma: prisma/schema.prisma: model User's id is String, but the foreign keys to it (session.userId, account.userId) are Int, and Prisma rejects a relation between two types; make User.id an Int, or drop Advanced.Database.GenerateID = core.IDSerial so that ids are strings`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v\nwant %s", err, want)
	}

	// The file's own foreign key has the other type: the fix names it.
	existing += "\nmodel Login {\n  id     String @id\n  userId Int\n\n  @@map(\"session\")\n}\n"
	err = render(schemaOf(t, fixtures[0]))
	want = `prisma: prisma/schema.prisma: model User's id is String, but the foreign key to it (session.userId) is Int, and Prisma rejects a relation between two types; make Login.userId a String`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}

// prettier measures East Asian wide characters as two columns: a table
// named in CJK breaks lines where prettier does, at every name length.
func TestDrizzleWideNamesArePrettierFormatted(t *testing.T) {
	npmOrm(t)
	dir := t.TempDir()
	var paths []string
	for n := 1; n <= 40; n++ {
		name := strings.Repeat("表", n)
		code, err := generate.Drizzle(verificationNamed(t, name), generate.DrizzleOptions{Dialect: "pg"})
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, fmt.Sprintf("wide%02d.ts", n))
		if err := os.WriteFile(p, code, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	if out, err := ormNpmBin(t, dir, "prettier", append([]string{"--check", "--no-config"}, paths...)...); err != nil {
		t.Errorf("prettier would reformat:\n%s", out)
	}
}

// A model the file already has keeps its field names: an auth column it
// holds under another name (@map) is referenced by that name, in new
// relations and indexes, and a new field never takes the name of one of
// its fields.
func TestPrismaMergeUsesTheFilesFieldNames(t *testing.T) {
	existing := `datasource db {
  provider = "sqlite"
  url      = "file:./dev.db"
}

model Person {
  uid   String @id @map("id")
  email String @map("mail")

  @@map("user")
}

model Login {
  id        String   @id
  owner     String   @map("userId")
  token     String   @unique
  expiresAt DateTime

  @@map("session")
}
`
	dir := t.TempDir()
	s := schemaOf(t, fixtures[0])
	got := ormRenderOne(t, s, generate.Target{Dir: dir, Adapter: "prisma", Dialect: "sqlite"}, map[string]string{"prisma/schema.prisma": existing})
	for _, want := range []string{
		`(?m)^  user +Person +@relation\(fields: \[owner\], references: \[uid\], onDelete: Cascade\)$`,
		`(?m)^  @@index\(\[owner\]\)$`,
		`(?m)^  email2 +String +@map\("email"\)$`,
		`(?m)^  @@unique\(\[email2\]\)$`,
		`(?m)^  user +Person +@relation\(fields: \[userId\], references: \[uid\], onDelete: Cascade\)$`,
	} {
		if !regexp.MustCompile(want).MatchString(got) {
			t.Errorf("no match for %s in:\n%s", want, got)
		}
	}
	if strings.Count(got, "@relation(fields: [userId]") != 1 {
		t.Errorf("Login got a userId relation:\n%s", got)
	}
	ormCheckMergedPrisma(t, dir, got)
}

// The Go handler and migrate use the schema's names; a Prisma or Drizzle
// file that names the tables or columns otherwise gets a warning line.
func TestNameWarnings(t *testing.T) {
	s := schemaOf(t, fixtures[0])
	warnings := func(tg generate.Target) []string { return generate.NameWarnings(s, tg) }
	for _, c := range []struct {
		target generate.Target
		want   []string
	}{
		{generate.Target{Adapter: "drizzle"}, []string{"snake_case (user.email_verified where the config has user.emailVerified)", "--camel-case (or set Database.Adapter.CamelCase)"}},
		{generate.Target{Adapter: "drizzle", CamelCase: true}, nil},
		{generate.Target{Adapter: "drizzle", CamelCase: true, UsePlural: true}, []string{"the Drizzle schema pluralises table names (users where the config has user)"}},
		{generate.Target{Adapter: "prisma", UsePlural: true}, []string{"the Prisma schema pluralises table names (users where the config has user)", "drop --use-plural (or Database.Adapter.UsePlural)"}},
		{generate.Target{Adapter: "prisma"}, nil},
		{generate.Target{Adapter: "sql"}, nil},
		{generate.Target{Adapter: "gorm", UsePlural: true}, nil},
	} {
		got := strings.Join(warnings(c.target), "\n")
		if c.want == nil && got != "" {
			t.Errorf("%+v: %q, want none", c.target, got)
		}
		for _, w := range c.want {
			if !strings.Contains(got, w) || strings.Contains(got, "\n") {
				t.Errorf("%+v: %q, want one line with %q", c.target, got, w)
			}
		}
	}
	// Names that are already snake_case need no --camel-case.
	lower := schemaOf(t, fixture{"lower", func() core.Options {
		return core.Options{Plugins: []core.Plugin{testPlugin{[]schema.Table{{Key: "note", Fields: []schema.Field{{Name: "body", Type: schema.TypeString}}}}}}}
	}})
	for _, tb := range lower.Tables {
		if tb.Key != "note" {
			tb.DisableMigrations = true
		}
	}
	if got := generate.NameWarnings(lower, generate.Target{Adapter: "drizzle"}); got != nil {
		t.Errorf("snake_case names: %q", got)
	}
}

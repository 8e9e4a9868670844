package generate_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/generate"
	"github.com/authctl/authctl/schema"
)

// The Prisma output checked by Prisma's own schema validator
// (@prisma/prisma-schema-wasm, pinned in testdata/npm-orm). The tests skip
// when `npm ci` has not run there, and fail under CI.

// npmOrm returns testdata/npm-orm with its node_modules installed.
func npmOrm(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "testdata", "npm-orm"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", ".bin", "prettier")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("testdata/npm-orm/node_modules is missing (CI is set, so this is a failure; .ci/run runs npm ci there): %v", err)
		}
		t.Skip("testdata/npm-orm/node_modules is missing; run `npm ci` in testdata/npm-orm to check the output with Prisma, tsc, prettier and drizzle-kit")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatalf("node is not on PATH: %v", err)
	}
	return dir
}

// ormPrismaValidate runs Prisma's validator on paths (files, or folders of a
// multi-file schema) and returns its output and whether all were valid.
func ormPrismaValidate(t *testing.T, v7 bool, paths ...string) (string, bool) {
	t.Helper()
	dir := npmOrm(t)
	args := []string{filepath.Join(dir, "prisma-validate.js")}
	if v7 {
		args = append(args, "--v7")
	}
	cmd := exec.Command("node", append(args, paths...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("node prisma-validate.js: %v\n%s", err, out)
		}
		return string(out), false
	}
	return string(out), true
}

func TestPrismaGoldenFilesAreValidPrisma(t *testing.T) {
	npmOrm(t)
	paths, err := filepath.Glob(filepath.Join("testdata", "prisma", "*", "*.prisma"))
	if err != nil || len(paths) < 20 {
		t.Fatalf("golden Prisma files: %d, %v", len(paths), err)
	}
	if out, ok := ormPrismaValidate(t, false, paths...); !ok {
		t.Errorf("Prisma rejects golden files:\n%s", out)
	}
}

// The validator catches what this package fixes: the reference's two
// @relation attributes on one field for two foreign keys to one model.
func TestPrismaValidatorRejectsReferenceDoubleRelation(t *testing.T) {
	npmOrm(t)
	bad := `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model User {
  id        String     @id
  transfers Transfer[]
}

model Transfer {
  id         String @id
  fromUserId String
  user       User   @relation(fields: [fromUserId], references: [id], onDelete: Cascade) @relation(fields: [toUserId], references: [id], onDelete: Cascade)
  toUserId   String
}
`
	p := filepath.Join(t.TempDir(), "bad.prisma")
	if err := os.WriteFile(p, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, ok := ormPrismaValidate(t, false, p); ok {
		t.Fatalf("the validator accepted Better Auth's double relation:\n%s", out)
	}
}

// A user's schema with its own models, comments, enums and a User model
// of its own (with @@map to the auth table): the merge keeps every byte of
// it, and the result is valid.
const userSchema = `// My app's schema. Keep this comment.
generator client {
  provider = "prisma-client-js"
  output   = "../src/generated"
}

datasource db {
  provider = "postgresql" // the production database
  url      = env("DATABASE_URL")
}

/// A post.
model Post {
  id       Int    @id @default(autoincrement())
  title    String // shown in lists
  author   User   @relation(fields: [authorId], references: [id])
  authorId String

  @@index([authorId])
}

enum Role {
  ADMIN
  MEMBER
}

// The auth user, with the app's own fields.
model User {
  id    String @id
  email String @unique
  role  Role   @default(MEMBER)
  posts Post[]
}
`

// ormCheckMergedPrisma validates a merged schema with prisma-schema-wasm
// (skipped without node, unless CI is set).
func ormCheckMergedPrisma(t *testing.T, dir, got string) {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil && os.Getenv("CI") == "" {
		return
	}
	p := filepath.Join(dir, "merged.prisma")
	if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, ok := ormPrismaValidate(t, false, p); !ok {
		t.Errorf("merged schema is invalid:\n%s\n%s", out, got)
	}
}

func TestPrismaMergeKeepsUserContent(t *testing.T) {
	dir := t.TempDir()
	target := generate.Target{Dir: dir, Adapter: "prisma", Dialect: "postgres"}
	const path = "prisma/schema.prisma"
	s := schemaOf(t, fixtures[1]) // plugins: twoFactor, username
	got := ormRenderOne(t, s, target, map[string]string{path: userSchema})

	// Every line of the user's file is still there, in order.
	rest := got
	for _, l := range strings.SplitAfter(userSchema, "\n") {
		i := strings.Index(rest, l)
		if i < 0 {
			t.Fatalf("line %q of the user's schema is missing or out of order:\n%s", l, got)
		}
		rest = rest[i+len(l):]
	}
	for _, want := range []string{
		"  posts Post[]\n\n  name             String\n  emailVerified    Boolean     @default(false)\n",
		"  twofactors       TwoFactor[]\n",
		"\n  @@unique([username])\n}\n",
		"model Session {\n", "model TwoFactor {\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("merged schema lacks %q:\n%s", want, got)
		}
	}
	if strings.Count(got, `@@map("user")`) != 0 {
		t.Errorf("@@map was added to the user's model:\n%s", got)
	}
	if strings.Count(got, "\n  email ") != 1 {
		t.Errorf("email was added a second time:\n%s", got)
	}
	// Generating again changes nothing.
	if again := ormRenderOne(t, s, target, map[string]string{path: got}); again != got {
		t.Errorf("second merge changed the file:\n%s", ormLineDiff(got, again))
	}

	ormCheckMergedPrisma(t, dir, got)
}

// A user's scalar field with the name of a back-relation does not stand in
// for it: the relation is added under another name, so the opposite
// relation field Prisma requires exists.
func TestPrismaMergeBackRelationNameTaken(t *testing.T) {
	dir := t.TempDir()
	const path = "prisma/schema.prisma"
	existing := `datasource db {
  provider = "sqlite"
  url      = "file:./dev.db"
}

model User {
  id       String  @id
  accounts String? // a legacy comma-separated list
}
`
	s := schemaOf(t, fixtures[0])
	got := ormRenderOne(t, s, generate.Target{Dir: dir, Adapter: "prisma", Dialect: "sqlite"}, map[string]string{path: existing})
	if !strings.Contains(got, "  accounts String? // a legacy comma-separated list\n") || !regexp.MustCompile(`\n  accounts2 +Account\[\]\n`).MatchString(got) {
		t.Errorf("back-relation not added beside the user's scalar field:\n%s", got)
	}
	if again := ormRenderOne(t, s, generate.Target{Dir: dir, Adapter: "prisma", Dialect: "sqlite"}, map[string]string{path: got}); again != got {
		t.Errorf("second merge changed the file:\n%s", ormLineDiff(got, again))
	}
	ormCheckMergedPrisma(t, dir, got)
}

// A model found by its @@map keeps its name; a field found by its @map is
// not added again; a provider mismatch is an error.
func TestPrismaMergeByMapAndProviderMismatch(t *testing.T) {
	dir := t.TempDir()
	const path = "prisma/schema.prisma"
	existing := `datasource db {
  provider = "sqlite"
  url      = "file:./dev.db"
}

model AuthUser {
  id           String  @id
  emailAddress String  @map("email")
  name         String

  @@map("user")
}
`
	s := schemaOf(t, fixtures[0])
	got := ormRenderOne(t, s, generate.Target{Dir: dir, Adapter: "prisma", Dialect: "sqlite"}, map[string]string{path: existing})
	if strings.Contains(got, "model User ") || strings.Contains(got, "\n  email ") {
		t.Errorf("the mapped model or field was added again:\n%s", got)
	}
	if !strings.Contains(got, "  user                  AuthUser  @relation(") && !strings.Contains(got, "AuthUser @relation(") {
		t.Errorf("relations do not point at AuthUser:\n%s", got)
	}
	_, err := generate.Render(s, generate.Target{Dir: dir, Adapter: "prisma", Dialect: "mysql"}, func(string) ([]byte, error) { return []byte(existing), nil })
	if err == nil || !strings.Contains(err.Error(), `datasource provider "sqlite" but the dialect is mysql`) {
		t.Errorf("provider mismatch: err = %v", err)
	}
}

// A prisma/schema/ folder: the auth models go to auth.prisma, a model
// already in another file is merged there, and the folder validates.
func TestPrismaMultiFileSchema(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "prisma", "schema")
	if err := os.MkdirAll(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	main := "generator client {\n  provider = \"prisma-client-js\"\n}\n\ndatasource db {\n  provider = \"postgresql\"\n  url      = env(\"DATABASE_URL\")\n}\n"
	user := "model User {\n  id    String @id\n  email String @unique\n}\n"
	for name, c := range map[string]string{"main.prisma": main, "user.prisma": user} {
		if err := os.WriteFile(filepath.Join(folder, name), []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := schemaOf(t, fixtures[0])
	files, err := generate.Render(s, generate.Target{Dir: dir, Adapter: "prisma", Dialect: "postgres"}, generate.ReadExisting)
	if err != nil {
		t.Fatal(err)
	}
	authPath, userPath := filepath.Join(folder, generate.PrismaAuthFile), filepath.Join(folder, "user.prisma")
	if got := files.Paths(); len(got) != 2 || got[0] != authPath || got[1] != userPath {
		t.Fatalf("files = %v, want %s and %s", got, authPath, userPath)
	}
	auth := string(files[authPath])
	if strings.Contains(auth, "datasource") || strings.Contains(auth, "model User ") || !strings.Contains(auth, "model Session {") {
		t.Errorf("auth.prisma:\n%s", auth)
	}
	if u := string(files[userPath]); !strings.HasPrefix(u, user[:len(user)-2]) || !strings.Contains(u, "sessions ") {
		t.Errorf("user.prisma was not merged in place:\n%s", u)
	}
	for p, c := range files {
		if err := os.WriteFile(p, c, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := exec.LookPath("node"); err == nil || os.Getenv("CI") != "" {
		if out, ok := ormPrismaValidate(t, false, folder); !ok {
			t.Errorf("multi-file schema is invalid:\n%s", out)
		}
	}
	// Again: nothing changes.
	again, err := generate.Render(s, generate.Target{Dir: dir, Adapter: "prisma", Dialect: "postgres"}, generate.ReadExisting)
	if err != nil {
		t.Fatal(err)
	}
	for p, c := range again {
		if string(c) != string(files[p]) {
			t.Errorf("%s changed on the second run", p)
		}
	}
}

// With prisma 7 in package.json a new file uses the prisma-client
// generator and no datasource url, which Prisma 7 validates.
func TestPrismaSevenNewFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"devDependencies": {"prisma": "^7.2.0"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	got := ormRenderOne(t, schemaOf(t, fixtures[1]), generate.Target{Dir: dir, Adapter: "prisma", Dialect: "sqlite"}, nil)
	if !strings.HasPrefix(got, "\ngenerator client {\n  provider = \"prisma-client\"\n}\n\ndatasource db {\n  provider = \"sqlite\"\n}\n\nmodel User {") {
		t.Fatalf("prisma 7 header:\n%s", got)
	}
	p := filepath.Join(dir, "schema.prisma")
	if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("node"); err == nil || os.Getenv("CI") != "" {
		if out, ok := ormPrismaValidate(t, true, p); !ok {
			t.Errorf("Prisma 7 rejects the file:\n%s", out)
		}
	}
}

func TestPrismaBadInput(t *testing.T) {
	s := schemaOf(t, fixtures[0])
	for _, c := range []struct{ dialect, existing, want string }{
		{"oracle", "", `prisma: unknown dialect "oracle": use sqlite, postgresql (or postgres) or mysql`},
		{"mongodb", "", "prisma: MongoDB is not supported"},
		{"sqlite", "model A {\n  id Int @id\n", "has no closing `}`"},
		{"sqlite", "banana\n", "unexpected \"banana\""},
	} {
		_, err := generate.Render(s, generate.Target{Dir: t.TempDir(), Adapter: "prisma", Dialect: c.dialect}, func(string) ([]byte, error) {
			if c.existing == "" {
				return nil, nil
			}
			return []byte(c.existing), nil
		})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %q: err = %v, want %q", c.dialect, c.existing, err, c.want)
		}
	}
}

// A reference to a table outside the auth schema: Prisma relates to the
// file's model of that table (and adds the back relation there), or says
// which model to add; Drizzle leaves the foreign key out with a comment.
func TestExternalReference(t *testing.T) {
	s := schemaOf(t, fixture{"external", func() core.Options {
		return core.Options{Plugins: []core.Plugin{testPlugin{[]schema.Table{{Key: "bookmark", Fields: []schema.Field{
			{Name: "categoryId", Type: schema.TypeString, Required: ormOpt, References: &schema.Reference{Model: "category", Field: "id", OnDelete: schema.SetNull}},
		}}}}}}
	}})
	dir := t.TempDir()
	target := generate.Target{Dir: dir, Adapter: "prisma", Dialect: "sqlite"}
	_, err := generate.Render(s, target, func(string) ([]byte, error) { return nil, nil })
	if err == nil || !strings.Contains(err.Error(), `field bookmark.categoryId references table "category", which is neither an auth table nor a model of the Prisma schema; add a model for it (named Category, or with @@map("category"))`) {
		t.Errorf("err = %v", err)
	}
	existing := "datasource db {\n  provider = \"sqlite\"\n  url      = \"file:./dev.db\"\n}\n\nmodel Category {\n  id   String @id\n  name String\n}\n"
	got := ormRenderOne(t, s, target, map[string]string{"prisma/schema.prisma": existing})
	for _, want := range []string{
		"model Category {\n  id   String @id\n  name String\n\n  bookmarks Bookmark[]\n}\n",
		"  category   Category? @relation(fields: [categoryId], references: [id], onDelete: SetNull)\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}

	code, err := generate.Drizzle(s, generate.DrizzleOptions{Dialect: "pg"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(code), "// bookmark.categoryId references category.id, which is outside the auth schema: declare that foreign key in your own schema.\nexport const bookmark = pgTable(") ||
		strings.Contains(string(code), "=> category.id") {
		t.Errorf("drizzle:\n%s", code)
	}
}

// A file with CRLF line endings gets CRLF lines.
func TestPrismaMergeKeepsCRLF(t *testing.T) {
	existing := strings.ReplaceAll("datasource db {\n  provider = \"sqlite\"\n  url      = \"file:./dev.db\"\n}\n\nmodel User {\n  id String @id\n}\n", "\n", "\r\n")
	got := ormRenderOne(t, schemaOf(t, fixtures[0]), generate.Target{Dir: t.TempDir(), Adapter: "prisma", Dialect: "sqlite"}, map[string]string{"prisma/schema.prisma": existing})
	if !strings.HasPrefix(got, existing[:len(existing)-3]) || strings.Count(got, "\n") != strings.Count(got, "\r\n") {
		t.Errorf("CRLF lost:\n%q", got)
	}
}

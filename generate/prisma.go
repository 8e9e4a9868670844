package generate

// Prisma output, and where it deliberately differs from Better Auth.
//
// A new file is byte-identical to what Better Auth 1.7.5's CLI writes
// (`npx auth generate --adapter prisma`) except for the fixes below. An
// existing file is merged, not rewritten: every byte of it is kept, and
// only new lines are inserted (see prisma_merge.go).
//
//  1. Two relations between the same two models (two foreign keys from one
//     table to another, or a table referencing itself) get distinct
//     relation fields with relation names: `inviter User @relation(
//     "Invitation_inviterId", fields: [inviterId], ...)` and the back
//     relation `invitationsByInviterId Invitation[]
//     @relation("Invitation_inviterId")`. Better Auth puts two @relation
//     attributes on one field, which Prisma rejects.
//  2. On MySQL a string field with a static default keeps it:
//     `role String @default("member") @db.VarChar(255)`. Better Auth drops
//     string defaults on MySQL (because Prisma cannot put a default on a
//     TEXT column there), so rows inserted by anything else got no value.
//     Such a field is VarChar(255) instead of Text (or its table-level index
//     width, as any indexed string).
//  3. String defaults are escaped for Prisma (`\` and `"`); Better Auth
//     writes them raw, so a quote broke the schema.
//  4. A date field whose default is the current time gets @default(now())
//     whatever its name (Better Auth: only a field named createdAt), unless
//     it is an @updatedAt field.
//  5. An optional number[] field on SQLite and MySQL is `String?` (Better
//     Auth: always required), and json and array fields on MySQL are
//     `@db.Text` (Better Auth: Prisma's default varchar(191), which
//     truncates the JSON).
//  6. On MySQL an indexed enum field gets `(length: 191)` in its @@index
//     like an indexed string (it is @db.Text too); Better Auth omits it and
//     MySQL refuses the index.
//  7. Merging never changes a line of the existing file: fields and block
//     attributes are only added, @@map is never added to a model the file
//     already has (Better Auth adds it, renaming the user's table), existing
//     fields are never retyped and existing indexes never get a map:, and
//     the generator and datasource blocks are never touched. New fields of
//     an existing model always form their own group (a blank line before
//     them), so the existing lines keep their padding.
//  8. An existing model is also found by its @@map (a `model Account`
//     with @@map("users") is the user table), and an existing field by its
//     @map, so a renamed model or field is not added a second time.
//  9. A multi-file schema (a prisma/schema/ folder of .prisma files and no
//     prisma/schema.prisma) is detected: new auth models go into
//     prisma/schema/auth.prisma, models already in another file of the
//     folder are merged in place there, and generator and datasource blocks
//     are written only when no file of the folder has a datasource.
// 10. A file whose datasource provider differs from the dialect is an
//     error rather than a schema with the wrong native types.
// 11. A unique field gets no static default (a default shared by every row
//     collides on the second insert), as in the SQL output; an index of one
//     field whose Prisma default name would pass 63 bytes gets map: with
//     the SQL output's (shortened) name.
// 12. A reference to a table outside the auth schema relates to the file's
//     model of that table (found by name or @@map) and adds the back
//     relation there; without such a model it is an error naming the model
//     to add (Better Auth writes a relation to a model that does not exist).
// 13. A table or column name that is not a Prisma name (ASCII letters,
//     digits and _, starting with a letter; a model not a reserved name)
//     gets a valid one with @@map/@map to it: the table key (`model
//     Session` for "sess ions"), the logical field name (`email String
//     @map("e-mail")`), or the name made valid (prisma_names.go). A
//     model the file already has keeps its field names: a column it holds
//     under another name is referenced by that name. Better Auth writes
//     the names as they are, and Prisma rejects the file.
// 14. A foreign key whose type differs from the field it references in
//     the existing file (String keys to a `User` with an Int id) is an
//     error naming the model, the field, both types and the fix.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/schema"
)

// PrismaAuthFile is the file the auth models go to in a multi-file Prisma
// schema (a prisma/schema/ folder).
const PrismaAuthFile = "auth.prisma"

// prismaEngine reads a dialect spelling for Prisma output (MongoDB, which
// Prisma supports, has no SQL tables to generate).
func prismaEngine(dialect string) (*engine.Engine, error) {
	if strings.EqualFold(strings.TrimSpace(dialect), "mongodb") {
		return nil, errors.New("prisma: MongoDB is not supported; use --dialect sqlite, postgresql or mysql")
	}
	e, err := engine.Lookup(dialect)
	if err != nil {
		return nil, fmt.Errorf("prisma: unknown dialect %q: use sqlite, postgresql (or postgres) or mysql", dialect)
	}
	return e, nil
}

// renderPrisma renders prisma/schema.prisma (or the --output file), merged
// into the file's current content, or the auth models of a multi-file
// schema. See the comment at the top of this file.
func renderPrisma(s *schema.Schema, t Target, existing Existing) (Files, error) {
	eng, err := prismaEngine(t.Dialect)
	if err != nil {
		return nil, err
	}
	if err := schema.Validate(s); err != nil {
		return nil, fmt.Errorf("prisma: invalid schema: %w", err)
	}
	docs, target, err := prismaDocuments(t, existing)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		if d.provider != "" && d.provider != eng.Prisma() {
			return nil, fmt.Errorf("prisma: %s has datasource provider %q but the dialect is %s; pass --dialect %s or fix the datasource", relPath(t.Dir, d.path), d.provider, eng.Prisma(), d.provider)
		}
	}
	models, err := buildPrismaModels(s, eng, t.UsePlural, docs, t.Dir)
	if err != nil {
		return nil, err
	}
	return mergePrisma(docs, target, models, eng, prismaMajorVersion(t.Dir))
}

// prismaDocuments finds the file(s) to merge into: the output file, or
// every .prisma file of a schema folder. target is the document new models
// go to.
func prismaDocuments(t Target, existing Existing) (docs []*prismaDoc, target *prismaDoc, err error) {
	path := OutputPath(t.Dir, t.Output, "prisma/schema.prisma")
	folder := ""
	if t.Output == "" {
		if _, err := os.Stat(path); os.IsNotExist(err) {
			if dir := filepath.Join(t.Dir, "prisma", "schema"); hasPrismaFiles(dir) {
				folder = dir
			}
		}
	} else if p := absPath(t.Dir, t.Output); isDir(p) && hasPrismaFiles(p) {
		folder = p
	}
	if folder == "" {
		d, err := readPrismaDoc(path, existing)
		if err != nil {
			return nil, nil, err
		}
		return []*prismaDoc{d}, d, nil
	}
	entries, err := os.ReadDir(folder)
	if err != nil {
		return nil, nil, fmt.Errorf("prisma: cannot read %s: %w", relPath(t.Dir, folder), pathless(err))
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".prisma") {
			names = append(names, e.Name())
		}
	}
	if !containsName(names, PrismaAuthFile) {
		names = append(names, PrismaAuthFile)
	}
	sort.Strings(names)
	for _, n := range names {
		d, err := readPrismaDoc(filepath.Join(folder, n), existing)
		if err != nil {
			return nil, nil, err
		}
		d.inFolder = true
		docs = append(docs, d)
		if n == PrismaAuthFile {
			target = d
		}
	}
	return docs, target, nil
}

func readPrismaDoc(path string, existing Existing) (*prismaDoc, error) {
	b, err := existing(path)
	if err != nil {
		return nil, fmt.Errorf("prisma: cannot read %s: %w", path, pathless(err))
	}
	d, err := parsePrisma(path, b)
	if err != nil {
		return nil, err
	}
	return d, nil
}

func hasPrismaFiles(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".prisma") {
			return true
		}
	}
	return false
}

func absPath(dir, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func containsName(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// relPath is p relative to dir for messages, or p.
func relPath(dir, p string) string {
	if r, err := filepath.Rel(dir, p); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return p
}

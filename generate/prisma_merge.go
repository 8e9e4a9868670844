package generate

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/authctl/authctl/engine"
)

// insertion is text to insert at an offset of a document. seq orders
// insertions at the same offset.
type insertion struct {
	at, seq int
	text    string
}

// mergePrisma merges the auth models into the documents and returns the
// files to write: the target document, plus any other document of a schema
// folder that changed.
func mergePrisma(docs []*prismaDoc, target *prismaDoc, models []*prismaModel, eng *engine.Engine, prismaMajor int) (Files, error) {
	ins := map[*prismaDoc][]insertion{}
	holds := map[*prismaDoc]bool{}
	var fresh []*prismaModel
	for _, m := range models {
		doc, block := findPrismaModel(docs, m)
		if block == nil {
			if !m.external {
				fresh = append(fresh, m)
			}
			continue
		}
		holds[doc] = true
		ins[doc] = append(ins[doc], mergeModel(doc, block, m)...)
	}

	// The files: the target, and every other file of a schema folder that
	// holds an auth model (changed or not, so that --check reports it).
	files := Files{}
	for _, d := range docs {
		out := applyInsertions(d.src, ins[d])
		if d == target {
			out = appendModels(d, out, fresh, eng, prismaMajor, docs)
			if !d.exists && len(out) == 0 {
				continue
			}
		} else if !holds[d] {
			continue
		}
		files[d.path] = out
	}
	return files, nil
}

// findPrismaModel finds the model m in the documents: by name, else by a
// @@map naming m's table.
func findPrismaModel(docs []*prismaDoc, m *prismaModel) (*prismaDoc, *prismaBlock) {
	for _, d := range docs {
		for _, b := range d.models {
			if b.name == m.name {
				return d, b
			}
		}
	}
	if m.table == "" {
		return nil, nil
	}
	for _, d := range docs {
		for _, b := range d.models {
			if b.mapName == m.table {
				return d, b
			}
		}
	}
	return nil, nil
}

// findExternalModel finds the model for a table outside the auth schema:
// by name (as is or capitalised), else by @@map.
func findExternalModel(docs []*prismaDoc, table string) (*prismaDoc, *prismaBlock, bool) {
	for _, want := range []string{table, capFirst(table)} {
		for _, d := range docs {
			for _, b := range d.models {
				if b.name == want {
					return d, b, true
				}
			}
		}
	}
	for _, d := range docs {
		for _, b := range d.models {
			if b.mapName == table {
				return d, b, true
			}
		}
	}
	return nil, nil, false
}

// mergeModel returns the insertions that add m's missing fields and block
// attributes to an existing model: new fields as their own group after the
// last field, new attributes after the last block attribute.
func mergeModel(d *prismaDoc, b *prismaBlock, m *prismaModel) []insertion {
	have := map[string]prismaItem{}
	var lastField, lastAttr *prismaItem
	lastFieldIdx := -1
	indent := ""
	for i := range b.items {
		it := &b.items[i]
		switch it.kind {
		case itemField:
			have[it.name] = *it
			lastField, lastFieldIdx = it, i
		case itemAttr:
			lastAttr = it
		default:
			continue
		}
		if indent == "" {
			indent = it.indent
		}
	}
	if indent == "" {
		indent = "  "
	}
	exists := func(f prismaField) bool {
		switch f.kind {
		case prismaScalar:
			// Field names follow the file's (prismaFieldNames): a column
			// the model has, by @map or by name, has the same name here.
			_, ok := have[f.name]
			return ok
		case prismaForward:
			for _, it := range b.items {
				if it.kind == itemField && it.typeBase() == f.other && sameStrings(it.relFields, f.fkFields) {
					return true
				}
			}
		case prismaBack:
			// A field of that name is the back-relation only if it lists
			// the related model: a user's scalar `accounts String?` is
			// not, and the relation is added under another name.
			if it, ok := have[f.name]; ok && f.relName == "" && it.typeBase() == f.other {
				return true
			}
			for _, it := range b.items {
				if it.kind == itemField && it.typeBase() == f.other && len(it.relFields) == 0 && it.relName == f.relName {
					return true
				}
			}
		}
		return false
	}

	used := map[string]bool{}
	for _, it := range b.items {
		if it.kind == itemField {
			used[it.name] = true
		}
	}
	var added []prismaField
	newFields := map[string]bool{}
	for _, f := range m.fields {
		if f.name == "id" && f.kind == prismaScalar {
			continue // never add an id to an existing model
		}
		if exists(f) {
			continue
		}
		f.name = uniqueName(f.name, used)
		added = append(added, f)
		if f.kind == prismaScalar {
			newFields[f.name] = true
		}
	}

	var attrs []string
	for _, a := range m.attrs {
		if a.kind == "map" || hasBlockIndex(b, a) {
			continue
		}
		if a.kind == "unique" && len(a.fields) == 1 && !newFields[a.fields[0]] && isFieldLevelUnique(m, a) {
			// Better Auth adds @@unique only for fields it adds; an existing
			// field keeps the user's definition.
			continue
		}
		attrs = append(attrs, a.text)
	}

	nl := d.nl
	var out []insertion
	fieldsAt := b.bodyStart
	if lastField != nil {
		fieldsAt = lastField.end
	}
	if len(added) > 0 {
		var sb strings.Builder
		if lastField != nil {
			sb.WriteString(nl)
		}
		for _, l := range printPrismaFields(indent, added) {
			sb.WriteString(l + nl)
		}
		if lastFieldIdx >= 0 && lastFieldIdx+1 < len(b.items) && b.items[lastFieldIdx+1].kind == itemAttr {
			// Block attributes right after the fields: keep them a group of
			// their own too.
			sb.WriteString(nl)
		}
		out = append(out, insertion{at: fieldsAt, seq: 0, text: sb.String()})
	}
	if len(attrs) > 0 {
		var sb strings.Builder
		at := b.closeLine
		if lastAttr != nil {
			at = lastAttr.end
		} else if len(added) > 0 && fieldsAt == at || !precededByBlank(d.src, at, b.bodyStart) {
			sb.WriteString(nl)
		}
		for _, a := range attrs {
			sb.WriteString(indent + a + nl)
		}
		out = append(out, insertion{at: at, seq: 1, text: sb.String()})
	}
	return out
}

// isFieldLevelUnique reports whether a comes from a unique field (not a
// table-level index).
func isFieldLevelUnique(m *prismaModel, a prismaAttr) bool {
	return strings.HasPrefix(a.text, "@@unique(["+a.fields[0]+"])")
}

// hasBlockIndex reports whether b already has an index (or unique
// constraint) over exactly a's fields.
func hasBlockIndex(b *prismaBlock, a prismaAttr) bool {
	for _, it := range b.items {
		switch {
		case it.kind == itemAttr && (it.attr == "unique" || it.attr == "id" || it.attr == "index" && a.kind == "index"):
			if sameStrings(it.attrFields, a.fields) {
				return true
			}
		case it.kind == itemField && it.unique && len(a.fields) == 1 && it.name == a.fields[0]:
			return true
		}
	}
	return false
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// precededByBlank reports whether the line before offset at is blank (or
// the body starts there).
func precededByBlank(src []byte, at, bodyStart int) bool {
	if at <= bodyStart {
		return true
	}
	s := string(src[bodyStart:at])
	s = strings.TrimSuffix(strings.TrimSuffix(s, "\n"), "\r")
	i := strings.LastIndexByte(s, '\n')
	return strings.TrimSpace(s[i+1:]) == ""
}

func applyInsertions(src []byte, ins []insertion) []byte {
	if len(ins) == 0 {
		return append([]byte(nil), src...)
	}
	sort.SliceStable(ins, func(i, j int) bool {
		if ins[i].at != ins[j].at {
			return ins[i].at < ins[j].at
		}
		return ins[i].seq < ins[j].seq
	})
	var b strings.Builder
	prev := 0
	for _, x := range ins {
		b.Write(src[prev:x.at])
		b.WriteString(x.text)
		prev = x.at
	}
	b.Write(src[prev:])
	return []byte(b.String())
}

// appendModels appends new models to out, each after a blank line. A new
// file starts with the generator and datasource blocks, exactly as Better
// Auth writes them (including the empty first line), unless it is part of
// a schema folder whose other files have a datasource.
func appendModels(d *prismaDoc, out []byte, models []*prismaModel, eng *engine.Engine, prismaMajor int, docs []*prismaDoc) []byte {
	nl := d.nl
	s := string(out)
	if !d.exists || len(strings.TrimSpace(s)) == 0 {
		s = ""
		needHeader := true
		if d.inFolder {
			for _, o := range docs {
				if o.hasDatasource {
					needHeader = false
				}
			}
		}
		if needHeader {
			s = nl + prismaGenerator(prismaMajor, nl) + nl + nl + prismaDatasource(eng, prismaMajor, nl) + nl
		}
	}
	for _, m := range models {
		if s != "" {
			if !strings.HasSuffix(s, nl) {
				s += nl
			}
			if !strings.HasSuffix(s, nl+nl) {
				s += nl
			}
		}
		s += printPrismaModel(m, nl) + nl
	}
	return []byte(s)
}

func prismaGenerator(major int, nl string) string {
	p := "prisma-client-js"
	if major >= 7 {
		p = "prisma-client"
	}
	return "generator client {" + nl + `  provider = "` + p + `"` + nl + "}"
}

func prismaDatasource(eng *engine.Engine, major int, nl string) string {
	s := "datasource db {" + nl + `  provider = "` + eng.Prisma() + `"` + nl
	if major < 7 {
		url := `env("DATABASE_URL")`
		if eng == engine.SQLite {
			url = `"file:./dev.db"`
		}
		s += "  url      = " + url + nl
	}
	return s + "}"
}

// prismaMajorVersion reads the major version of prisma (or @prisma/client)
// from dir/package.json, as Better Auth does to pick the generator; 0 when
// there is none.
func prismaMajorVersion(dir string) int {
	b, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return 0
	}
	var pkg struct {
		Dependencies    map[string]string `json:"dependencies"`
		DevDependencies map[string]string `json:"devDependencies"`
	}
	if json.Unmarshal(b, &pkg) != nil {
		return 0
	}
	for _, deps := range []map[string]string{pkg.Dependencies, pkg.DevDependencies} {
		for _, name := range []string{"prisma", "@prisma/client"} {
			if v, ok := deps[name]; ok {
				return firstInt(v)
			}
		}
	}
	return 0
}

func firstInt(s string) int {
	start := strings.IndexFunc(s, unicode.IsDigit)
	if start < 0 {
		return 0
	}
	end := start
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	n, _ := strconv.Atoi(s[start:end])
	return n
}

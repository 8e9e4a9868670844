package generate

import (
	"fmt"
	"strings"

	"github.com/authctl/authctl/schema"
)

// Prisma model and field names. Better Auth names a model after its table
// (capitalised) and a field after its column; a table or column name that
// is not a Prisma name (a ModelName "sess ions", a column "e-mail") gets a
// valid name with @@map/@map to the physical one, so the file stays valid
// and the database it describes is the one migrate builds.

// isPrismaIdent reports whether s is a Prisma model or field name by
// Prisma's documented rule, [A-Za-z][A-Za-z0-9_]*. (Prisma's parser takes
// more, but warns on non-ASCII names and recommends @map.)
func isPrismaIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z':
		case i > 0 && (c >= '0' && c <= '9' || c == '_'):
		default:
			return false
		}
	}
	return true
}

// prismaReservedModels are the names Prisma refuses for a model: its
// scalar types, its client's names and JavaScript keywords (prisma-engines'
// reserved_model_names and the client generator's denylist).
var prismaReservedModels = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(`String Int BigInt Float Decimal Boolean DateTime Json Bytes Unsupported
		PrismaClient Prisma
		break case catch class const continue debugger default delete do else enum export extends false
		finally for function if implements import in instanceof interface let new null package private
		protected public return super switch this throw true try typeof var void while with yield`) {
		m[n] = true
	}
	return m
}()

// prismaReservedFields are the field names Prisma's client refuses.
var prismaReservedFields = map[string]bool{"AND": true, "OR": true, "NOT": true}

// prismaSanitize makes a Prisma name of s: runs of other characters become
// one "_", and leading characters other than letters are dropped. It
// returns "" when s has no ASCII letter.
func prismaSanitize(s string) string {
	var b strings.Builder
	gap := false
	for _, r := range s {
		letter := r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z'
		switch {
		case letter || b.Len() > 0 && r >= '0' && r <= '9':
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			gap = false
			b.WriteRune(r)
		default:
			gap = true
		}
	}
	return b.String()
}

// prismaModelNames names each table's model: Better Auth's name (the
// table name capitalised, plural with usePlural) when Prisma takes it,
// else the capitalised table key (plural likewise), else the table name
// made valid.
func prismaModelNames(tables []*schema.Table, names prismaNames) (map[string]string, error) {
	out := map[string]string{}
	taken := map[string]bool{}
	for _, t := range tables {
		if n := names.model(t); isPrismaIdent(n) && !prismaReservedModels[n] {
			out[t.Key] = n
			taken[n] = true
		}
	}
	for _, t := range tables {
		if out[t.Key] != "" {
			continue
		}
		key := t.Key
		if names.usePlural {
			key += "s"
		}
		for _, c := range []string{capFirst(key), capFirst(prismaSanitize(names.base(t)))} {
			if isPrismaIdent(c) && !prismaReservedModels[c] && !taken[c] {
				out[t.Key] = c
				taken[c] = true
				break
			}
		}
		if out[t.Key] == "" {
			return nil, fmt.Errorf("prisma: table %q: no Prisma model name can be made from %q (Prisma names are ASCII letters, digits and _, starting with a letter); choose another ModelName", t.Key, names.base(t))
		}
	}
	return out, nil
}

// prismaFieldNames names t's fields by logical name. A column the model b
// of the existing file already has (by @map, or by name without one) keeps
// that field's name. Otherwise Better Auth's name, the column, when Prisma
// takes it and it is free; else the logical name, else the column made
// valid (with a number when taken).
func prismaFieldNames(t *schema.Table, b *prismaBlock, models map[string]bool) (map[string]string, error) {
	out := map[string]string{}
	used := map[string]bool{"id": true}
	if b != nil {
		for _, it := range b.items {
			if it.kind == itemField {
				used[it.name] = true
			}
		}
		for _, f := range t.Fields {
			if it, ok := blockField(b, f.ColumnName(), models); ok {
				out[f.Name] = it.name
			}
		}
	}
	valid := func(n string) bool { return isPrismaIdent(n) && !prismaReservedFields[n] }
	for _, f := range t.Fields {
		if c := f.ColumnName(); out[f.Name] == "" && valid(c) && !used[c] {
			out[f.Name] = c
			used[c] = true
		}
	}
	for _, f := range t.Fields {
		if out[f.Name] != "" {
			continue
		}
		var first string
		for _, c := range []string{f.ColumnName(), f.Name, prismaSanitize(f.ColumnName()), prismaSanitize(f.Name)} {
			if !valid(c) {
				continue
			}
			if first == "" {
				first = c
			}
			if !used[c] {
				out[f.Name] = c
				used[c] = true
				break
			}
		}
		if out[f.Name] != "" {
			continue
		}
		if first == "" {
			return nil, fmt.Errorf("prisma: field %s.%s: no Prisma field name can be made from %q (Prisma names are ASCII letters, digits and _, starting with a letter); name the field in ASCII and keep %q as its column with the table's Fields option", t.Key, f.Name, f.ColumnName(), f.ColumnName())
		}
		out[f.Name] = uniqueName(first, used)
	}
	return out, nil
}

// blockField finds the scalar field of an existing model that holds
// column: the field with @map(column), or the field named column without
// a @map. Relation fields (typed with a model of the file) are skipped.
func blockField(b *prismaBlock, column string, models map[string]bool) (prismaItem, bool) {
	if b == nil {
		return prismaItem{}, false
	}
	for _, it := range b.items {
		if it.kind != itemField || models[it.typeBase()] {
			continue
		}
		if it.mapArg == column || it.mapArg == "" && it.name == column {
			return it, true
		}
	}
	return prismaItem{}, false
}

// docModels are the names of every model of the documents.
func docModels(docs []*prismaDoc) map[string]bool {
	m := map[string]bool{}
	for _, d := range docs {
		for _, b := range d.models {
			m[b.name] = true
		}
	}
	return m
}

// anArticle is "an" before Int, else "a".
func anArticle(typ string) string {
	if strings.HasPrefix(typ, "I") {
		return "an"
	}
	return "a"
}

package generate

import (
	"fmt"
	"strings"
	"unicode"
)

// schemaIdentifier is Better Auth's variable name for pgSchema(name).
func schemaIdentifier(name string) string {
	var b strings.Builder
	upper := false
	for _, r := range name {
		switch {
		case r == '_':
			upper = true
			continue
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if upper {
				r = unicode.ToUpper(r)
			}
			b.WriteRune(r)
		}
		upper = false
	}
	id := b.String()
	if id != "" && unicode.IsDigit(rune(id[0])) {
		id = "_" + id
	}
	id = lowerFirst(id) + "Schema"
	if id == "pgSchema" {
		id = "pgCustomSchema"
	}
	return id
}

// str is s as a string literal, quoted as prettier does: double quotes
// unless s holds more double than single quotes.
func str(s string) jsAtom {
	q := byte('"')
	if strings.Count(s, `"`) > strings.Count(s, "'") {
		q = '\''
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == rune(q):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return jsAtom{b.String(), atomString}
}

// snakeCase is Better Auth's toSnakeCase: words are runs of lower-case
// letters and digits, upper-case runs not followed by a lower-case letter,
// a capital followed by lower-case letters or digits, and runs of other
// letters; they are joined by "_" in lower case. Apostrophes are dropped.
func snakeCase(s string) string {
	rs := []rune(strings.NewReplacer("'", "", "’", "").Replace(s))
	lowerOrDigit := func(r rune) bool { return unicode.IsLower(r) || r >= '0' && r <= '9' }
	isOther := func(r rune) bool { return unicode.IsLetter(r) && !unicode.IsLower(r) && !unicode.IsUpper(r) }
	var words []string
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case lowerOrDigit(r):
			j := i
			for j < len(rs) && lowerOrDigit(rs[j]) {
				j++
			}
			words = append(words, string(rs[i:j]))
			i = j
		case unicode.IsUpper(r):
			j := i
			for j < len(rs) && unicode.IsUpper(rs[j]) {
				j++
			}
			// \p{Lu}+(?!\p{Ll}): back off until no lower-case letter follows.
			k := j
			for k > i && k < len(rs) && unicode.IsLower(rs[k]) {
				k--
			}
			if k > i {
				words = append(words, string(rs[i:k]))
				i = k
				continue
			}
			// \p{Lu}[\p{Ll}\d]+
			j = i + 1
			for j < len(rs) && lowerOrDigit(rs[j]) {
				j++
			}
			if j > i+1 {
				words = append(words, string(rs[i:j]))
				i = j
				continue
			}
			i++
		case isOther(r):
			j := i
			for j < len(rs) && isOther(rs[j]) {
				j++
			}
			words = append(words, string(rs[i:j]))
			i = j
		default:
			i++
		}
	}
	return strings.ToLower(strings.Join(words, "_"))
}

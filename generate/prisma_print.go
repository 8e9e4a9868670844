package generate

import (
	"strings"

	"github.com/authctl/authctl/schema"
)

// prismaString quotes s as a Prisma string literal.
func prismaString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}

// jsNumber formats an integer or float as JavaScript prints it.
func jsNumber(v any) (string, bool) {
	lit, _, ok := schema.NumberLiteral(v)
	return lit, ok
}

// printPrismaFields prints field lines padded as prisma-ast does: the name
// and type columns padded to the widest of the group, a single space
// before each attribute.
func printPrismaFields(indent string, fields []prismaField) []string {
	nameW, typeW := 0, 0
	for _, f := range fields {
		nameW = max(nameW, len(f.name))
		typeW = max(typeW, len(f.typ))
	}
	out := make([]string, len(fields))
	for i, f := range fields {
		parts := []string{pad(f.name, nameW), pad(f.typ, typeW)}
		parts = append(parts, f.attrs...)
		out[i] = indent + strings.TrimRight(strings.Join(parts, " "), " ")
	}
	return out
}

func pad(s string, w int) string {
	if len(s) >= w {
		return s
	}
	return s + strings.Repeat(" ", w-len(s))
}

// printPrismaModel prints a new model: fields, a blank line, block
// attributes.
func printPrismaModel(m *prismaModel, nl string) string {
	var b strings.Builder
	b.WriteString("model " + m.name + " {" + nl)
	for _, l := range printPrismaFields("  ", m.fields) {
		b.WriteString(l + nl)
	}
	if len(m.attrs) > 0 {
		b.WriteString(nl)
		for _, a := range m.attrs {
			b.WriteString("  " + a.text + nl)
		}
	}
	b.WriteString("}")
	return b.String()
}

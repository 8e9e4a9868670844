package generate

import (
	"bytes"
	"fmt"
	"strings"
)

// A just-enough parser of Prisma schema files: top-level blocks, and for
// models the byte range and meaning of each line, so that new lines can be
// inserted without touching any existing byte.

// prismaDoc is one schema file.
type prismaDoc struct {
	path     string
	src      []byte
	exists   bool
	inFolder bool
	nl       string // the file's line ending
	// provider is the datasource's provider ("" without a datasource).
	provider      string
	hasDatasource bool
	models        []*prismaBlock
}

// prismaBlock is a model (or view) of an existing file.
type prismaBlock struct {
	name string
	// bodyStart is the offset just after the line holding "{"; closeLine
	// is the offset of the start of the line holding "}".
	bodyStart, closeLine int
	items                []prismaItem
	mapName              string
}

type prismaItemKind int

const (
	itemBlank prismaItemKind = iota
	itemComment
	itemField
	itemAttr
)

// prismaItem is one logical line of a model body.
type prismaItem struct {
	kind       prismaItemKind
	start, end int // from the line start to after its line ending
	indent     string
	// fields
	name, typ string
	mapArg    string
	unique    bool // @unique or @id
	relName   string
	relFields []string
	// block attributes
	attr       string // "unique", "index", "id", "map", ...
	attrFields []string
}

// typeBase is a field type without ? or [].
func (it prismaItem) typeBase() string {
	return strings.TrimSuffix(strings.TrimSuffix(it.typ, "?"), "[]")
}

func parsePrisma(path string, src []byte) (*prismaDoc, error) {
	d := &prismaDoc{path: path, src: src, exists: src != nil, nl: "\n"}
	if bytes.Contains(src, []byte("\r\n")) {
		d.nl = "\r\n"
	}
	s := string(src)
	line := func(off int) int { return strings.Count(s[:off], "\n") + 1 }
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			i++
			continue
		case strings.HasPrefix(s[i:], "//"):
			i = endOfLine(s, i)
			continue
		}
		kw, next := word(s, i)
		switch kw {
		case "model", "view", "enum", "type", "generator", "datasource":
		default:
			kw = ""
		}
		if kw == "" {
			return nil, fmt.Errorf("prisma: cannot parse %s line %d: unexpected %q; run `prisma format` on it or fix it", path, line(i), firstLine(s[i:]))
		}
		j := skipSpace(s, next)
		name, next2 := word(s, j)
		open := skipSpace(s, next2)
		if name == "" || open >= len(s) || s[open] != '{' {
			return nil, fmt.Errorf("prisma: cannot parse %s line %d: expected `%s <name> {`", path, line(i), kw)
		}
		close, err := matchBrace(s, open)
		if err != nil {
			return nil, fmt.Errorf("prisma: cannot parse %s line %d: %v", path, line(open), err)
		}
		switch kw {
		case "datasource":
			d.hasDatasource = true
			d.provider = assignment(s[open+1:close], "provider")
		case "model", "view":
			b, err := parseModel(s, name, open, close)
			if err != nil {
				return nil, fmt.Errorf("prisma: %s line %d: %v", path, line(open), err)
			}
			d.models = append(d.models, b)
		}
		i = close + 1
	}
	return d, nil
}

func parseModel(s, name string, open, close int) (*prismaBlock, error) {
	b := &prismaBlock{name: name}
	first := endOfLine(s, open)
	if strings.TrimSpace(s[open+1:first]) != "" {
		return nil, fmt.Errorf("model %s has content on the line of its `{`; run `prisma format` on the file first", name)
	}
	b.bodyStart = first + 1
	b.closeLine = strings.LastIndex(s[:close], "\n") + 1
	if b.closeLine < b.bodyStart || strings.TrimSpace(s[b.closeLine:close]) != "" {
		return nil, fmt.Errorf("model %s has content on the line of its `}`; run `prisma format` on the file first", name)
	}
	for off := b.bodyStart; off < b.closeLine; {
		end, depth := off, 0
		// A logical line runs on while brackets are open.
		for {
			e := endOfLine(s, end)
			depth += bracketDepth(s[end:e])
			end = e + 1
			if depth <= 0 || end >= b.closeLine {
				break
			}
		}
		if end > b.closeLine {
			end = b.closeLine
		}
		b.items = append(b.items, parseItem(s[off:end], off, end))
		off = end
	}
	for _, it := range b.items {
		if it.kind == itemAttr && it.attr == "map" && len(it.attrFields) > 0 {
			b.mapName = it.attrFields[0]
		}
	}
	return b, nil
}

func parseItem(text string, start, end int) prismaItem {
	it := prismaItem{start: start, end: end}
	trimmed := strings.TrimSpace(stripComment(text))
	it.indent = text[:len(text)-len(strings.TrimLeft(text, " \t"))]
	switch {
	case trimmed == "" && strings.TrimSpace(text) == "":
		it.kind = itemBlank
	case trimmed == "":
		it.kind = itemComment
	case strings.HasPrefix(trimmed, "@@"):
		it.kind = itemAttr
		name, args := splitAttr(trimmed[2:])
		it.attr = name
		if name == "map" {
			it.attrFields = []string{unquote(firstPositional(args))}
		} else {
			list := firstPositional(args)
			if v, ok := namedArg(args, "fields"); ok {
				list = v
			}
			it.attrFields = listNames(list)
		}
	default:
		it.kind = itemField
		name, rest := wordRest(trimmed)
		it.name = name
		typ, attrs := wordRest(rest)
		it.typ = typ
		for _, a := range splitAttrs(attrs) {
			an, args := splitAttr(strings.TrimPrefix(a, "@"))
			switch an {
			case "map":
				it.mapArg = unquote(firstPositional(args))
			case "unique", "id":
				it.unique = true
			case "relation":
				if p := firstPositional(args); strings.HasPrefix(p, `"`) {
					it.relName = unquote(p)
				}
				if v, ok := namedArg(args, "name"); ok {
					it.relName = unquote(v)
				}
				if v, ok := namedArg(args, "fields"); ok {
					it.relFields = listNames(v)
				}
			}
		}
	}
	return it
}

// scanTopLevel returns the positions in s of the byte sep where it stands
// outside string literals and brackets.
func scanTopLevel(s string, sep byte) []int {
	var at []int
	depth, inStr := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inStr:
			if c == '\\' {
				i++
			} else if c == '"' {
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case c == sep && depth == 0:
			at = append(at, i)
		}
	}
	return at
}

// splitAttrs splits the attributes of a field line at each top-level "@".
func splitAttrs(s string) []string {
	at := scanTopLevel(s, '@')
	out := make([]string, 0, len(at))
	for k, i := range at {
		end := len(s)
		if k+1 < len(at) {
			end = at[k+1]
		}
		out = append(out, strings.TrimSpace(s[i:end]))
	}
	return out
}

// splitAttr splits `name(args)` into name and the text inside the parens.
func splitAttr(s string) (name, args string) {
	if i := strings.IndexByte(s, '('); i >= 0 {
		j := strings.LastIndexByte(s, ')')
		if j < i {
			j = len(s)
		}
		return strings.TrimSpace(s[:i]), s[i+1 : j]
	}
	return strings.TrimSpace(s), ""
}

// topLevel splits s at commas outside brackets and strings.
func topLevel(s string) []string {
	var out []string
	start := 0
	for _, i := range scanTopLevel(s, ',') {
		out = append(out, strings.TrimSpace(s[start:i]))
		start = i + 1
	}
	if rest := strings.TrimSpace(s[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// namedKey returns the key of a `key: value` argument.
func namedKey(arg string) (string, string, bool) {
	k, _ := word(arg, 0)
	rest := strings.TrimLeft(arg[len(k):], " \t")
	if k != "" && strings.HasPrefix(rest, ":") {
		return k, strings.TrimSpace(rest[1:]), true
	}
	return "", "", false
}

func firstPositional(args string) string {
	for _, a := range topLevel(args) {
		if _, _, named := namedKey(a); !named {
			return a
		}
	}
	return ""
}

func namedArg(args, key string) (string, bool) {
	for _, a := range topLevel(args) {
		if k, v, ok := namedKey(a); ok && k == key {
			return v, true
		}
	}
	return "", false
}

// listNames returns the field names of `[a, b(length: 191), c(sort: Desc)]`.
func listNames(list string) []string {
	list = strings.TrimSpace(list)
	if !strings.HasPrefix(list, "[") {
		return nil
	}
	list = strings.TrimSuffix(strings.TrimPrefix(list, "["), "]")
	var out []string
	for _, e := range topLevel(list) {
		n, _ := word(e, 0)
		out = append(out, n)
	}
	return out
}

func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(s[1 : len(s)-1])
	}
	return s
}

// assignment returns the unquoted value of `key = "value"` in a block body.
func assignment(body, key string) string {
	for _, l := range strings.Split(body, "\n") {
		l = strings.TrimSpace(stripComment(l))
		k, rest := wordRest(l)
		if k == key && strings.HasPrefix(rest, "=") {
			return unquote(strings.TrimSpace(rest[1:]))
		}
	}
	return ""
}

// stripComment drops a // comment outside strings.
func stripComment(l string) string {
	inStr := false
	for i := 0; i < len(l); i++ {
		switch c := l[i]; {
		case inStr:
			if c == '\\' {
				i++
			} else if c == '"' {
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '/' && i+1 < len(l) && l[i+1] == '/':
			return l[:i]
		}
	}
	return l
}

// bracketDepth is the change in bracket depth over l, ignoring strings and
// comments.
func bracketDepth(l string) int {
	d := 0
	l = stripComment(l)
	inStr := false
	for i := 0; i < len(l); i++ {
		switch c := l[i]; {
		case inStr:
			if c == '\\' {
				i++
			} else if c == '"' {
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '(' || c == '[':
			d++
		case c == ')' || c == ']':
			d--
		}
	}
	return d
}

// matchBrace returns the index of the "}" closing the "{" at open.
func matchBrace(s string, open int) (int, error) {
	depth := 0
	inStr := false
	for i := open; i < len(s); i++ {
		c := s[i]
		switch {
		case inStr:
			if c == '\\' {
				i++
			} else if c == '"' {
				inStr = false
			} else if c == '\n' {
				inStr = false
			}
		case c == '"':
			inStr = true
		case strings.HasPrefix(s[i:], "//"):
			i = endOfLine(s, i) - 1
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth == 0 {
				return i, nil
			}
		}
	}
	return 0, fmt.Errorf("the block has no closing `}`")
}

// endOfLine returns the index of the "\n" ending the line at i, or len(s).
func endOfLine(s string, i int) int {
	if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(s)
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// word returns the identifier at i and the index after it.
func word(s string, i int) (string, int) {
	j := i
	for j < len(s) {
		c := s[j]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || j > i && c >= '0' && c <= '9' {
			j++
			continue
		}
		break
	}
	return s[i:j], j
}

// wordRest splits a line at its first run of spaces.
func wordRest(s string) (string, string) {
	s = strings.TrimSpace(s)
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i:])
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 40 {
		s = s[:40]
	}
	return strings.TrimSpace(s)
}

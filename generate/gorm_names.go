package generate

import (
	"fmt"
	"go/token"
	"strconv"
	"strings"
	"unicode"
)

// Go names for GORM models. Struct and field names come from the logical
// names (table keys and field names), never from the physical ones, so that
// renaming a table or a column in the config changes only tags and
// TableName(), not the Go code that uses the models.

// goInitialisms are the words golint writes in capitals (userId → UserID,
// ipAddress → IPAddress).
var goInitialisms = map[string]bool{
	"ACL": true, "API": true, "ASCII": true, "CPU": true, "CSS": true, "DNS": true, "EOF": true,
	"GUID": true, "HTML": true, "HTTP": true, "HTTPS": true, "ID": true, "IP": true, "JSON": true,
	"JWT": true, "LHS": true, "OTP": true, "QPS": true, "RAM": true, "RHS": true, "RPC": true,
	"SLA": true, "SMTP": true, "SQL": true, "SSH": true, "SSO": true, "TCP": true, "TLS": true,
	"TOTP": true, "TTL": true, "UDP": true, "UI": true, "UID": true, "URI": true, "URL": true,
	"UTF8": true, "UUID": true, "VM": true, "XML": true, "XMPP": true, "XSRF": true, "XSS": true,
}

// splitWords splits a camelCase, PascalCase, snake_case or kebab-case name
// into words: "userId" → [user Id], "HTMLBody" → [HTML Body],
// "email_address" → [email address]. Characters that cannot appear in a Go
// identifier separate words.
func splitWords(s string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, string(cur))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if len(cur) > 0 && unicode.IsUpper(r) {
			prev := cur[len(cur)-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			// A capital starts a word after a lower-case letter or a digit
			// (userId), or ends a run of capitals when a lower-case letter
			// follows (HTMLBody).
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

// exportedName returns the exported Go identifier for a logical name:
// words capitalised, initialisms in capitals. A name without letters, or
// one that cannot start an exported identifier, gets an "X" prefix.
func exportedName(s string) string {
	var b strings.Builder
	for _, w := range splitWords(s) {
		if up := strings.ToUpper(w); goInitialisms[up] {
			b.WriteString(up)
			continue
		}
		rs := []rune(w)
		b.WriteRune(unicode.ToUpper(rs[0]))
		b.WriteString(string(rs[1:]))
	}
	name := b.String()
	if name == "" {
		return "X"
	}
	if first := []rune(name)[0]; !unicode.IsUpper(first) {
		name = "X" + name
	}
	return name
}

// nameSet hands out unique identifiers: a name already taken gets the
// smallest numeric suffix, from 2, that is free.
type nameSet map[string]bool

func (n nameSet) take(name string) string {
	if !n[name] {
		n[name] = true
		return name
	}
	for i := 2; ; i++ {
		if c := name + strconv.Itoa(i); !n[c] {
			n[c] = true
			return c
		}
	}
}

// packageName checks an explicit --package value, or derives the package
// name from the output folder: a folder whose name is not a Go identifier
// is an error that names --package as the fix.
func packageName(explicit, dir string) (string, error) {
	if explicit != "" {
		if !validPackageName(explicit) {
			return "", fmt.Errorf("--package %q is not a valid Go package name; use a lower-case identifier such as authmodel", explicit)
		}
		return explicit, nil
	}
	base := lastElem(dir)
	if !validPackageName(base) {
		return "", fmt.Errorf("the output folder %q is not a valid Go package name; pass --package NAME (for example --package authmodel)", base)
	}
	return base, nil
}

func validPackageName(s string) bool {
	return s != "_" && token.IsIdentifier(s)
}

// lastElem is the last element of a slash- or backslash-separated path.
func lastElem(p string) string {
	p = strings.TrimRight(p, `/\`)
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

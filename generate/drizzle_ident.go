package generate

import (
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// ECMAScript names, and how wide prettier measures a string.

// isIDStart is Unicode's ID_Start (UAX #31): letters, letter numbers and
// Other_ID_Start, less Pattern_Syntax and Pattern_White_Space.
func isIDStart(r rune) bool {
	if unicode.In(r, unicode.Pattern_Syntax, unicode.Pattern_White_Space) {
		return false
	}
	return unicode.In(r, unicode.L, unicode.Nl, unicode.Other_ID_Start)
}

// isIDContinue is Unicode's ID_Continue: ID_Start plus non-spacing and
// spacing marks, decimal digits, connector punctuation and
// Other_ID_Continue, less Pattern_Syntax and Pattern_White_Space.
func isIDContinue(r rune) bool {
	if isIDStart(r) {
		return true
	}
	if unicode.In(r, unicode.Pattern_Syntax, unicode.Pattern_White_Space) {
		return false
	}
	return unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc, unicode.Other_ID_Continue)
}

// isJSIdentifierName reports whether s is an ECMAScript IdentifierName
// (without escapes): an ID_Start character, $ or _, then ID_Continue
// characters, $, ZWNJ or ZWJ. Property names may be any IdentifierName; a
// binding must also not be a reserved word (jsReserved).
func isJSIdentifierName(s string) bool {
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	for i, r := range s {
		switch {
		case r == '$' || r == '_':
		case i == 0:
			if !isIDStart(r) {
				return false
			}
		case r == 0x200C || r == 0x200D:
		case !isIDContinue(r):
			return false
		}
	}
	return true
}

// jsReserved are the names an `export const` of a module cannot bind:
// ECMAScript's reserved words, the strict-mode ones (modules are strict),
// await (reserved in modules), and eval and arguments (not bindable in
// strict code). tsc rejects each of them.
var jsReserved = map[string]bool{
	"await": true, "break": true, "case": true, "catch": true, "class": true, "const": true, "continue": true,
	"debugger": true, "default": true, "delete": true, "do": true, "else": true, "enum": true, "export": true,
	"extends": true, "false": true, "finally": true, "for": true, "function": true, "if": true, "import": true,
	"in": true, "instanceof": true, "new": true, "null": true, "return": true, "super": true, "switch": true,
	"this": true, "throw": true, "true": true, "try": true, "typeof": true, "var": true, "void": true,
	"while": true, "with": true, "yield": true,
	"implements": true, "interface": true, "let": true, "package": true, "private": true, "protected": true,
	"public": true, "static": true,
	"eval": true, "arguments": true,
}

// propKey is name as an object key: bare when it is an IdentifierName,
// else a string literal (prettier's quoteProps "as-needed" keeps both).
func propKey(name string) string {
	if isJSIdentifierName(name) {
		return name
	}
	return str(name).text
}

// memberExpr is obj.prop, or obj["prop"] when prop is not an
// IdentifierName.
func memberExpr(obj, prop string) jsAtom {
	if isJSIdentifierName(prop) {
		return member(obj + "." + prop)
	}
	return member(obj + "[" + str(prop).text + "]")
}

// strWidth is prettier's getStringWidth: the columns s takes, with East
// Asian wide and fullwidth characters counting two, and control
// characters and combining marks none.
func strWidth(s string) int {
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7f {
			ascii = false
			break
		}
	}
	if ascii {
		return len(s)
	}
	n := 0
	for _, r := range s {
		switch {
		case r <= 0x1f || r >= 0x7f && r <= 0x9f:
		case unicode.In(r, unicode.Mn, unicode.Me):
		default:
			switch width.LookupRune(r).Kind() {
			case width.EastAsianWide, width.EastAsianFullwidth:
				n += 2
			default:
				n++
			}
		}
	}
	return n
}

// jsLength is a string's JavaScript length (UTF-16 code units), which
// some of prettier's heuristics compare instead of its width.
func jsLength(s string) int {
	return len(utf16.Encode([]rune(s)))
}

package dotenv

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	type E = Entry
	tests := []struct {
		name string
		in   string
		want []Entry
	}{
		{"empty", "", nil},
		{"blank lines and comments", "\n  \n# comment\n\t# indented comment\n", nil},
		{"simple", "A=1\nB=two\n", []E{{"A", "1"}, {"B", "two"}}},
		{"no final newline", "A=1", []E{{"A", "1"}}},
		{"empty value", "A=\nB=", []E{{"A", ""}, {"B", ""}}},
		{"blanks trimmed", "  A = hello world \t\n", []E{{"A", "hello world"}}},
		{"export prefix", "export A=1\nexport\tB=2\n", []E{{"A", "1"}, {"B", "2"}}},
		{"key named export", "export=1\nexport =2\n", []E{{"export", "1"}, {"export", "2"}}},
		{"key characters", "_a.b-c9=x\n", []E{{"_a.b-c9", "x"}}},
		{"equals in value", "URL=postgres://u:p@h/db?sslmode=disable&a=b\n", []E{{"URL", "postgres://u:p@h/db?sslmode=disable&a=b"}}},
		{"inline comment", "A=1 # one\nB=2\t# two\n", []E{{"A", "1"}, {"B", "2"}}},
		{"hash without blank is value", "A=a#b\nB=#x\n", []E{{"A", "a#b"}, {"B", "#x"}}},
		{"empty value then comment", "A= # nothing\n", []E{{"A", ""}}},
		{"unquoted backslashes literal", `P=C:\tmp\new` + "\n", []E{{"P", `C:\tmp\new`}}},
		{"unquoted keeps inner quotes", `A=it's "x"` + "\n", []E{{"A", `it's "x"`}}},
		{"single quoted literal", `A='a\nb "c" # d'` + "\n", []E{{"A", `a\nb "c" # d`}}},
		{"single quoted empty", "A=''\n", []E{{"A", ""}}},
		{"single quoted keeps blanks", "A='  x  '\n", []E{{"A", "  x  "}}},
		{"single quoted then comment", "A='x' # c\nB='y'#c\n", []E{{"A", "x"}, {"B", "y"}}},
		{"double quoted", `A="hello world"` + "\n", []E{{"A", "hello world"}}},
		{"double quoted empty", `A=""` + "\n", []E{{"A", ""}}},
		{"double quoted escapes", `A="l1\nl2\t\"q\" \\ \r"` + "\n", []E{{"A", "l1\nl2\t\"q\" \\ \r"}}},
		{"double quoted unknown escape kept", `A="\x\$"` + "\n", []E{{"A", `\x\$`}}},
		{"double quoted hash", `A="a # b" # c` + "\n", []E{{"A", "a # b"}}},
		{"double quoted single quote", `A="it's"` + "\n", []E{{"A", "it's"}}},
		{"multi-line double quoted", "A=\"-----BEGIN-----\nabc\n-----END-----\"\nB=2\n",
			[]E{{"A", "-----BEGIN-----\nabc\n-----END-----"}, {"B", "2"}}},
		{"multi-line CRLF", "A=\"x\r\ny\"\r\nB=2\r\n", []E{{"A", "x\ny"}, {"B", "2"}}},
		{"CRLF", "A=1\r\nB='2'\r\nC=\"3\"\r\n# c\r\n\r\n", []E{{"A", "1"}, {"B", "2"}, {"C", "3"}}},
		{"lone CR kept in unquoted", "A=x\ry\n", []E{{"A", "x\ry"}}},
		{"BOM", "\xef\xbb\xbfA=1\n", []E{{"A", "1"}}},
		{"duplicates kept in order", "A=1\nA=2\n", []E{{"A", "1"}, {"A", "2"}}},
		{"utf-8 value", "A=héllo wörld ✓\n", []E{{"A", "héllo wörld ✓"}}},
		{"no expansion", "A=$HOME\nB=\"${HOME}\"\n", []E{{"A", "$HOME"}, {"B", "${HOME}"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.in))
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		line int
		msg  string
	}{
		{"no equals", "A=1\nJUSTAWORD\n", 2, `missing "="`},
		{"no key", "=1\n", 1, "expected KEY=VALUE"},
		{"digit first", "A=1\n\n1A=2\n", 3, "must start with a letter"},
		{"space in key", "MY KEY=1\n", 1, `missing "=" after the key`},
		{"bad char in key", "A$=1\n", 1, `invalid character '$' in key`},
		{"export without assignment", "export A\n", 1, `missing "="`},
		{"unterminated single", "A=1\nB='oops\nC=3\n", 2, "unterminated single-quoted value for B"},
		{"single quote not multi-line", "A='x\ny'\n", 1, "unterminated single-quoted"},
		{"unterminated double", "A=1\nB=2\nC=\"never\nD=4\n", 3, "unterminated double-quoted value for C"},
		{"escaped quote does not close", `A="x\"` + "\n", 1, "unterminated double-quoted"},
		{"text after single quote", "A='x' y\n", 1, "unexpected text after closing quote"},
		{"text after double quote", "A=\"x\"y\n", 1, "unexpected text after closing quote"},
		{"text after multi-line close", "A=1\nB=\"x\ny\" z\n", 3, "unexpected text after closing quote"},
		{"line counted after multi-line", "A=\"x\ny\nz\"\nBAD\n", 4, `missing "="`},
		{"CRLF line numbers", "A=1\r\n# c\r\nBAD\r\n", 3, `missing "="`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.in))
			if err == nil {
				t.Fatalf("Parse(%q) = %q, want error", tt.in, got)
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %T %v, want *SyntaxError", err, err)
			}
			if se.Line != tt.line {
				t.Errorf("line = %d, want %d (%v)", se.Line, tt.line, err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not contain %q", err, tt.msg)
			}
			if wantPrefix := "line "; !strings.HasPrefix(err.Error(), wantPrefix) {
				t.Errorf("error %q does not start with %q", err, wantPrefix)
			}
		})
	}
}

// A line without "=" may be a secret pasted by mistake; errors must not
// repeat it.
func TestParseErrorDoesNotEchoLine(t *testing.T) {
	const secret = "sk_live_0123456789abcdef"
	_, err := Parse([]byte(secret + "\n"))
	if err == nil || strings.Contains(err.Error(), secret[:8]) {
		t.Fatalf("err = %v; want an error not containing the line", err)
	}
}

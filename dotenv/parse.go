package dotenv

import (
	"bytes"
	"fmt"
	"strings"
)

// Entry is one KEY=VALUE assignment, with the value unquoted and unescaped.
type Entry struct{ Key, Value string }

// SyntaxError reports a malformed line. Line is 1-based; for an unterminated
// quoted value it is the line where the quote was opened.
type SyntaxError struct {
	Path string // set by Read; empty for Parse
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string {
	if e.Path != "" {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// Parse reads .env syntax (see the package documentation) and returns the
// assignments in file order, duplicates included. A malformed line yields a
// *SyntaxError naming its line number.
func Parse(data []byte) ([]Entry, error) {
	stmts, err := parse(data)
	if err != nil {
		return nil, err
	}
	if len(stmts) == 0 {
		return nil, nil
	}
	entries := make([]Entry, len(stmts))
	for i, s := range stmts {
		entries[i] = s.Entry
	}
	return entries, nil
}

// stmt is an assignment plus where its value sits in the input, so that Set
// can replace exactly those bytes and leave the rest of the file alone.
type stmt struct {
	Entry
	line             int
	valStart, valEnd int // byte span of the value as written (quotes included)
}

var bom = []byte("\xef\xbb\xbf")

func parse(data []byte) ([]stmt, error) {
	p := parser{data: data, line: 1}
	if bytes.HasPrefix(data, bom) {
		p.pos = len(bom)
	}
	var out []stmt
	for p.pos < len(p.data) {
		s, ok, err := p.statement()
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, s)
		}
	}
	return out, nil
}

type parser struct {
	data []byte
	pos  int // start of the current line
	line int
}

// lineEnd returns the end of the line starting at from, without its line
// terminator ("\n" or "\r\n"), and the start of the next line.
func (p *parser) lineEnd(from int) (end, next int) {
	nl := bytes.IndexByte(p.data[from:], '\n')
	if nl < 0 {
		end, next = len(p.data), len(p.data)
	} else {
		end, next = from+nl, from+nl+1
	}
	if end > from && p.data[end-1] == '\r' {
		end--
	}
	return end, next
}

func (p *parser) errorf(line int, format string, args ...any) error {
	return &SyntaxError{Line: line, Msg: fmt.Sprintf(format, args...)}
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

func (p *parser) skipBlanks(i, end int) int {
	for i < end && isBlank(p.data[i]) {
		i++
	}
	return i
}

func isKeyStart(c byte) bool {
	return c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

func isKeyChar(c byte) bool {
	return isKeyStart(c) || ('0' <= c && c <= '9') || c == '.' || c == '-'
}

// validKey reports whether key can be written so that Parse reads it back.
func validKey(key string) bool {
	if key == "" || !isKeyStart(key[0]) {
		return false
	}
	for i := 1; i < len(key); i++ {
		if !isKeyChar(key[i]) {
			return false
		}
	}
	return true
}

// statement consumes one logical line (several physical lines for a
// multi-line double-quoted value) and reports whether it held an assignment.
func (p *parser) statement() (stmt, bool, error) {
	line := p.line
	end, next := p.lineEnd(p.pos)
	i := p.skipBlanks(p.pos, end)
	if i == end || p.data[i] == '#' {
		p.pos, p.line = next, p.line+1
		return stmt{}, false, nil
	}

	// "export KEY=..." — but "export=1" and "export =1" assign to a key
	// named export.
	if rest := p.data[i:end]; bytes.HasPrefix(rest, []byte("export")) && len(rest) > 6 && isBlank(rest[6]) {
		if j := p.skipBlanks(i+6, end); j < end && isKeyStart(p.data[j]) {
			i = j
		}
	}

	k := i
	if !isKeyStart(p.data[i]) {
		// The line's text is not echoed: it may be a pasted secret.
		if isKeyChar(p.data[i]) {
			return stmt{}, false, p.errorf(line, "key must start with a letter or \"_\"")
		}
		return stmt{}, false, p.errorf(line, "expected KEY=VALUE")
	}
	for i < end && isKeyChar(p.data[i]) {
		i++
	}
	key := string(p.data[k:i])
	if i < end && !isBlank(p.data[i]) && p.data[i] != '=' {
		return stmt{}, false, p.errorf(line, "invalid character %q in key", p.data[i])
	}
	i = p.skipBlanks(i, end)
	if i == end || p.data[i] != '=' {
		// Without an "=" the "key" may be a pasted secret: don't echo it.
		return stmt{}, false, p.errorf(line, "expected KEY=VALUE, missing \"=\" after the key")
	}
	eq := i
	v := p.skipBlanks(eq+1, end)
	s := stmt{Entry: Entry{Key: key}, line: line}

	switch {
	case v == end || (p.data[v] == '#' && v > eq+1):
		// Empty value, possibly followed by a comment. The value "sits"
		// right after the "=" so that Set inserts there.
		s.valStart, s.valEnd = eq+1, eq+1
		p.pos, p.line = next, p.line+1
		return s, true, nil

	case p.data[v] == '\'':
		closing := bytes.IndexByte(p.data[v+1:end], '\'')
		if closing < 0 {
			return stmt{}, false, p.errorf(line, "unterminated single-quoted value for %s", key)
		}
		closing += v + 1
		s.Value = string(p.data[v+1 : closing])
		s.valStart, s.valEnd = v, closing+1
		if err := p.trailer(closing+1, end, line); err != nil {
			return stmt{}, false, err
		}
		p.pos, p.line = next, p.line+1
		return s, true, nil

	case p.data[v] == '"':
		value, closeAt, err := p.doubleQuoted(v, key)
		if err != nil {
			return stmt{}, false, err
		}
		s.Value = value
		s.valStart, s.valEnd = v, closeAt+1
		// The closing quote may be on a later line: finish that line.
		end, next = p.lineEnd(p.lineStart(closeAt))
		if err := p.trailer(closeAt+1, end, p.line); err != nil {
			return stmt{}, false, err
		}
		p.pos, p.line = next, p.line+1
		return s, true, nil
	}

	// Unquoted: up to a blank-then-# comment, trailing blanks trimmed.
	stop := end
	for j := v + 1; j < end; j++ {
		if p.data[j] == '#' && isBlank(p.data[j-1]) {
			stop = j
			break
		}
	}
	for stop > v && isBlank(p.data[stop-1]) {
		stop--
	}
	s.Value = string(p.data[v:stop])
	s.valStart, s.valEnd = v, stop
	p.pos, p.line = next, p.line+1
	return s, true, nil
}

// lineStart returns the start of the line containing offset i.
func (p *parser) lineStart(i int) int {
	return bytes.LastIndexByte(p.data[:i], '\n') + 1
}

// doubleQuoted scans the value whose opening quote is at open, counting the
// lines it spans, and returns the unescaped value and the closing quote's
// offset.
func (p *parser) doubleQuoted(open int, key string) (string, int, error) {
	startLine := p.line
	var b strings.Builder
	for i := open + 1; i < len(p.data); i++ {
		c := p.data[i]
		switch c {
		case '"':
			return b.String(), i, nil
		case '\\':
			if i+1 >= len(p.data) {
				b.WriteByte(c)
				continue
			}
			switch p.data[i+1] {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case '"', '\\':
				b.WriteByte(p.data[i+1])
			default:
				// Unknown escapes stay as written (backslash
				// included), as in most dotenv implementations.
				b.WriteByte(c)
				continue
			}
			i++
		case '\r':
			// A CRLF inside a multi-line value is a line break, not
			// part of the value; a lone CR is kept.
			if i+1 < len(p.data) && p.data[i+1] == '\n' {
				continue
			}
			b.WriteByte(c)
		case '\n':
			p.line++
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	p.line = startLine
	return "", 0, p.errorf(startLine, "unterminated double-quoted value for %s", key)
}

// trailer checks that only blanks or a comment follow a closing quote. After
// a quote a "#" is unambiguous, so no blank is required before it.
func (p *parser) trailer(i, end, line int) error {
	j := p.skipBlanks(i, end)
	if j == end || p.data[j] == '#' {
		return nil
	}
	return p.errorf(line, "unexpected text after closing quote")
}

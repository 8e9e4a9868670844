package core

import (
	"net/netip"
	"strconv"
	"strings"
)

// The origin checks must see a URL as the browser that follows it will:
// net/url reads "https://evil.com\.example.com" as a host ending in
// example.com, a browser as evil.com. This is the part of the WHATWG URL
// standard those checks need (scheme, host, port, blob's inner URL),
// checked against Node's URL by TestCallbackURLRules and
// TestDifferentialCallbackURL.

// A URL as the WHATWG URL standard parses it (`new URL(s)`), reduced to
// what the origin checks read.
type parsedURL struct {
	scheme string // lower-case, without ":"
	host   string // serialized host; "" when none
	port   string // "" when none or the scheme's default
	opaque string // blob: the opaque path (the URL it wraps)
}

var defaultPorts = map[string]int{"http": 80, "https": 443, "ws": 80, "wss": 443, "ftp": 21, "file": -1}

// origin is `new URL(s).origin`, "" for an opaque ("null") origin.
func (u parsedURL) origin() string {
	switch u.scheme {
	case "http", "https", "ws", "wss", "ftp":
		if u.port != "" {
			return u.scheme + "://" + u.host + ":" + u.port
		}
		return u.scheme + "://" + u.host
	case "blob":
		if inner, ok := parseURL(u.opaque); ok && (inner.scheme == "http" || inner.scheme == "https") {
			return inner.origin()
		}
	}
	return ""
}

// hostPort is `new URL(s).host`.
func (u parsedURL) hostPort() string {
	if u.port != "" {
		return u.host + ":" + u.port
	}
	return u.host
}

// parseURL parses an absolute URL as the WHATWG URL standard does, as far
// as scheme, host and port go: leading and trailing C0 controls and spaces
// are dropped and tabs and newlines removed; special schemes (http, https,
// ws, wss, ftp, file) take "\" for "/" and any number of slashes before
// the authority, lower-case their host, decode percent-escapes in it,
// canonicalize IPv4 (0x7f.1 is 127.0.0.1) and IPv6 and drop the default
// port; the userinfo ends at the last "@" of the authority. ok is false
// where `new URL` throws, and for internationalized hosts (see above).
func parseURL(s string) (parsedURL, bool) {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= 0x20 })
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	}
	i := 0
	for i < len(s) && (isAlpha(s[i]) || i > 0 && (isDigit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')) {
		i++
	}
	if i == 0 || i == len(s) || s[i] != ':' {
		return parsedURL{}, false
	}
	u := parsedURL{scheme: strings.ToLower(s[:i])}
	rest := s[i+1:]
	_, special := defaultPorts[u.scheme]
	switch {
	case u.scheme == "file":
		if len(rest) < 2 || !isSlash(rest[0]) || !isSlash(rest[1]) {
			return u, true
		}
		rest = rest[2:]
		host := rest
		if end := strings.IndexAny(rest, `/\?#`); end >= 0 {
			host = rest[:end]
		}
		if host == "" || len(host) == 2 && isAlpha(host[0]) && (host[1] == ':' || host[1] == '|') {
			return u, true
		}
		h, ok := parseHost(host, true)
		if h == "localhost" {
			h = ""
		}
		u.host = h
		return u, ok
	case special:
		rest = strings.TrimLeft(rest, `/\`)
		if end := strings.IndexAny(rest, `/\?#`); end >= 0 {
			rest = rest[:end]
		}
		return u, u.parseAuthority(rest, true)
	case strings.HasPrefix(rest, "//"):
		rest = rest[2:]
		if end := strings.IndexAny(rest, "/?#"); end >= 0 {
			rest = rest[:end]
		}
		return u, u.parseAuthority(rest, false)
	case !strings.HasPrefix(rest, "/"):
		if end := strings.IndexAny(rest, "?#"); end >= 0 {
			rest = rest[:end]
		}
		u.opaque = percentEncodeC0(rest)
	}
	return u, true
}

// parseAuthority reads [userinfo@]host[:port].
func (u *parsedURL) parseAuthority(auth string, special bool) bool {
	if at := strings.LastIndexByte(auth, '@'); at >= 0 {
		if auth = auth[at+1:]; auth == "" {
			return false
		}
	}
	host, port, hasPort := auth, "", false
	inBrackets := false
	for j := 0; j < len(auth) && !hasPort; j++ {
		switch auth[j] {
		case '[':
			inBrackets = true
		case ']':
			inBrackets = false
		case ':':
			if !inBrackets {
				host, port, hasPort = auth[:j], auth[j+1:], true
			}
		}
	}
	if host == "" && (hasPort || special) {
		return false
	}
	h, ok := parseHost(host, special)
	if !ok {
		return false
	}
	u.host = h
	if port == "" {
		return true
	}
	n := 0
	for j := 0; j < len(port); j++ {
		if !isDigit(port[j]) {
			return false
		}
		if n = n*10 + int(port[j]-'0'); n > 65535 {
			return false
		}
	}
	if d, ok := defaultPorts[u.scheme]; !ok || d != n {
		u.port = strconv.Itoa(n)
	}
	return true
}

// parseHost is the WHATWG host parser: an IPv6 literal, else for special
// schemes a domain (percent-decoded, lower-cased, no forbidden code point)
// or an IPv4 address when it ends in a number, else an opaque host.
func parseHost(h string, special bool) (string, bool) {
	if strings.HasPrefix(h, "[") {
		if len(h) < 2 || !strings.HasSuffix(h, "]") {
			return "", false
		}
		return parseIPv6(h[1 : len(h)-1])
	}
	if !special {
		for j := 0; j < len(h); j++ {
			switch c := h[j]; c {
			case 0, '\t', '\n', '\r', ' ', '#', '/', ':', '<', '>', '?', '@', '[', '\\', ']', '^', '|':
				return "", false
			}
		}
		return percentEncodeC0(h), true
	}
	b := make([]byte, 0, len(h))
	for j := 0; j < len(h); j++ {
		if c, ok := percentByte(h, j); ok {
			b = append(b, c)
			j += 2
			continue
		}
		b = append(b, h[j])
	}
	if len(b) == 0 {
		return "", false
	}
	for j, c := range b {
		switch {
		case c >= 0x80: // an internationalized domain: refused (no IDNA)
			return "", false
		case c <= 0x20, c == 0x7F, strings.IndexByte("#%/:<>?@[\\]^|", c) >= 0:
			return "", false
		case c >= 'A' && c <= 'Z':
			b[j] = c + 'a' - 'A'
		}
	}
	d := string(b)
	if endsInNumber(d) {
		return parseIPv4(d)
	}
	return d, true
}

func endsInNumber(d string) bool {
	parts := strings.Split(d, ".")
	if parts[len(parts)-1] == "" {
		if len(parts) == 1 {
			return false
		}
		parts = parts[:len(parts)-1]
	}
	last := parts[len(parts)-1]
	if last != "" && strings.Trim(last, "0123456789") == "" {
		return true
	}
	_, ok := ipv4Number(last)
	return ok
}

// ipv4Number parses one part of an IPv4 address: decimal, 0x hex or
// 0-prefixed octal; values past 2^32 saturate.
func ipv4Number(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	radix := uint64(10)
	if len(s) >= 2 && (s[:2] == "0x" || s[:2] == "0X") {
		s, radix = s[2:], 16
	} else if len(s) >= 2 && s[0] == '0' {
		s, radix = s[1:], 8
	}
	var n uint64
	for j := 0; j < len(s); j++ {
		var d uint64
		switch c := s[j]; {
		case isDigit(c):
			d = uint64(c - '0')
		case radix == 16 && c|0x20 >= 'a' && c|0x20 <= 'f':
			d = uint64(c|0x20-'a') + 10
		default:
			return 0, false
		}
		if d >= radix {
			return 0, false
		}
		if n = n*radix + d; n > 1<<40 {
			n = 1 << 40
		}
	}
	return n, true
}

func parseIPv4(d string) (string, bool) {
	parts := strings.Split(d, ".")
	if parts[len(parts)-1] == "" && len(parts) > 1 {
		parts = parts[:len(parts)-1]
	}
	if len(parts) > 4 {
		return "", false
	}
	nums := make([]uint64, len(parts))
	for j, p := range parts {
		n, ok := ipv4Number(p)
		if !ok || j < len(parts)-1 && n > 255 {
			return "", false
		}
		nums[j] = n
	}
	last := nums[len(nums)-1]
	if last >= 1<<(8*(5-len(nums))) {
		return "", false
	}
	v := last
	for j, n := range nums[:len(nums)-1] {
		v += n << (8 * (3 - j))
	}
	return strconv.Itoa(int(v>>24)) + "." + strconv.Itoa(int(v>>16&255)) + "." + strconv.Itoa(int(v>>8&255)) + "." + strconv.Itoa(int(v&255)), true
}

// parseIPv6 parses an IPv6 literal (no zone) and serializes it as the
// URL standard does: lower-case hex, the first longest run of two or more
// zero pieces as "::", no dotted IPv4 tail.
func parseIPv6(s string) (string, bool) {
	if strings.Contains(s, "%") {
		return "", false
	}
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is6() {
		return "", false
	}
	b := a.As16()
	var pieces [8]uint16
	for j := range pieces {
		pieces[j] = uint16(b[2*j])<<8 | uint16(b[2*j+1])
	}
	start, length := -1, 1
	for j := 0; j < 8; {
		if pieces[j] != 0 {
			j++
			continue
		}
		k := j
		for k < 8 && pieces[k] == 0 {
			k++
		}
		if k-j > length {
			start, length = j, k-j
		}
		j = k
	}
	var out strings.Builder
	out.WriteString("[")
	for j := 0; j < 8; j++ {
		if j == start {
			out.WriteString("::")
			j += length - 1
			continue
		}
		if j > 0 && j != start+length {
			out.WriteString(":")
		}
		out.WriteString(strconv.FormatUint(uint64(pieces[j]), 16))
	}
	out.WriteString("]")
	return out.String(), true
}

// percentEncodeC0 percent-encodes C0 controls and bytes above 0x7E.
func percentEncodeC0(s string) string {
	var b strings.Builder
	for j := 0; j < len(s); j++ {
		if c := s[j]; c < 0x20 || c > 0x7E {
			b.WriteByte('%')
			b.WriteByte("0123456789ABCDEF"[c>>4])
			b.WriteByte("0123456789ABCDEF"[c&15])
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isSlash(c byte) bool { return c == '/' || c == '\\' }

// percentByte decodes the escape "%XY" at s[i:], if there is one.
func percentByte(s string, i int) (byte, bool) {
	if i+2 >= len(s) || s[i] != '%' {
		return 0, false
	}
	hi, ok1 := hexValue(s[i+1])
	lo, ok2 := hexValue(s[i+2])
	return hi<<4 | lo, ok1 && ok2
}

func hexValue(c byte) (byte, bool) {
	switch {
	case isDigit(c):
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

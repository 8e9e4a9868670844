package core

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Cookies as Better Auth (better-call) writes and reads them, byte for
// byte, so that a browser signed in through one server is signed in on the
// other when both share a secret.

// cookieNames are the full names of the auth cookies.
type cookieNames struct {
	sessionToken, sessionData, dontRemember string
}

func newCookieNames(prefix string, secure bool) cookieNames {
	if prefix == "" {
		prefix = "better-auth"
	}
	p := prefix + "."
	if secure {
		p = "__Secure-" + p
	}
	return cookieNames{p + "session_token", p + "session_data", p + "dont_remember"}
}

// sign returns value.<base64 HMAC-SHA256(secret, value)> (standard base64
// with padding: always 44 characters).
func sign(secret, value string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(value))
	return value + "." + base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// unsign verifies a signed value and returns the value before the last
// dot. Anything malformed or forged is reported as absent, as Better Auth
// does: a signature must be 44 characters ending in "=", the value must be
// non-empty, and the HMAC is compared in constant time.
func unsign(secret, signed string) (string, bool) {
	dot := strings.LastIndexByte(signed, '.')
	if dot < 1 {
		return "", false
	}
	value, sig := signed[:dot], signed[dot+1:]
	if len(sig) != 44 || sig[43] != '=' {
		return "", false
	}
	got, err := base64.StdEncoding.DecodeString(sig)
	if err != nil {
		return "", false
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(value))
	if !hmac.Equal(got, m.Sum(nil)) {
		return "", false
	}
	return value, true
}

// parseCookies parses Cookie headers as better-call does: the first
// occurrence of a name wins, surrounding double quotes are stripped, and
// a value holding "%" is URI-decoded (left as is if that fails).
func parseCookies(headers []string) map[string]string {
	out := map[string]string{}
	for _, str := range headers {
		i := 0
		for i < len(str) {
			eq := strings.IndexByte(str[i:], '=')
			if eq < 0 {
				break
			}
			eq += i
			end := strings.IndexByte(str[i:], ';')
			if end < 0 {
				end = len(str)
			} else {
				end += i
				if end < eq {
					// A pair without "=": skip to the last ";" before the "=".
					i = strings.LastIndexByte(str[:eq], ';') + 1
					continue
				}
			}
			key := strings.TrimSpace(str[i:eq])
			if _, seen := out[key]; !seen {
				val := strings.TrimSpace(str[eq+1 : end])
				if len(val) > 0 && val[0] == '"' {
					if len(val) >= 2 {
						val = val[1 : len(val)-1]
					} else {
						val = ""
					}
				}
				out[key] = decodeURIComponent(val)
			}
			i = end + 1
		}
	}
	return out
}

// decodeURIComponent is JavaScript's, falling back to s on a bad escape.
func decodeURIComponent(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return s
		}
		b.WriteByte(unhexByte(s[i+1])<<4 | unhexByte(s[i+2]))
		i += 2
	}
	out := b.String()
	if !utf8.ValidString(out) {
		return s // decodeURIComponent throws on malformed UTF-8
	}
	return out
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhexByte(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// encodeURIComponent is JavaScript's: everything but A-Z a-z 0-9 and
// -_.!~*'() is percent-encoded as UTF-8.
func encodeURIComponent(s string) string {
	const hexdig = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-_.!~*'()", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexdig[c>>4])
		b.WriteByte(hexdig[c&15])
	}
	return b.String()
}

// cookieAttrs are the attributes every auth cookie gets.
type cookieAttrs struct {
	secure bool
	domain string
}

// setCookie appends a Set-Cookie line in better-call's attribute order:
// name=value; Max-Age=N; Domain; Path=/; HttpOnly; Secure; SameSite=Lax.
// maxAge < 0 omits Max-Age (a browser-session cookie).
func (c cookieAttrs) header(name, value string, maxAge int) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('=')
	b.WriteString(value)
	if maxAge >= 0 {
		b.WriteString("; Max-Age=")
		b.WriteString(strconv.Itoa(maxAge))
	}
	if c.domain != "" {
		b.WriteString("; Domain=")
		b.WriteString(c.domain)
	}
	b.WriteString("; Path=/; HttpOnly")
	if c.secure {
		b.WriteString("; Secure")
	}
	b.WriteString("; SameSite=Lax")
	return b.String()
}

// cookieJar collects the Set-Cookie lines of one response. Expiring a
// cookie drops any earlier line for it, as Better Auth does, so a live
// value never leaks next to its deletion.
type cookieJar struct {
	lines []string
	names []string
}

func (j *cookieJar) set(name, line string) {
	j.drop(name)
	j.lines = append(j.lines, line)
	j.names = append(j.names, name)
}

// add appends a line as better-call's setCookie does, keeping earlier
// lines for the same name.
func (j *cookieJar) add(name, line string) {
	j.lines = append(j.lines, line)
	j.names = append(j.names, name)
}

// dropPrefix drops the lines for name and for name.<anything> (its
// chunks), as Better Auth's removeSetCookieEntries does.
func (j *cookieJar) dropPrefix(name string) {
	for i := 0; i < len(j.names); i++ {
		if j.names[i] == name || strings.HasPrefix(j.names[i], name+".") {
			j.lines = append(j.lines[:i], j.lines[i+1:]...)
			j.names = append(j.names[:i], j.names[i+1:]...)
			i--
		}
	}
}

func (j *cookieJar) drop(name string) {
	for i := 0; i < len(j.names); i++ {
		if j.names[i] == name {
			j.lines = append(j.lines[:i], j.lines[i+1:]...)
			j.names = append(j.names[:i], j.names[i+1:]...)
			i--
		}
	}
}

func (j *cookieJar) write(h http.Header) {
	for _, l := range j.lines {
		h.Add("Set-Cookie", l)
	}
}

// value returns the URI-decoded value of the last cookie named name the
// jar sets, unless it is empty or expired (Max-Age=0), as Better Auth's
// bearer plugin reads parseSetCookieHeader's answer.
func (j *cookieJar) value(name string) (string, bool) {
	for i := len(j.names) - 1; i >= 0; i-- {
		if j.names[i] != name {
			continue
		}
		parts := strings.Split(j.lines[i], ";")
		_, v, _ := strings.Cut(parts[0], "=")
		for _, a := range parts[1:] {
			k, n, _ := strings.Cut(strings.TrimSpace(a), "=")
			if strings.EqualFold(k, "max-age") && strings.TrimSpace(n) == "0" {
				return "", false
			}
		}
		v = decodeURIComponent(v)
		return v, v != ""
	}
	return "", false
}

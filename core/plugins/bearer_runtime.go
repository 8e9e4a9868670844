package plugins

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/authctl/authctl/core"
)

// The bearer plugin's runtime, Better Auth 1.7.5's
// src/plugins/bearer/index.ts: its before hook turns an
// "Authorization: Bearer <token>" header into the session cookie (a
// core.PluginRuntime.SessionCookie here, so that GetSession and
// Middleware honour it too), and its after hook copies a session cookie
// the response sets into the set-auth-token header.

var _ core.RuntimePlugin = (*bearerPlugin)(nil)

// bearerPlugin is Bearer's plugin, which also runs in the handler.
type bearerPlugin struct {
	*plugin
	o BearerOptions
}

// Init returns the plugin's session-cookie source and after hook.
func (p *bearerPlugin) Init(in *core.PluginInit) (*core.PluginRuntime, error) {
	b := &bearerRuntime{secret: in.Secret, requireSignature: p.o.RequireSignature}
	return &core.PluginRuntime{
		SessionCookie: b.sessionCookie,
		After:         []core.AfterHook{{Handler: b.setAuthToken}},
	}, nil
}

type bearerRuntime struct {
	secret           string
	requireSignature bool
}

// sessionCookie is the before hook: the signed session cookie value a
// bearer token stands for. A token with a dot is the signed value
// (URI-decoded when it has a "%"); one without is the bare session token,
// signed here unless RequireSignature. The signature is checked as 1.7.5
// does (leniently: the handler's cookie check is the strict one); a token
// that fails leaves the request's cookie alone.
func (b *bearerRuntime) sessionCookie(h http.Header) (string, bool) {
	auth := strings.Join(h.Values("Authorization"), ", ")
	if auth == "" || len(auth) < 7 || strings.ToLower(auth[:7]) != "bearer " {
		return "", false
	}
	token := strings.TrimFunc(auth[7:], isJSSpace)
	if token == "" {
		return "", false
	}
	var decoded string
	if strings.Contains(token, ".") {
		decoded = token
		if strings.Contains(token, "%") {
			decoded = tryDecodeURIComponent(token)
		}
	} else {
		if b.requireSignature {
			return "", false
		}
		// serializeSignedCookie("", token, secret), "=" dropped, decoded.
		decoded = token + "." + base64.StdEncoding.EncodeToString(b.mac(token))
	}
	parts := strings.Split(decoded, ".")
	sig, ok := jsBase64Decode(parts[1])
	if !ok || !hmac.Equal(sig, b.mac(parts[0])) {
		return "", false
	}
	return decoded, true
}

func (b *bearerRuntime) mac(value string) []byte {
	m := hmac.New(sha256.New, []byte(b.secret))
	m.Write([]byte(value))
	return m.Sum(nil)
}

// setAuthToken is the after hook: a response that sets the session
// cookie (not to expire it) exposes its value as set-auth-token.
func (b *bearerRuntime) setAuthToken(x *core.Context, _ *core.Result) error {
	token, ok := x.ResponseSessionCookie()
	if !ok {
		return nil
	}
	x.SetHeader("set-auth-token", token)
	exposeHeader(x, "set-auth-token")
	return nil
}

// exposeHeader adds name to Access-Control-Expose-Headers, keeping the
// names already there, as the bearer and jwt plugins do.
func exposeHeader(x *core.Context, name string) {
	var names []string
	seen := map[string]bool{}
	for _, n := range strings.Split(x.ResponseHeader("Access-Control-Expose-Headers")+","+name, ",") {
		if n = strings.TrimFunc(n, isJSSpace); n != "" && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	x.SetHeader("Access-Control-Expose-Headers", strings.Join(names, ", "))
}

// tryDecodeURIComponent is decodeURIComponent, or s when it throws (a bad
// escape or bytes that are not UTF-8).
func tryDecodeURIComponent(s string) string {
	d, err := url.PathUnescape(s)
	if err != nil || !utf8.ValidString(d) {
		return s
	}
	return d
}

// jsBase64Decode is @better-auth/utils' base64.decode: the URL alphabet
// when s has "-" or "_", else the standard one; it stops at the first
// "=", drops leftover bits and fails on any other character.
func jsBase64Decode(s string) ([]byte, bool) {
	alphabet := "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	if strings.ContainsAny(s, "-_") {
		alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	}
	var out []byte
	buf, bits := 0, 0
	for _, r := range s {
		if r == '=' {
			break
		}
		v := strings.IndexRune(alphabet, r)
		if v < 0 {
			return nil, false
		}
		buf = buf<<6 | v
		bits += 6
		if bits >= 8 {
			bits -= 8
			out = append(out, byte(buf>>bits))
		}
		buf &= 1<<bits - 1
	}
	return out, true
}

// isJSSpace is JavaScript's String.prototype.trim whitespace.
func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

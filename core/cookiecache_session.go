package core

import (
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The cookie cache on the request side: session_data written on sign-in,
// sign-up, update-user and get-session, read by get-session (and the
// endpoints that accept a cached session), chunked and expired as Better
// Auth 1.7.5's session store (better-auth/dist/cookies/session-store.mjs)
// does.

// cachedSession is a session_data payload that passed 1.7.5's schema
// (cookieCachePayloadSchema), with session and user in zod's output order.
type cachedSession struct {
	session, user *jsObject
	version       string
	expiresAt     float64 // when the cache expires, ms
}

type shapeKey struct {
	name string
	kind byte // 's' string, 'S' coerced string, 'd' date (default now), 'D' date, 'n' nullish string, 'b' bool (default false), 'e' email
}

// The zod shapes of @better-auth/core/db's sessionSchema and userSchema.
var (
	sessionShape = []shapeKey{{"id", 's'}, {"createdAt", 'd'}, {"updatedAt", 'd'}, {"userId", 'S'}, {"expiresAt", 'D'},
		{"token", 's'}, {"ipAddress", 'n'}, {"userAgent", 'n'}}
	userShape = []shapeKey{{"id", 's'}, {"createdAt", 'd'}, {"updatedAt", 'd'}, {"email", 'e'}, {"emailVerified", 'b'},
		{"name", 's'}, {"image", 'n'}}
)

// parseShape is a zod loose object parse: the shape's keys first (with
// their defaults), then the others in input order; nil when invalid.
func parseShape(v any, shape []shapeKey, now time.Time) *jsObject {
	in, _ := v.(*jsObject)
	if in == nil {
		return nil
	}
	out := newJSObject()
	known := map[string]bool{}
	for _, k := range shape {
		known[k.name] = true
		x, present := in.get(k.name)
		switch k.kind {
		case 's', 'e':
			s, ok := x.(string)
			if !ok {
				return nil
			}
			if k.kind == 'e' {
				s = strings.ToLower(s)
			}
			out.set(k.name, s)
		case 'S':
			switch y := x.(type) {
			case string:
				out.set(k.name, y)
			case float64:
				out.set(k.name, jsNumber(y))
			case bool:
				out.set(k.name, strconv.FormatBool(y))
			default:
				return nil
			}
		case 'd', 'D':
			if !present && k.kind == 'd' {
				out.set(k.name, now)
				continue
			}
			t, ok := x.(time.Time)
			if !ok {
				return nil
			}
			out.set(k.name, t)
		case 'n':
			if !present {
				continue
			}
			switch x.(type) {
			case string, nil:
				out.set(k.name, x)
			default:
				return nil
			}
		case 'b':
			if !present {
				out.set(k.name, false)
				continue
			}
			b, ok := x.(bool)
			if !ok {
				return nil
			}
			out.set(k.name, b)
		}
	}
	for _, k := range in.keys {
		if !known[k] {
			out.set(k, in.vals[k])
		}
	}
	return out
}

// parseCachePayload is parseCookieCachePayload.
func parseCachePayload(d *cacheDecoded, now time.Time) *cachedSession {
	p, _ := d.payload.(*jsObject)
	if p == nil {
		return nil
	}
	cs := &cachedSession{expiresAt: d.expiresAt}
	if cs.session = parseShape(p.vals["session"], sessionShape, now); cs.session == nil {
		return nil
	}
	if cs.user = parseShape(p.vals["user"], userShape, now); cs.user == nil {
		return nil
	}
	if u, ok := p.vals["updatedAt"].(float64); !ok || math.IsInf(u, 0) {
		return nil
	}
	if v, present := p.vals["version"]; present {
		s, ok := v.(string)
		if !ok {
			return nil
		}
		cs.version = s
	}
	if cs.version == "" {
		cs.version = "1"
	}
	return cs
}

// usable reports whether get-session may answer from the cache: the same
// session token, the configured version, neither the cache nor the cached
// session expired.
func (cs *cachedSession) usable(token, version string, now time.Time) bool {
	if t, _ := cs.session.vals["token"].(string); t != token || cs.version != version {
		return false
	}
	exp, _ := cs.session.vals["expiresAt"].(time.Time)
	return cs.expiresAt >= float64(now.UnixMilli()) && !exp.Before(now)
}

// outputObject is parseSessionOutput/parseUserOutput of the cached object: the
// fields the schema marks Returned: false left out.
func outputObject(m *model, o *jsObject) *jsObject {
	out := &jsObject{keys: nil, vals: map[string]any{}}
	hidden := map[string]bool{}
	for _, f := range m.fields {
		if !returned(f) {
			hidden[f.Name] = true
		}
	}
	for _, k := range o.keys {
		if !hidden[k] {
			out.set(k, o.vals[k])
		}
	}
	return out
}

// rows turns the cached session into records, for the endpoints and
// GetSession (nested values as JSON, integral numbers as int64).
func (cs *cachedSession) rows(st *store) *sessionRows {
	rec := func(o *jsObject) record {
		r := record{}
		for k, v := range o.vals {
			switch x := v.(type) {
			case float64:
				if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
					r[k] = int64(x)
				} else {
					r[k] = x
				}
			case []any, *jsObject:
				r[k] = json.RawMessage(jsStringify(nil, x))
			default:
				r[k] = x
			}
		}
		return r
	}
	s := &sessionRows{session: rec(cs.session), user: rec(cs.user)}
	b := jsStringify(jsonBuf(`{"session":`), outputObject(st.session, cs.session))
	b = jsStringify(append(b, `,"user":`...), outputObject(st.user, cs.user))
	s.cachedJSON = append(b, '}')
	return s
}

// cookiePairs is the Cookie header as better-auth's parseCookies reads it:
// names in order of first appearance, the last value winning.
func cookiePairs(headers []string) (names []string, vals map[string]string) {
	vals = map[string]string{}
	for _, part := range strings.Split(strings.Join(headers, "; "), ";") {
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			v = v[1 : len(v)-1]
		}
		if k == "" {
			continue
		}
		if _, seen := vals[k]; !seen {
			names = append(names, k)
		}
		vals[k] = decodeURIComponent(v)
	}
	return names, vals
}

// chunkIndex is parseCookieChunkIndex: name is base.N with N a canonical
// non-negative safe integer.
func chunkIndex(base, name string) (int64, bool) {
	suffix, ok := strings.CutPrefix(name, base+".")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(suffix, 10, 64)
	if err != nil || n < 0 || n > maxSafeInteger || strconv.FormatInt(n, 10) != suffix {
		return 0, false
	}
	return n, true
}

// existingChunks is readExistingChunks: the request's cookies named base
// or base.N, in header order.
func existingChunks(h []string, base string) []string {
	names, _ := cookiePairs(h)
	var out []string
	for _, n := range names {
		if _, ok := chunkIndex(base, n); ok || n == base {
			out = append(out, n)
		}
	}
	return out
}

// chunkedCookie is getChunkedCookie: the cookie, or its chunks joined in
// index order.
func chunkedCookie(h []string, base string) string {
	if v := parseCookies(h)[base]; v != "" {
		return v
	}
	names, vals := cookiePairs(h)
	type chunk struct {
		i int64
		v string
	}
	var cs []chunk
	for _, n := range names {
		if i, ok := chunkIndex(base, n); ok {
			cs = append(cs, chunk{i, vals[n]})
		}
	}
	sort.SliceStable(cs, func(a, b int) bool { return cs[a].i < cs[b].i })
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.v)
	}
	return b.String()
}

const (
	maxCookieSize   = 4050
	maxCookieChunks = 100
)

// setCookieCache is Better Auth's setCookieCache: the session and user
// encoded with the configured strategy into session_data, chunked when the
// cookie would pass 4050 bytes; the request's old chunks are expired
// first. dontRemember makes it a browser-session cookie.
func (c *call) setCookieCache(s *sessionRows, dontRemember bool) {
	cc := c.rt.cache()
	if !cc.enabled || s == nil || s.session == nil || s.user == nil {
		return
	}
	st := c.rt.st
	data := jsonBuf(`{"session":`).object(st.session, s.session)
	data = append(data, `,"user":`...).object(st.user, s.user)
	data = append(data, `,"updatedAt":`+strconv.FormatInt(c.now.UnixMilli(), 10)+`,"version":`...)
	data = append(data.str(cc.version), '}')
	maxAge := cc.maxAge
	if dontRemember {
		maxAge = -1
	}
	value, err := c.rt.encodeCookieCache(data, maxAge, c.now)
	if err != nil {
		c.rt.log.Error("better-auth: cannot encode the cookie cache", "err", err)
		return
	}
	name := c.rt.names.sessionData
	var order []string
	lines := map[string]string{}
	put := func(n, line string) {
		if _, ok := lines[n]; !ok {
			order = append(order, n)
		}
		lines[n] = line
	}
	for _, n := range existingChunks(c.r.Header.Values("Cookie"), name) {
		put(n, c.rt.attrs.header(n, "", 0))
	}
	size := maxCookieSize - len(c.rt.attrs.header(name+"."+strconv.Itoa(maxCookieChunks-1), "", maxAge))
	count := maxCookieChunks + 1
	if size > 0 {
		count = (len(value) + size - 1) / size
	}
	switch {
	case count <= 1:
		put(name, c.rt.attrs.header(name, value, maxAge))
	case count > maxCookieChunks:
		c.rt.log.Warn("Session cookie is too large to store even after chunking, so the cookie cache was skipped. " +
			"Reduce the cached data size or avoid storing this data in cookies.")
	default:
		for i := 0; i < count; i++ {
			n := name + "." + strconv.Itoa(i)
			put(n, c.rt.attrs.header(n, value[i*size:min((i+1)*size, len(value))], maxAge))
		}
	}
	for _, n := range order {
		c.jar.add(n, lines[n])
	}
}

// cleanCookieCache is the session store's clean(): every session_data
// cookie (or chunk) the request sent is expired.
func (c *call) cleanCookieCache() {
	for _, n := range existingChunks(c.r.Header.Values("Cookie"), c.rt.names.sessionData) {
		c.jar.add(n, c.rt.attrs.header(n, "", 0))
	}
}

// expireCookie is Better Auth's expireCookie: earlier lines for the cookie
// and its chunks are dropped, and an expiring line added.
func (c *call) expireCookie(name string) {
	c.jar.dropPrefix(name)
	c.jar.add(name, c.rt.attrs.header(name, "", 0))
}

// cookieCacheRows is the session and user setSessionCookie caches for
// token: the request's session with its user re-read (update-user caches
// the updated user with the session it authenticated), else both read by
// token.
func (c *call) cookieCacheRows(token string) *sessionRows {
	ctx := c.r.Context()
	if c.sess != nil && c.sess.token() == token {
		user, err := c.store().findOne(ctx, c.rt.st.user, cond{"id", c.sess.userID()})
		if err != nil || user == nil {
			user = c.sess.user
		}
		return &sessionRows{session: c.sess.session, user: user}
	}
	session, user, err := c.rt.sessionAndUser(ctx, c.store(), token)
	if err != nil || session == nil {
		if err != nil {
			c.rt.log.Error("better-auth: cannot read the session to cache", "err", redactDBError(err))
		}
		return nil
	}
	return &sessionRows{session: session, user: user}
}

// cachedFromHeader reads a usable session_data cookie for token from the
// Cookie headers h, or nil (GetSession's cache read: it writes nothing).
func (rt *runtime) cachedFromHeader(h []string, token string, now time.Time) *sessionRows {
	cc := rt.cache()
	if !cc.enabled {
		return nil
	}
	data := chunkedCookie(h, rt.names.sessionData)
	if data == "" {
		return nil
	}
	d, err := rt.decodeCookieCache(data, now)
	if err != nil || d == nil {
		return nil
	}
	cs := parseCachePayload(d, now)
	if cs == nil || !cs.usable(token, cc.version, now) {
		return nil
	}
	return cs.rows(rt.st)
}

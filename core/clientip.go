package core

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
)

// The client address, as Better Auth 1.7.5 finds it (getIP and
// getIPFromHeader in @better-auth/core/dist/utils/ip.mjs): the configured
// headers in order (default X-Forwarded-For). Without trusted proxies only
// a header holding a single valid address counts; with them the header's
// chain is walked from the right, skipping trusted proxies, and the first
// other address is the client's (a malformed hop voids the header).
// Addresses are normalised as normalizeIP does: IPv4-mapped IPv6 becomes
// IPv4, IPv6 is written in full (eight four-digit lowercase groups) and
// masked to its /64 (IPv6Subnet), so that one host cannot rotate through
// its subnet.
//
// Where Go knows more than 1.7.5 it is stricter:
//   - With TrustedProxies set, the connection's own address is the last hop:
//     when it is not a trusted proxy the client connected directly, and its
//     forwarded headers are its own claims, ignored. (1.7.5 cannot see the
//     connection and believes the header from anyone.) A connection without
//     an IP address (a Unix socket) counts as a trusted proxy.
//   - Without TrustedProxies and a usable header the client is the
//     connection's address, not one bucket shared by everyone (1.7.5 has no
//     address then, and uses 127.0.0.1 in development).
//   - A TrustedProxies entry that is neither an address nor a CIDR range
//     makes Open fail (1.7.5 logs and ignores it).

// clientIPConfig is Advanced.IPAddress resolved by Open.
type clientIPConfig struct {
	disabled bool
	headers  []string
	subnet   int
	proxies  []cidr
}

func newClientIPConfig(o IPAddressOptions) (clientIPConfig, error) {
	c := clientIPConfig{disabled: o.DisableTracking, headers: o.Headers, subnet: o.IPv6Subnet}
	if len(c.headers) == 0 {
		c.headers = []string{"X-Forwarded-For"}
	}
	if c.subnet == 0 {
		c.subnet = 64
	}
	for _, p := range o.TrustedProxies {
		n, ok := parseCIDR(strings.TrimSpace(p))
		if !ok {
			return c, fmt.Errorf("Advanced.IPAddress.TrustedProxies: %q is not an IP address or CIDR range", p)
		}
		c.proxies = append(c.proxies, n)
	}
	return c, nil
}

// clientIP is the session's ipAddress and the rate-limit key's address;
// "" when tracking is disabled or no address is known.
func (rt *runtime) clientIP(r *http.Request) string {
	c := &rt.ip
	if c.disabled {
		return ""
	}
	peer := r.RemoteAddr
	if host, _, err := net.SplitHostPort(peer); err == nil {
		peer = host
	}
	if i := strings.IndexByte(peer, '%'); i >= 0 {
		peer = peer[:i] // a zone (fe80::1%eth0) is no part of the address
	}
	if !isValidIP(peer) {
		peer = ""
	}
	if len(c.proxies) > 0 && peer != "" && !c.trusted(ipToBytes(peer)) {
		return normalizeIP(peer, c.subnet)
	}
	for _, h := range c.headers {
		vals := r.Header.Values(h)
		if len(vals) == 0 {
			continue
		}
		if ip := ipFromHeader(strings.Join(vals, ", "), c.subnet, c.proxies); ip != "" {
			return ip
		}
	}
	if peer == "" || len(c.proxies) > 0 {
		return "" // 1.7.5: a trusted proxy named no client
	}
	return normalizeIP(peer, c.subnet)
}

func (c *clientIPConfig) trusted(ip []byte) bool {
	for _, p := range c.proxies {
		if p.contains(ip) {
			return true
		}
	}
	return false
}

// ipFromHeader is getIPFromHeader.
func ipFromHeader(value string, subnet int, proxies []cidr) string {
	var hops []string
	for _, s := range strings.Split(value, ",") {
		if s = strings.TrimSpace(s); s != "" {
			hops = append(hops, s)
		}
	}
	if len(hops) == 0 {
		return ""
	}
	if len(proxies) > 0 {
		c := clientIPConfig{proxies: proxies}
		for i := len(hops) - 1; i >= 0; i-- {
			b := ipToBytes(hops[i])
			if b == nil {
				return ""
			}
			if c.trusted(b) {
				continue
			}
			return normalizeIP(hops[i], subnet)
		}
		return ""
	}
	if len(hops) != 1 || !isValidIP(hops[0]) {
		return ""
	}
	return normalizeIP(hops[0], subnet)
}

// ipv4RE is zod's ipv4 format, which 1.7.5 validates with.
var ipv4RE = regexp.MustCompile(`^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])$`)

func isIPv4(s string) bool { return ipv4RE.MatchString(s) }

// isIPv6 is zod's ipv6 check: hex digits, colons and dots only, and a
// valid IPv6 literal.
func isIPv6(s string) bool {
	if s == "" || strings.Trim(s, "0123456789abcdefABCDEF:.") != "" {
		return false
	}
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is6()
}

func isValidIP(s string) bool { return isIPv4(s) || isIPv6(s) }

// normalizeIP is 1.7.5's normalizeIP, string for string (the result is
// stored in session.ipAddress and in rate-limit keys that a TypeScript
// server may share).
func normalizeIP(ip string, subnet int) string {
	if isIPv4(ip) || !isIPv6(ip) {
		return strings.ToLower(ip)
	}
	if v4 := ipv4FromMapped(ip); v4 != "" {
		return strings.ToLower(v4)
	}
	return normalizeIPv6(ip, subnet)
}

// ipv4FromMapped is extractIPv4FromMapped ("" when ip is not mapped).
func ipv4FromMapped(ip string) string {
	lower := strings.ToLower(ip)
	if strings.HasPrefix(lower, "::ffff:") && isIPv4(lower[7:]) {
		return lower[7:]
	}
	if parts := strings.Split(ip, ":"); len(parts) == 7 && strings.ToLower(parts[5]) == "ffff" && isIPv4(parts[6]) {
		return parts[6]
	}
	if strings.Contains(lower, "::ffff:") || strings.Contains(lower, ":ffff:") {
		g := expandIPv6(ip) // not lowercased: "::FFFF:c000:201" stays IPv6, as in 1.7.5
		if len(g) == 8 && g[0] == "0000" && g[1] == "0000" && g[2] == "0000" && g[3] == "0000" && g[4] == "0000" &&
			g[5] == "ffff" && g[6] != "" && g[7] != "" {
			return fmt.Sprintf("%d.%d.%d.%d", parseHex(prefix(g[6], 0, 2)), parseHex(prefix(g[6], 2, 4)),
				parseHex(prefix(g[7], 0, 2)), parseHex(prefix(g[7], 2, 4)))
		}
	}
	return ""
}

// prefix is JavaScript's s.substring(from, to) for from <= to.
func prefix(s string, from, to int) string {
	return s[min(from, len(s)):min(to, len(s))]
}

// parseHex is Number.parseInt(s, 16) for the strings expandIPv6 makes: the
// leading hex digits, NaN (0 here, as NaN & 255 is) without any.
func parseHex(s string) int {
	n := 0
	for i := 0; i < len(s) && n < 1<<40; i++ {
		d := strings.IndexByte("0123456789abcdef", lowerASCII(s[i]))
		if d < 0 {
			break
		}
		n = n*16 + d
	}
	return n
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// expandIPv6 is 1.7.5's expandIPv6: eight groups, each padded to four
// characters (an embedded IPv4 stays one group, as there).
func expandIPv6(ip string) []string {
	pad := func(gs []string) []string {
		for i, g := range gs {
			if len(g) < 4 {
				gs[i] = strings.Repeat("0", 4-len(g)) + g
			}
		}
		return gs
	}
	if left, right, ok := strings.Cut(ip, "::"); ok {
		right, _, _ = strings.Cut(right, "::")
		var l, r []string
		if left != "" {
			l = strings.Split(left, ":")
		}
		if right != "" {
			r = strings.Split(right, ":")
		}
		out := pad(l)
		for range max(0, 8-len(l)-len(r)) {
			out = append(out, "0000")
		}
		return append(out, pad(r)...)
	}
	return pad(strings.Split(ip, ":"))
}

// normalizeIPv6 is 1.7.5's normalizeIPv6: the full form, masked to subnet
// bits below 128 (a negative subnet masks everything).
func normalizeIPv6(ip string, subnet int) string {
	g := expandIPv6(ip)
	if subnet < 128 {
		bits := max(0, subnet)
		for i, group := range g {
			switch {
			case bits <= 0:
				g[i] = "0000"
			case bits >= 16:
				bits -= 16
			default:
				g[i] = fmt.Sprintf("%04x", parseHex(group)&(0xffff<<(16-bits)&0xffff))
				bits = 0
			}
		}
	}
	return strings.ToLower(strings.Join(g, ":"))
}

// ipToBytes is 1.7.5's ipToBytes: 4 bytes for IPv4 (mapped IPv6 included),
// 16 for IPv6, nil for anything else.
func ipToBytes(ip string) []byte {
	v4 := ""
	switch {
	case isIPv4(ip):
		v4 = ip
	case !isIPv6(ip):
		return nil
	default:
		v4 = ipv4FromMapped(ip)
	}
	if v4 != "" {
		b := make([]byte, 4)
		for i, o := range strings.Split(v4, ".") {
			n, _ := strconv.Atoi(o)
			b[i] = byte(n)
		}
		return b
	}
	b := make([]byte, 16)
	for i, g := range expandIPv6(ip) {
		if i < 8 {
			n := parseHex(g)
			b[2*i], b[2*i+1] = byte(n>>8), byte(n)
		}
	}
	return b
}

// cidr is a trusted proxy: an address and a prefix length.
type cidr struct {
	ip   []byte
	bits int
}

var digits = regexp.MustCompile(`^[0-9]+$`)

// parseCIDR is 1.7.5's parseCIDR: "ip" or "ip/bits".
func parseCIDR(s string) (cidr, bool) {
	addr, bits, hasBits := s, "", false
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		addr, bits, hasBits = s[:i], s[i+1:], true
	}
	b := ipToBytes(addr)
	if b == nil {
		return cidr{}, false
	}
	n := cidr{ip: b, bits: 8 * len(b)}
	if hasBits {
		if !digits.MatchString(bits) {
			return cidr{}, false
		}
		v, err := strconv.Atoi(bits)
		if err != nil || v > 8*len(b) {
			return cidr{}, false
		}
		n.bits = v
	}
	return n, true
}

// contains is matchesCIDR.
func (n cidr) contains(ip []byte) bool {
	if len(ip) != len(n.ip) {
		return false
	}
	left := n.bits
	for i := 0; i < len(ip) && left > 0; i++ {
		mask := byte(0xff)
		if left < 8 {
			mask = byte(0xff << (8 - left))
		}
		if ip[i]&mask != n.ip[i]&mask {
			return false
		}
		left -= 8
	}
	return true
}

// Forwarded host and protocol (Advanced.TrustedProxyHeaders), validated as
// 1.7.5's validateProxyHeader does.
var (
	badProxyHost = []*regexp.Regexp{
		regexp.MustCompile(`\.\.`), regexp.MustCompile(`\x00`), regexp.MustCompile(`\s`), regexp.MustCompile(`^[.]`),
		regexp.MustCompile(`[<>'"]`), regexp.MustCompile(`(?i)javascript:`), regexp.MustCompile(`(?i)file:`), regexp.MustCompile(`(?i)data:`),
	}
	goodProxyHost = []*regexp.Regexp{
		regexp.MustCompile(`^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*(:[0-9]{1,5})?$`),
		regexp.MustCompile(`^(\d{1,3}\.){3}\d{1,3}(:[0-9]{1,5})?$`),
		regexp.MustCompile(`^\[[0-9a-fA-F:]+\](:[0-9]{1,5})?$`),
		regexp.MustCompile(`(?i)^localhost(:[0-9]{1,5})?$`),
	}
)

func validProxyHost(h string) bool {
	if strings.TrimSpace(h) == "" {
		return false
	}
	for _, re := range badProxyHost {
		if re.MatchString(h) {
			return false
		}
	}
	for _, re := range goodProxyHost {
		if re.MatchString(h) {
			return true
		}
	}
	return false
}

package core

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// ipCorpus are header values: valid, odd and malformed addresses and
// chains.
var ipCorpus = []string{
	"1.2.3.4", " 1.2.3.4 ", "01.2.3.4", "255.255.255.255", "255.255.255.256", "0.0.0.0", "1.2.3", "1.2.3.4.5",
	"::ffff:1.2.3.4", "::FFFF:1.2.3.4", "::ffff:c000:0201", "::FFFF:c000:0201", "0:0:0:0:0:ffff:1.2.3.4", "0:0:0:0:0:FFFF:102:304",
	"::ffff:1.2.3", "::192.0.2.1", "2001:db8::1.2.3.4", "64:ff9b::192.0.2.33",
	"2001:DB8::1", "2001:db8:0:0:0:0:2:1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "::", "::1", "fe80::1",
	"fe80::1%eth0", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::1", "[::1]", "1.2.3.4:80", "::g", "2001:db8:abcd:12ff:ffff:ffff:ffff:ffff",
	"1.2.3.4, 5.6.7.8", "1.2.3.4,5.6.7.8", "5.6.7.8, 10.0.0.1", "1.2.3.4, 5.6.7.8, 10.0.0.1, 10.1.1.1", "1.2.3.4, ,10.0.0.1",
	"junk, 10.0.0.1", "1.2.3.4, junk, 10.0.0.1", "10.0.0.1, 10.0.0.2", "2001:db8:1::1, 2001:db8:ffff::1", "::ffff:10.0.0.9",
	"2001:db8:1::1, ::ffff:10.0.0.9", ",", "", "  ", "unknown",
}

type ipConfig struct {
	Subnet  *int     `json:"ipv6Subnet,omitempty"`
	Proxies []string `json:"trustedProxies,omitempty"`
}

// Go's address parsing is string-for-string 1.7.5's getIPFromHeader and
// normalizeIP (run by node on the same corpus).
func TestRateLimitIPNormalisationMatchesTypeScript(t *testing.T) {
	dir, err := filepath.Abs("../testdata/npm-wire")
	if err != nil {
		t.Fatal(err)
	}
	node, err := exec.LookPath("node")
	ipMod := filepath.Join(dir, "node_modules", "@better-auth", "core", "dist", "utils", "ip.mjs")
	if _, statErr := os.Stat(ipMod); err != nil || statErr != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("node or %s missing under CI", ipMod)
		}
		t.Skip("node or testdata/npm-wire/node_modules missing")
	}
	n := func(v int) *int { return &v }
	configs := []ipConfig{
		{}, {Subnet: n(128)}, {Subnet: n(48)}, {Subnet: n(57)}, {Subnet: n(0)}, {Subnet: n(-3)}, {Subnet: n(200)},
		{Proxies: []string{"10.0.0.0/8"}},
		{Proxies: []string{"10.0.0.1", "10.1.1.1", "2001:db8:ffff::/48"}, Subnet: n(128)},
		{Proxies: []string{"::ffff:10.0.0.0/8"}}, // invalid (prefix over 32 bits): ignored by 1.7.5
		{Proxies: []string{"10.0.0.0/8", "bogus", "10.0.0.0/08"}},
	}
	js := `import { readFileSync } from "node:fs";
const ip = await import(process.argv[2]);
const { corpus, configs } = JSON.parse(readFileSync(0, "utf8"));
const out = configs.map((c) => corpus.map((v) => [ip.getIPFromHeader(v, c) ?? "", ip.isValidIP(v.trim()) ? ip.normalizeIP(v.trim(), { ipv6Subnet: c.ipv6Subnet }) : null]));
process.stdout.write(JSON.stringify(out));
`
	tmp := filepath.Join(t.TempDir(), "ip.mjs")
	if err := os.WriteFile(tmp, []byte(js), 0o644); err != nil {
		t.Fatal(err)
	}
	in, _ := json.Marshal(map[string]any{"corpus": ipCorpus, "configs": configs})
	cmd := exec.Command(node, tmp, ipMod)
	cmd.Stdin = strings.NewReader(string(in))
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v %s", err, raw)
	}
	var want [][][2]*string
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	for ci, c := range configs {
		subnet := 64
		if c.Subnet != nil {
			subnet = *c.Subnet
			if subnet == 0 {
				subnet = -1 // 1.7.5's 0 is Go's negative (0 means the default)
			}
		}
		var proxies []cidr
		for _, p := range c.Proxies {
			if n, ok := parseCIDR(p); ok {
				proxies = append(proxies, n)
			}
		}
		for vi, v := range ipCorpus {
			if got := ipFromHeader(v, subnet, proxies); got != *want[ci][vi][0] {
				t.Errorf("config %+v, %q: getIPFromHeader Go %q, TypeScript %q", c, v, got, *want[ci][vi][0])
			}
			if w := want[ci][vi][1]; w != nil {
				if got := normalizeIP(strings.TrimSpace(v), subnet); got != *w {
					t.Errorf("config %+v, %q: normalizeIP Go %q, TypeScript %q", c, v, got, *w)
				}
			}
		}
	}
}

// Trusted proxy entries that 1.7.5 ignores make Open fail in Go.
func TestRateLimitTrustedProxyEntries(t *testing.T) {
	for _, p := range []string{"10.0.0.0/8", "10.0.0.1", "2001:db8::/32", "::ffff:10.0.0.1", "0.0.0.0/0", " 10.0.0.0/8 "} {
		if _, err := newClientIPConfig(IPAddressOptions{TrustedProxies: []string{p}}); err != nil {
			t.Errorf("%q: %v", p, err)
		}
	}
	for _, p := range []string{"bogus", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/+8", "::ffff:10.0.0.0/104", "fe80::1%eth0", ""} {
		if _, err := newClientIPConfig(IPAddressOptions{TrustedProxies: []string{p}}); err == nil {
			t.Errorf("%q accepted", p)
		}
	}
}

package core

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The secret resolution and the symmetric encryption checked against
// Better Auth 1.7.5 itself: node runs its createAuthContext (through
// betterAuth().$context) and its symmetricEncrypt/symmetricDecrypt from
// testdata/npm-wire/node_modules. Skipped without node and those modules,
// failed under CI.

// runNode runs the ES module script (resolved from testdata/npm-wire) with
// in as JSON on stdin and decodes its JSON output into out.
func runNode(t *testing.T, script string, in, out any, env ...string) {
	t.Helper()
	dir, node := npmWire(t)
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "--input-type=module", "-e", script)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); !strings.Contains(name, "SECRET") && name != "NODE_ENV" && name != "TEST" {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdin = bytes.NewReader(raw)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	res, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	if err := json.Unmarshal(res, out); err != nil {
		t.Fatalf("node output %q: %v", res, err)
	}
}

const contextScript = `
import { betterAuth } from "better-auth";
import { readFileSync } from "node:fs";
const safe = (v) => Number.isSafeInteger(v) ? v : -1; // for Go's int
const out = [];
for (const c of JSON.parse(readFileSync(0, "utf8"))) {
  for (const k of ["BETTER_AUTH_SECRETS", "BETTER_AUTH_SECRET", "AUTH_SECRET"]) {
    if (c.env && k in c.env) process.env[k] = c.env[k]; else delete process.env[k];
  }
  const warns = [];
  const opts = { baseURL: "http://localhost:3000", logger: { level: "warn", log: (l, m) => warns.push(m) } };
  if (c.secret !== "") opts.secret = c.secret;
  if (c.secrets !== null) opts.secrets = c.secrets.map((s) => ({ version: s.Version, value: s.Value }));
  try {
    const ctx = await betterAuth(opts).$context;
    const cfg = ctx.secretConfig;
    out.push({ secret: ctx.secret, warns, versioned: typeof cfg !== "string",
      keys: typeof cfg === "string" ? null : [...cfg.keys].map(([version, value]) => ({ version: safe(version), value })),
      current: typeof cfg === "string" ? 0 : safe(cfg.currentVersion), legacy: typeof cfg === "string" ? "" : cfg.legacySecret ?? "" });
  } catch (e) { out.push({ error: e.message, warns }); }
}
console.log(JSON.stringify(out));
`

type contextCase struct {
	Env     map[string]string `json:"env"`
	Secret  string            `json:"secret"`
	Secrets []VersionedSecret `json:"secrets"`
	// goErr is the Go error where it deliberately differs (not echoing
	// a secret; versions JavaScript cannot tell apart).
	goErr string
}

type contextResult struct {
	Error     string            `json:"error"`
	Warns     []string          `json:"warns"`
	Secret    string            `json:"secret"`
	Versioned bool              `json:"versioned"`
	Keys      []VersionedSecret `json:"keys"`
	Current   int               `json:"current"`
	Legacy    string            `json:"legacy"`
}

// captureLog is a logger that keeps the messages of its records.
type captureLog struct{ msgs *[]string }

func (h captureLog) Enabled(context.Context, slog.Level) bool { return true }
func (h captureLog) Handle(_ context.Context, r slog.Record) error {
	*h.msgs = append(*h.msgs, r.Message)
	return nil
}
func (h captureLog) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h captureLog) WithGroup(string) slog.Handler      { return h }

func TestSecretsResolveMatchesTypeScript(t *testing.T) {
	const (
		strong  = "Xq7vR2mK9pL4wN8sT1yB6cF3hJ5dG0zA"
		strong2 = "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1eF"
		strong3 = "kM2nP4qR6tV8xZ0aC2eG4iK6mO8qS0uW"
		emoji   = "😀a😀a😀a😀a😀a😀a😀a😀a😀a😀a"
	)
	env := func(kv ...string) map[string]string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	entry := func(n int) string {
		return `Invalid BETTER_AUTH_SECRETS entry ` + string(rune('0'+n)) + `. Expected format: "<version>:<secret>"`
	}
	badVersion := func(n int) string {
		return `Invalid version in BETTER_AUTH_SECRETS entry ` + string(rune('0'+n)) + `. Version must be a non-negative integer.`
	}
	cases := map[bool][]contextCase{
		false: {
			{Env: env()},
			{Env: env("BETTER_AUTH_SECRETS", "")},
			{Secret: "short"},
			{Env: env("AUTH_SECRET", strong)},
			{Env: env("BETTER_AUTH_SECRET", strong2, "AUTH_SECRET", strong)},
			{Secret: strong3, Env: env("BETTER_AUTH_SECRET", strong2)},
			{Env: env("BETTER_AUTH_SECRET", emoji)},
			{Env: env("BETTER_AUTH_SECRET", strings.Repeat("é", 40))},
			{Env: env("BETTER_AUTH_SECRETS", "2:new, 1:old")},
			{Env: env("BETTER_AUTH_SECRETS", "2:"+strong+",1:"+strong2, "BETTER_AUTH_SECRET", strong3)},
			{Env: env("BETTER_AUTH_SECRETS", "2:"+strong, "BETTER_AUTH_SECRET", defaultSecret)},
			{Secret: strong3, Env: env("BETTER_AUTH_SECRETS", "1:"+strong)},
			{Env: env("BETTER_AUTH_SECRETS", " 2x : "+strong+" ,+1:\u3000"+strong2+"\ufeff, 007 :"+strong3)},
			{Env: env("BETTER_AUTH_SECRETS", "\ufeff3:"+emoji+"\u2028")},
			{Secrets: []VersionedSecret{{3, strong}, {9, strong2}}, Env: env("BETTER_AUTH_SECRETS", "1:"+strong3, "BETTER_AUTH_SECRET", strong2)},
			{Secrets: []VersionedSecret{{0, "  "}}},
			{Secrets: []VersionedSecret{}, Env: env("BETTER_AUTH_SECRETS", "1:"+strong3)},
			{Secrets: []VersionedSecret{{-1, strong}}},
			{Secrets: []VersionedSecret{{1, strong}, {2, ""}}},
			{Secrets: []VersionedSecret{{1, strong}, {2, strong2}, {1, strong3}}},
			{Env: env("BETTER_AUTH_SECRETS", "hunter2"), goErr: entry(1)},
			{Env: env("BETTER_AUTH_SECRETS", "1:"+strong+", "), goErr: entry(2)},
			{Env: env("BETTER_AUTH_SECRETS", "\u00853:"+strong), goErr: badVersion(1)},
			{Env: env("BETTER_AUTH_SECRETS", "1:"+strong+",abc:hunter2"), goErr: badVersion(2)},
			{Env: env("BETTER_AUTH_SECRETS", "-1:hunter2"), goErr: badVersion(1)},
			{Env: env("BETTER_AUTH_SECRETS", "4:\t")},
			{Env: env("BETTER_AUTH_SECRETS", "1:"+strong+",1:"+strong2)},
			{Env: env("BETTER_AUTH_SECRETS", "0:"+strong+",-0:"+strong2)},
			{Env: env("BETTER_AUTH_SECRETS", "99999999999999999999:"+strong), goErr: "Invalid version in BETTER_AUTH_SECRETS entry 1. Version must be a non-negative integer no larger than 9007199254740991."},
		},
		true: {
			{Env: env()},
			{Secret: defaultSecret},
			{Env: env("BETTER_AUTH_SECRET", strong)},
			{Env: env("BETTER_AUTH_SECRETS", "1:"+strong)},
		},
	}
	for _, production := range []bool{false, true} {
		var ts []contextResult
		nodeEnv := "NODE_ENV="
		if production {
			nodeEnv = "NODE_ENV=production"
		}
		runNode(t, contextScript, cases[production], &ts, nodeEnv)
		for i, c := range cases[production] {
			name, _ := json.Marshal(c)
			want := ts[i]
			var msgs []string
			k, err := resolveSecrets(Options{Secret: c.Secret, Secrets: c.Secrets}, func(n string) string { return c.Env[n] }, production, slog.New(captureLog{&msgs}))
			switch {
			case production && want.Error != "":
				// 1.7.5: "You are using the default secret. …"
				if err == nil || !strings.HasPrefix(err.Error(), "no secret in production: ") {
					t.Errorf("%s (production): Go %v, TypeScript %q", name, err, want.Error)
				}
				continue
			case c.goErr != "":
				if err == nil || err.Error() != c.goErr {
					t.Errorf("%s: Go %v, want %s (TypeScript %q)", name, err, c.goErr, want.Error)
				}
				continue
			case want.Error != "" || err != nil:
				if err == nil || err.Error() != want.Error {
					t.Errorf("%s: Go %v, TypeScript %q", name, err, want.Error)
				}
				continue
			}
			got := contextResult{Secret: k.current, Versioned: k.versioned, Keys: k.keys, Legacy: k.legacy}
			if k.versioned {
				got.Current = k.keys[0].Version
			}
			got.Warns = []string{}
			for _, m := range msgs {
				if strings.Contains(m, "public default secret") {
					if k.current != defaultSecret {
						t.Errorf("%s: default-secret warning with another secret", name)
					}
					continue
				}
				m = strings.Replace(m, "better-auth: ", "[better-auth] Warning: ", 1)
				got.Warns = append(got.Warns, strings.Replace(m, "`authctl secret`", "`npx auth secret`", 1))
			}
			if (k.current == defaultSecret) != slices.ContainsFunc(msgs, func(m string) bool { return strings.Contains(m, "public default secret") }) {
				t.Errorf("%s: default-secret warning %q", name, msgs)
			}
			want.Warns = append([]string{}, want.Warns...)
			gotJSON, _ := json.Marshal(got)
			wantJSON, _ := json.Marshal(want)
			if !bytes.Equal(gotJSON, wantJSON) {
				t.Errorf("%s:\nGo         %s\nTypeScript %s", name, gotJSON, wantJSON)
			}
		}
	}
}

const cryptoScript = `
import { symmetricEncrypt, symmetricDecrypt } from "better-auth/crypto";
import { readFileSync } from "node:fs";
const key = (k) => typeof k === "string" ? k : { keys: new Map(k.keys.map((s) => [s.Version, s.Value])), currentVersion: k.keys[0].Version, legacySecret: k.legacy || undefined };
const out = [];
for (const op of JSON.parse(readFileSync(0, "utf8"))) {
  try {
    out.push({ value: await (op.encrypt ? symmetricEncrypt : symmetricDecrypt)({ key: key(op.key), data: op.data }) });
  } catch (e) { out.push({ error: String(e.message || e) }); }
}
console.log(JSON.stringify(out));
`

// tsKey is a secretConfig as cryptoScript reads it: the one secret, or the
// versioned keys and the legacy secret.
func tsKey(k secretConfig) any {
	if !k.versioned {
		return k.current
	}
	return map[string]any{"keys": k.keys, "legacy": k.legacy}
}

type cryptoOp struct {
	Encrypt bool   `json:"encrypt"`
	Key     any    `json:"key"`
	Data    string `json:"data"`
}

type cryptoResult struct {
	Value string `json:"value"`
	Error string `json:"error"`
}

func TestSecretsSymmetricEncryptionWithTypeScript(t *testing.T) {
	rotated := secretConfig{current: "new-secret", versioned: true, keys: []VersionedSecret{{2, "new-secret"}, {1, "old-secret"}}, legacy: "legacy-secret"}
	noLegacy := rotated
	noLegacy.legacy = ""
	oldOnly := secretConfig{current: "old-secret", versioned: true, keys: []VersionedSecret{{1, "old-secret"}}}
	retired := secretConfig{current: "gone", versioned: true, keys: []VersionedSecret{{3, "gone"}}}
	legacy := secretConfig{current: "legacy-secret"}
	plain := secretConfig{current: defaultSecret}
	texts := []string{"", "hello", "héllo 😀 wörld", "\ufeffleading BOM", `{"privateKey":"…"}`, strings.Repeat("long ", 400)}

	// 1. TypeScript encrypts, with every kind of key.
	var ops []cryptoOp
	for _, k := range []secretConfig{rotated, oldOnly, retired, legacy, plain} {
		for _, s := range texts {
			ops = append(ops, cryptoOp{Encrypt: true, Key: tsKey(k), Data: s})
		}
	}
	var enc []cryptoResult
	runNode(t, cryptoScript, ops, &enc)

	// 2. Go decrypts those as TypeScript does (decrypting them in
	// TypeScript too), and encrypts the texts for TypeScript to decrypt.
	var dec []cryptoOp
	for i, r := range enc {
		if r.Error != "" {
			t.Fatalf("TypeScript encrypt %d: %s", i, r.Error)
		}
		for _, k := range []secretConfig{rotated, noLegacy, plain} {
			dec = append(dec, cryptoOp{Key: tsKey(k), Data: r.Value})
		}
	}
	for _, k := range []secretConfig{rotated, plain} {
		for _, s := range texts {
			ct, err := k.encrypt(s)
			if err != nil {
				t.Fatal(err)
			}
			if k.versioned != strings.HasPrefix(ct, "$ba$2$") {
				t.Errorf("Go ciphertext %.20s…", ct)
			}
			dec = append(dec, cryptoOp{Key: tsKey(k), Data: ct})
			// An envelope version as parseInt reads it.
			if k.versioned {
				dec = append(dec, cryptoOp{Key: tsKey(k), Data: "$ba$ 02x$" + strings.TrimPrefix(ct, "$ba$2$")})
			}
		}
	}
	// Bytes that are not UTF-8, as TextDecoder decodes them.
	for _, s := range []string{"\xe2\x82A", "\xf0\x9f\x98", "\xed\xa0\x80z", "\xc0\xaf", "\xef\xbb\xbf\xef\xbb\xbfx", "\xff\xfe", "a\xf4\x90\x80\x80b", "\xe0\x80\x80", "\xf1\x80\x80"} {
		ct, err := rawEncrypt("legacy-secret", s)
		if err != nil {
			t.Fatal(err)
		}
		dec = append(dec, cryptoOp{Key: tsKey(legacy), Data: ct})
	}
	// Tampered, truncated, not hex, no envelope secret.
	good, _ := rotated.encrypt("x")
	dec = append(dec,
		cryptoOp{Key: tsKey(rotated), Data: good[:len(good)-2] + "00"},
		cryptoOp{Key: tsKey(rotated), Data: good[:30]},
		cryptoOp{Key: tsKey(rotated), Data: "$ba$2$zz"},
		cryptoOp{Key: tsKey(rotated), Data: "$ba$x$" + good[6:]},
		cryptoOp{Key: tsKey(rotated), Data: "$ba$-1$" + good[6:]},
		cryptoOp{Key: tsKey(plain), Data: good},
	)
	var res []cryptoResult
	runNode(t, cryptoScript, dec, &res)
	for i, op := range dec {
		var k secretConfig
		for _, c := range []secretConfig{rotated, noLegacy, oldOnly, retired, legacy, plain} {
			if b1, b2 := mustJSON(tsKey(c)), mustJSON(op.Key); b1 == b2 {
				k = c
				break
			}
		}
		got, err := k.decrypt(op.Data)
		want := res[i]
		if (err != nil) != (want.Error != "") || got != want.Value {
			t.Errorf("decrypt %.40q… with %s: Go %q, %v; TypeScript %q, %s", op.Data, mustJSON(op.Key), got, err, want.Value, want.Error)
		}
		if err != nil && (strings.Contains(err.Error(), "secret-") || strings.Contains(err.Error(), "gone")) {
			t.Errorf("an error shows a secret: %v", err)
		}
	}
	// What must hold whatever TypeScript says: the older entry and the
	// legacy secret decrypt, a retired version does not. (TextDecoder
	// drops a leading byte order mark: 1.7.5 loses it too.)
	n := len(texts)
	for i, s := range texts {
		s = strings.TrimPrefix(s, "\ufeff")
		for j, k := range []secretConfig{rotated, noLegacy} {
			if got, err := k.decrypt(enc[i].Value); err != nil || got != s {
				t.Errorf("current version: %q %v", got, err)
			}
			if got, err := k.decrypt(enc[n+i].Value); err != nil || got != s {
				t.Errorf("older version: %q %v", got, err)
			}
			if _, err := k.decrypt(enc[2*n+i].Value); err == nil {
				t.Error("a retired version decrypted")
			}
			got, err := k.decrypt(enc[3*n+i].Value)
			if j == 0 && (err != nil || got != s) || j == 1 && err == nil {
				t.Errorf("bare hex, legacy %q: %q %v", k.legacy, got, err)
			}
		}
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

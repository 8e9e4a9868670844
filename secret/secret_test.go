package secret

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
	"testing/iotest"
)

var hex64 = regexp.MustCompile(`^[0-9a-f]{64}$`)

func TestGenerate(t *testing.T) {
	a, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	if !hex64.MatchString(a) {
		t.Fatalf("Generate() = %q, want 64 lower-case hex characters", a)
	}
	b, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatalf("two calls returned the same secret %q", a)
	}
}

func TestRandIsCryptoRand(t *testing.T) {
	if Rand != rand.Reader {
		t.Fatal("Rand is not crypto/rand.Reader")
	}
}

// swapRand replaces Rand for one test.
func swapRand(t *testing.T, r io.Reader) {
	t.Helper()
	old := Rand
	Rand = r
	t.Cleanup(func() { Rand = old })
}

func TestGenerateEncoding(t *testing.T) {
	in := make([]byte, 32)
	for i := range in {
		in[i] = byte(i * 8)
	}
	// One byte per Read: short reads must be completed, not padded.
	swapRand(t, iotest.OneByteReader(bytes.NewReader(in)))
	got, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	const want = "0008101820283038404850586068707880889098a0a8b0b8c0c8d0d8e0e8f0f8"
	if got != want {
		t.Fatalf("Generate() = %q, want %q", got, want)
	}
}

func TestGenerateFailingReader(t *testing.T) {
	boom := errors.New("entropy source unavailable")
	for name, r := range map[string]io.Reader{
		"error":      iotest.ErrReader(boom),
		"short read": bytes.NewReader(make([]byte, 31)),
		"error late": io.MultiReader(bytes.NewReader(make([]byte, 16)), iotest.ErrReader(boom)),
	} {
		t.Run(name, func(t *testing.T) {
			swapRand(t, r)
			got, err := Generate()
			if err == nil {
				t.Fatalf("Generate() = %q, nil; want an error", got)
			}
			if got != "" {
				t.Errorf("Generate() returned %q along with the error", got)
			}
			if !strings.HasPrefix(err.Error(), "secret: ") {
				t.Errorf("error %q lacks context", err)
			}
		})
	}
}

func TestMessage(t *testing.T) {
	const s = "024a95cf62a86887e84fa9929df9b877d26400410f02ed23294bb9c73c70082d"
	const want = "\nAdd the following to your .env file:\n# Auth Secret\nBETTER_AUTH_SECRET=" + s + "\n"
	if got := Message(s); got != want {
		t.Fatalf("Message =\n%q\nwant\n%q", got, want)
	}
}

func TestEnvKey(t *testing.T) {
	if EnvKey != "BETTER_AUTH_SECRET" {
		t.Fatal(EnvKey)
	}
}

func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Generate(); err != nil {
			b.Fatal(err)
		}
	}
}

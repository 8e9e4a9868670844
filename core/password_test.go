package core

import (
	"encoding/hex"
	"strings"
	"testing"

	"golang.org/x/crypto/scrypt"
	"golang.org/x/text/unicode/norm"
)

// RFC 7914 §12 (the fourth vector, N=2^20, needs 1 GiB and is left out),
// for the golang.org/x/crypto/scrypt that passwordKey calls.
func TestScryptVectors(t *testing.T) {
	cases := []struct {
		pw, salt string
		n, r, p  int
		want     string
	}{
		{"", "", 16, 1, 1, "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"},
		{"password", "NaCl", 1024, 8, 16, "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"},
		{"pleaseletmein", "SodiumChloride", 16384, 8, 1, "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887"},
	}
	for _, c := range cases {
		got, err := scrypt.Key([]byte(c.pw), []byte(c.salt), c.n, c.r, c.p, 64)
		if err != nil {
			t.Fatal(err)
		}
		if hex.EncodeToString(got) != c.want {
			t.Errorf("scrypt(%q, %q, %d, %d, %d) = %x\nwant %s", c.pw, c.salt, c.n, c.r, c.p, got, c.want)
		}
	}
	for _, bad := range [][3]int{{0, 1, 1}, {15, 1, 1}, {16, 0, 1}, {16, 1, 0}} {
		if _, err := scrypt.Key(nil, nil, bad[0], bad[1], bad[2], 64); err == nil {
			t.Errorf("scrypt N=%d r=%d p=%d: no error", bad[0], bad[1], bad[2])
		}
	}
}

// Hashes written by better-auth@1.7.5's hashPassword (captured with
// node): Go must verify them, including the NFKC step.
func TestVerifyBetterAuthHashes(t *testing.T) {
	cases := []struct{ pw, hash string }{
		{"correct horse battery", "43ff7b6d7813090475e5b21bfd6026e0:5a668104a606b8f7788606936d0e857354483716c4c281cda4288cf941f96f6c41f55d7bbf69a92dfd833c5ee74462d4c7e6eabe01445798a73db57d745f53c7"},
		{"Ｐässwörd ﬁ ㌀ 한국어", "d82a1f7cc76770dc2a45a1690b65fb97:3dab653f170ac0e040ab74409f40947dc33c14a06aef41de750e2c437d5098f07f7fb99d72c0e5cf3e42418c9082b3f860c5b7c8bc108e96704e875d1a84b62e"},
		{"e\u0301\u0323", "63e0e46b4b49d3e0fd586317f9a18458:85c2ff00fbfd04477e30578175ae9cbefd5b07deecc02b567c9874a9c0f78b8289ab39b76859f625b20167f6e5032fd653dfbbbf24bbb83f33ecde07c3331316"},
	}
	for _, c := range cases {
		ok, err := VerifyPassword(c.hash, c.pw)
		if err != nil || !ok {
			t.Errorf("VerifyPassword(%q) = %v, %v", c.pw, ok, err)
		}
		if ok, _ := VerifyPassword(c.hash, c.pw+"x"); ok {
			t.Errorf("VerifyPassword(%q+x) = true", c.pw)
		}
	}
	// The NFKC form verifies too: "ﬁ" and "fi" are one password, and so
	// are two orders of the same combining marks.
	if ok, _ := VerifyPassword(cases[1].hash, "Pässwörd fi ｱﾊﾟｰﾄ 한국어"); !ok {
		t.Error("NFKC-equivalent password did not verify")
	}
	if ok, _ := VerifyPassword(cases[2].hash, "\u1EB9\u0301"); !ok {
		t.Error("canonically equivalent password did not verify")
	}
}

// Passwords are hashed in NFKC form, as Better Auth's
// password.normalize("NFKC") does: a compatibility form (ligature,
// full-width and half-width letters, squared words) or a canonically
// equivalent spelling verifies against the hash of the NFKC form and the
// other way round, while NFC alone would keep them apart.
func TestPasswordNFKC(t *testing.T) {
	const typed = "\uFB01 \uFF30\u00E4ss \uFF71\uFF8A\uFF9F \u3300 e\u0323\u0301" // ﬁ Ｐäss ｱﾊﾟ ㌀ ẹ́
	const nfkcForm = "fi P\u00E4ss \u30A2\u30D1 \u30A2\u30D1\u30FC\u30C8 \u1EB9\u0301"
	if got := norm.NFKC.String(typed); got != nfkcForm {
		t.Fatalf("NFKC(%+q) = %+q, want %+q", typed, got, nfkcForm)
	}
	if norm.NFC.String(typed) == nfkcForm {
		t.Fatal("the test password is already equal under NFC; it would not show NFKC")
	}
	h, err := HashPassword(typed)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := VerifyPassword(h, nfkcForm); !ok || err != nil {
		t.Errorf("the NFKC form did not verify against the hash of the typed form: %v %v", ok, err)
	}
	h, err = HashPassword(nfkcForm)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := VerifyPassword(h, typed); !ok || err != nil {
		t.Errorf("the typed form did not verify against the hash of the NFKC form: %v %v", ok, err)
	}
	if ok, _ := VerifyPassword(h, strings.Replace(typed, "\uFB01", "\uFB02", 1)); ok { // ﬂ
		t.Error("a password with a different compatibility character verified")
	}
	// The key is scrypt over the NFKC bytes with the hex salt as given.
	salt, key, _ := strings.Cut(h, ":")
	want, err := scrypt.Key([]byte(nfkcForm), []byte(salt), 16384, 16, 1, 64)
	if err != nil {
		t.Fatal(err)
	}
	if key != hex.EncodeToString(want) {
		t.Errorf("key = %s, want scrypt(NFKC(password), salt) = %x", key, want)
	}
}

func TestHashPasswordFormat(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	salt, key, ok := strings.Cut(h, ":")
	if !ok || len(salt) != 32 || len(key) != 128 || strings.ToLower(h) != h {
		t.Fatalf("hash %q is not <32 hex>:<128 hex>", h)
	}
	if ok, err := VerifyPassword(h, "correct horse battery"); !ok || err != nil {
		t.Fatalf("round trip: %v %v", ok, err)
	}
	for _, bad := range []string{"", "nocolon", "$2b$10$abcdefghijklmnopqrstuv", salt + ":zz", salt + ":abcd"} {
		if _, err := VerifyPassword(bad, "x"); err == nil {
			t.Errorf("VerifyPassword(%q): no error", bad)
		}
	}
}

func TestJSLength(t *testing.T) {
	for s, want := range map[string]int{"": 0, "abc": 3, "é": 1, "😀": 2, "한국어": 3, "a😀b": 4} {
		if got := jsLength(s); got != want {
			t.Errorf("jsLength(%q) = %d, want %d", s, got, want)
		}
	}
}

package core

import (
	"encoding/binary"
	"encoding/hex"
	"strings"
	"testing"
)

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// RFC 7914 §8: the Salsa20/8 core.
func TestSalsa208Vector(t *testing.T) {
	in := unhex(t, "7e879a214f3ec9867ca940e641718f26baee555b8c61c1b50df846116dcd3b1dee24f319df9b3d8514121e4b5ac5aa3276021d2909c74829edebc68db8b8c25e")
	want := "a41f859c6608cc993b81cacb020cef05044b2181a2fd337dfd7b1c6396682f29b4393168e3c9e6bcfe6bc5b7a06d96bae424cc102c91745c24ad673dc7618f81"
	var x [16]uint32
	for i := range x {
		x[i] = binary.LittleEndian.Uint32(in[i*4:])
	}
	salsa208(&x)
	out := make([]byte, 64)
	for i, w := range x {
		binary.LittleEndian.PutUint32(out[i*4:], w)
	}
	if got := hex.EncodeToString(out); got != want {
		t.Fatalf("salsa20/8 = %s\nwant %s", got, want)
	}
}

// RFC 7914 §12 (the fourth vector, N=2^20, needs 1 GiB and is left out).
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
		got, err := scryptKey([]byte(c.pw), []byte(c.salt), c.n, c.r, c.p, 64)
		if err != nil {
			t.Fatal(err)
		}
		if hex.EncodeToString(got) != c.want {
			t.Errorf("scrypt(%q, %q, %d, %d, %d) = %x\nwant %s", c.pw, c.salt, c.n, c.r, c.p, got, c.want)
		}
	}
	for _, bad := range [][3]int{{0, 1, 1}, {15, 1, 1}, {16, 0, 1}, {16, 1, 0}} {
		if _, err := scryptKey(nil, nil, bad[0], bad[1], bad[2], 64); err == nil {
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
	// The NFKC form verifies too: "ﬁ" and "fi" are one password.
	if ok, _ := VerifyPassword(cases[1].hash, "Pässwörd fi ｱﾊﾟｰﾄ 한국어"); !ok {
		t.Error("NFKC-equivalent password did not verify")
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

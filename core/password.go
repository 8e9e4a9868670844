package core

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	goruntime "runtime"
	"strings"
	"unicode/utf16"

	"golang.org/x/crypto/scrypt"
	"golang.org/x/text/unicode/norm"
)

// Better Auth's password hash: scrypt (golang.org/x/crypto/scrypt) with
// N=16384, r=16, p=1 and a 64-byte key over the NFKC form of the password
// (golang.org/x/text/unicode/norm, as Better Auth's
// password.normalize("NFKC"): a password typed in a compatible form, "ﬁ"
// for "fi" or full-width letters, is the same password), stored as
// "<salt>:<key>" in lower-case hex. The salt is 16 random bytes, and — a
// quirk both servers must share — the 32-character hex string itself, not
// the bytes it encodes, is what scrypt gets as its salt. Hashes written by
// either server verify on the other.
const (
	scryptN      = 16384
	scryptR      = 16
	scryptP      = 1
	scryptKeyLen = 64
)

// hashSlots bounds concurrent hashes: each takes 32 MiB and ~50 ms of CPU,
// so a burst of sign-ins must queue rather than exhaust memory.
var hashSlots = make(chan struct{}, max(2, goruntime.GOMAXPROCS(0)))

// HashPassword returns the Better Auth hash of password.
func HashPassword(password string) (string, error) {
	var salt [16]byte
	if _, err := rand.Read(salt[:]); err != nil {
		return "", err
	}
	saltHex := hex.EncodeToString(salt[:])
	key, err := passwordKey(password, saltHex)
	if err != nil {
		return "", err
	}
	return saltHex + ":" + hex.EncodeToString(key), nil
}

// errBadHash is a stored hash that is not "<salt>:<key>" (Better Auth
// throws "Invalid password hash" there).
var errBadHash = errors.New("the stored password hash is not in Better Auth's scrypt format")

// VerifyPassword reports whether password matches hash, a value written by
// HashPassword or by Better Auth. The comparison takes constant time.
func VerifyPassword(hash, password string) (bool, error) {
	saltHex, keyHex, ok := strings.Cut(hash, ":")
	if !ok || saltHex == "" {
		return false, errBadHash
	}
	want, err := hex.DecodeString(keyHex)
	if err != nil || len(want) != scryptKeyLen {
		return false, errBadHash
	}
	got, err := passwordKey(password, saltHex)
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

func passwordKey(password, salt string) ([]byte, error) {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	return scrypt.Key([]byte(norm.NFKC.String(password)), []byte(salt), scryptN, scryptR, scryptP, scryptKeyLen)
}

// jsLength is JavaScript's String.prototype.length: UTF-16 code units.
// Better Auth's password length limits count those, before NFKC.
func jsLength(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

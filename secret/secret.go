package secret

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
)

// EnvKey is the environment variable Better Auth reads its secret from.
const EnvKey = "BETTER_AUTH_SECRET"

// size is the number of random bytes in a secret: 256 bits, as the reference.
const size = 32

// Rand is the source Generate reads from. It exists so tests can make it
// fail; production code must leave it as crypto/rand.Reader.
var Rand io.Reader = rand.Reader

// Generate returns size bytes from Rand as lower-case hex. A failing or
// short read is an error, never a weaker secret.
func Generate() (string, error) {
	var b [size]byte
	if _, err := io.ReadFull(Rand, b[:]); err != nil {
		return "", fmt.Errorf("secret: reading random bytes: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// Message returns what `authctl secret` shows: the reference CLI's text,
// leading empty line included, without its colours. It is Intro followed
// by Line.
func Message(secret string) string { return Intro + Line(secret) }

// Intro is the reference's text before the secret's line. `authctl
// secret` prints it on stderr, so that stdout holds only Line.
const Intro = "\nAdd the following to your .env file:\n# Auth Secret\n"

// Line is the .env line that sets the secret.
func Line(secret string) string { return EnvKey + "=" + secret + "\n" }

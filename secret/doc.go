// Package secret generates the Better Auth secret and writes it to an env
// file.
//
// Defaults: a secret is 32 bytes (256 bits) from crypto/rand, encoded as 64
// lower-case hex characters, like the reference CLI's
// crypto.randomBytes(32).toString("hex"). If the random source fails,
// Generate returns an error; there is no weaker fallback. The variable is
// BETTER_AUTH_SECRET. [Write] edits the file through [dotenv.Set], so the
// update is atomic, every other line is kept, a new file is created 0600, and
// an existing non-empty secret is only replaced when forced, because
// replacing it invalidates every session and encrypted value made with the
// old one.
package secret

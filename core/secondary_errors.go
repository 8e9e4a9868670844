package core

import (
	"errors"
	"net/http"
)

// A request that needs SecondaryStorage (a rate-limit counter, a session
// or a verification value kept there) while the storage fails is refused,
// never let through: a Redis that is down must not switch rate limits off
// or resurrect a revoked session. The client gets a 503 that says what is
// wrong and nothing more (no address, no driver message); the log gets the
// error. The next request tries the storage again, so service resumes by
// itself once it answers.

// errSecondaryUnavailable is the answer while SecondaryStorage fails.
var errSecondaryUnavailable = errCode(http.StatusServiceUnavailable, "SECONDARY_STORAGE_UNAVAILABLE",
	"Secondary storage is unavailable. Try again shortly.")

// secondaryError marks an error of SecondaryStorage.
type secondaryError struct{ err error }

func (e secondaryError) Error() string { return "secondary storage: " + e.err.Error() }
func (e secondaryError) Unwrap() error { return e.err }

// kvErr wraps a SecondaryStorage error (nil stays nil).
func kvErr(err error) error {
	if err == nil {
		return nil
	}
	var se secondaryError
	if errors.As(err, &se) {
		return err
	}
	return secondaryError{err}
}

// secondaryFailed logs err when it is a SecondaryStorage failure and
// returns the 503 to answer with; other errors are returned as they are.
func (rt *runtime) secondaryFailed(err error, what string) error {
	var se secondaryError
	if !errors.As(err, &se) {
		return err
	}
	rt.log.Error("better-auth: secondary storage failed; request refused", "during", what, "err", redactDBError(se.err))
	return errSecondaryUnavailable
}

// writeSecondaryUnavailable answers a request refused because
// SecondaryStorage failed.
func writeSecondaryUnavailable(w http.ResponseWriter) {
	w.Header().Set("Retry-After", "1")
	writeJSON(w, nil, errSecondaryUnavailable.Status, errSecondaryUnavailable.body())
}

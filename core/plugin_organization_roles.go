package core

import "encoding/json"

// What the organization plugin's dynamic access control needs of the
// core: an error body with more members than message and code (Better
// Auth's APIError.fromStatus(status, {message, code, missingPermissions})).

// WithField returns a copy of e whose JSON body has "key": value after
// message and code, in the order added.
func (e *APIError) WithField(key string, value json.RawMessage) *APIError {
	cp := *e
	k, _ := JSON(key)
	cp.extra = append(append(append(append([]byte(nil), e.extra...), ','), k...), ':')
	cp.extra = append(cp.extra, value...)
	return &cp
}

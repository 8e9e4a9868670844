package core

import (
	"encoding/json"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/authctl/authctl/schema"
)

// JSON is written by hand, in Better Auth's key order and with
// JSON.stringify's escaping (no HTML escaping, unlike encoding/json), so
// the bytes on the wire match the TypeScript server's.

type jsonBuf []byte

func (b jsonBuf) str(s string) jsonBuf {
	const hexdig = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c >= 0x20:
				b = append(b, c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c == '\b':
				b = append(b, '\\', 'b')
			case c == '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexdig[c>>4], hexdig[c&15])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, "\ufffd"...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// value writes a record value.
func (b jsonBuf) value(v any) jsonBuf {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return b.str(x)
	case bool:
		return strconv.AppendBool(b, x)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case int:
		return strconv.AppendInt(b, int64(x), 10)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return append(b, "null"...)
		}
		return strconv.AppendFloat(b, x, 'g', -1, 64)
	case time.Time:
		return b.str(x.UTC().Format(jsTime))
	case json.RawMessage:
		return append(b, x...)
	case json.Number:
		return append(b, x...)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return append(b, "null"...)
	}
	return append(b, raw...)
}

// key writes `"k":` after a comma when needed.
func (b jsonBuf) key(k string, first bool) jsonBuf {
	if !first {
		b = append(b, ',')
	}
	return append(b.str(k), ':')
}

// object writes a row as Better Auth returns it: the table's fields in
// schema order, leaving out those marked Returned: false, then "id".
func (b jsonBuf) object(m *model, r record) jsonBuf {
	b = append(b, '{')
	first := true
	for _, f := range m.fields {
		if !returned(f) {
			continue
		}
		b = b.key(f.Name, first).value(r[f.Name])
		first = false
	}
	b = b.key("id", first).value(r["id"])
	return append(b, '}')
}

// returned reports whether field f appears in API output.
func returned(f schema.Field) bool { return f.Returned == nil || *f.Returned }

// apiError is the internal name of APIError (plugin.go).
type apiError = APIError

func (e *APIError) body() []byte {
	if e.empty {
		return nil
	}
	if e.raw != nil {
		return e.raw
	}
	b := jsonBuf(`{"message":`).str(e.Message)
	if e.Code != "" {
		b = append(b, `,"code":`...)
		b = b.str(e.Code)
	}
	if e.Details != nil {
		b = append(append(b, `,"details":`...), e.Details...)
	}
	return append(b, '}')
}

func errCode(status int, code, message string) *APIError {
	return &APIError{Status: status, Code: code, Message: message}
}

// The errors of Better Auth's BASE_ERROR_CODES the handler returns.
var (
	errUnauthorized         = errCode(401, "UNAUTHORIZED", "Unauthorized")
	errInvalidEmailPassword = errCode(401, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password")
	errInvalidEmail         = errCode(400, "INVALID_EMAIL", "Invalid email")
	errPasswordTooShort     = errCode(400, "PASSWORD_TOO_SHORT", "Password too short")
	errPasswordTooLong      = errCode(400, "PASSWORD_TOO_LONG", "Password too long")
	errUserExists           = errCode(422, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL", "User already exists. Use another email.")
	errSignUpDisabled       = errCode(400, "EMAIL_PASSWORD_SIGN_UP_DISABLED", "Email and password sign up is not enabled")
	errEmailPasswordOff     = errCode(400, "EMAIL_PASSWORD_DISABLED", "Email and password is not enabled")
	errEmailNotVerified     = errCode(403, "EMAIL_NOT_VERIFIED", "Email not verified")
	errSessionNotFresh      = errCode(403, "SESSION_NOT_FRESH", "Session is not fresh")
	errEmailCannotUpdate    = errCode(400, "EMAIL_CAN_NOT_BE_UPDATED", "Email can not be updated")
	errNoFieldsToUpdate     = errCode(400, "", "No fields to update")
	errCredentialNotFound   = errCode(400, "CREDENTIAL_ACCOUNT_NOT_FOUND", "Credential account not found")
	errInvalidPassword      = errCode(400, "INVALID_PASSWORD", "Invalid password")
	errMissingOrigin        = errCode(403, "MISSING_OR_NULL_ORIGIN", "Missing or null Origin")
	errInvalidOrigin        = errCode(403, "INVALID_ORIGIN", "Invalid origin")
	errInvalidCallbackURL   = errCode(403, "INVALID_CALLBACK_URL", "Invalid callbackURL")
	errCrossSiteNavigation  = errCode(403, "CROSS_SITE_NAVIGATION_LOGIN_BLOCKED", "Cross-site navigation login blocked. This request appears to be a CSRF attack.")
	errInvalidJSON          = errCode(400, "BAD_REQUEST", "Invalid JSON in request body")
	errBodyTooLarge         = errCode(413, "PAYLOAD_TOO_LARGE", "Request body is too large")
	errGetSessionPost       = errCode(405, "METHOD_NOT_ALLOWED_DEFER_SESSION_REQUIRED", "POST method requires deferSessionRefresh to be enabled in session config")
)

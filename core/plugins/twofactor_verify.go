package plugins

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
)

// verify-two-factor.ts and the three verification endpoints.

// challenge is verifyTwoFactor's result: the user being verified, either
// signed in (session) or signing in (the two_factor cookie's identifier).
type challenge struct {
	user    core.Record
	session *core.SessionData // nil while signing in
	key     string
	// While signing in: the cookie's full name, its identifier and the
	// challenge's expiry.
	cookie, id string
	expires    time.Time
}

// verifyTwoFactor resolves who is verifying: the caller's session, else
// the signed two_factor cookie's challenge (401 INVALID_TWO_FACTOR_COOKIE).
func verifyTwoFactor(x *core.Context) (*challenge, error) {
	s, err := x.Session()
	if err != nil {
		return nil, err
	}
	if s != nil {
		return &challenge{user: s.User.Fields, session: s, key: s.User.ID + "!" + s.Session.ID}, nil
	}
	name := x.CookieName(twoFactorCookie)
	id, ok := x.SignedCookie(name)
	if !ok {
		return nil, tfError(401, "INVALID_TWO_FACTOR_COOKIE")
	}
	rec, err := x.FindVerification(id)
	if err != nil {
		return nil, err
	}
	if rec == nil {
		return nil, tfError(401, "INVALID_TWO_FACTOR_COOKIE")
	}
	user, err := x.FindOne("user", core.Where{Field: "id", Value: rec["value"]})
	if err != nil {
		return nil, err
	}
	if user == nil {
		return nil, tfError(401, "INVALID_TWO_FACTOR_COOKIE")
	}
	exp, _ := rec["expiresAt"].(time.Time)
	return &challenge{user: user, key: id, cookie: name, id: id, expires: exp}, nil
}

func (c *challenge) userID() string { s, _ := c.user["id"].(string); return s }

// valid ends a successful verification: while signing in, the challenge
// is consumed, a session started (one day when the sign-in had
// rememberMe: false) and, with trustDevice, the device trusted. The
// answer is {"token","user"}.
func (t *twoFactorRuntime) valid(x *core.Context, c *challenge, trust bool) (json.RawMessage, error) {
	if c.session != nil {
		return tokenAndUser(x, c.session.Session.Token, true, c.user)
	}
	consumed, err := x.ConsumeVerification(c.id)
	if err != nil {
		return nil, err
	}
	if consumed == nil || consumed["value"] != c.userID() {
		x.ExpireCookie(c.cookie)
		return nil, tfError(401, "INVALID_TWO_FACTOR_COOKIE")
	}
	_, dontRemember := x.SignedCookie(x.CookieName("dont_remember"))
	token, err := x.StartSession(c.userID(), dontRemember)
	if err != nil {
		return nil, err
	}
	x.ExpireCookie(c.cookie)
	if trust {
		if err := t.trustDevice(x, c.userID()); err != nil {
			return nil, err
		}
		x.ExpireCookie(x.CookieName("dont_remember"))
	}
	return tokenAndUser(x, token, true, c.user)
}

// tokenAndUser is {"token","user"} (no token when hasToken is false).
func tokenAndUser(x *core.Context, token string, hasToken bool, user core.Record) (json.RawMessage, error) {
	u, err := x.Row("user", user)
	if err != nil {
		return nil, err
	}
	if !hasToken {
		return core.JSON(struct {
			User json.RawMessage `json:"user"`
		}{u})
	}
	return core.JSON(struct {
		Token string          `json:"token"`
		User  json.RawMessage `json:"user"`
	}{token, u})
}

// attempt is beginAttempt's budget of tries on one sign-in challenge.
type attempt struct {
	x       *core.Context
	c       *challenge
	n       int
	enabled bool
}

// beginAttempt takes one try of the challenge's budget (allowed tries):
// spent, the challenge is revoked (400 TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE).
// With a session it is a no-op.
func beginAttempt(x *core.Context, c *challenge, allowed int) (*attempt, error) {
	if c.session != nil {
		return &attempt{}, nil
	}
	ident := "2fa-attempts-" + c.id
	consumed, err := x.ConsumeVerification(ident)
	if err != nil || consumed == nil {
		return nil, tfError(401, "INVALID_TWO_FACTOR_COOKIE")
	}
	v, _ := consumed["value"].(string)
	n, perr := strconv.Atoi(strings.TrimSpace(v))
	if strings.TrimSpace(v) == "" {
		n, perr = 0, nil
	}
	if perr != nil || n < 0 {
		n = allowed
	}
	if n >= allowed {
		if _, err := x.ConsumeVerification(c.id); err != nil {
			x.ExpireCookie(c.cookie)
			return nil, core.NewAPIError(500, "FAILED_TO_INVALIDATE_TWO_FACTOR_CHALLENGE", "Failed to invalidate two-factor challenge")
		}
		x.ExpireCookie(c.cookie)
		return nil, tfError(400, "TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE")
	}
	return &attempt{x: x, c: c, n: n, enabled: true}, nil
}

func (a *attempt) rearm(n int) {
	if a.enabled {
		_ = a.x.CreateVerification("2fa-attempts-"+a.c.id, strconv.Itoa(n), a.c.expires)
	}
}
func (a *attempt) recordFailure() { a.rearm(a.n + 1) }
func (a *attempt) restore()       { a.rearm(a.n) }

// assertNotLocked refuses a locked account (429) and clears an expired
// lock, guarded so that a lock set meanwhile by a concurrent failure
// stays (as 1.7.5's incrementOne where lockedUntil <= now).
func (t *twoFactorRuntime) assertNotLocked(x *core.Context, tf core.Record) error {
	until, _ := tf["lockedUntil"].(time.Time)
	if !t.lockout || until.IsZero() {
		return nil
	}
	now := time.Now()
	if until.After(now) {
		return tfError(429, "ACCOUNT_TEMPORARILY_LOCKED")
	}
	_, err := x.UpdateWhere("twoFactor", core.Record{"failedVerificationCount": int64(0), "lockedUntil": nil}, nil,
		core.Where{Field: "id", Value: tf["id"]}, core.Where{Field: "lockedUntil", Op: "lte", Value: now})
	return err
}

// recordFailure counts a failed verification in one atomic increment (so
// concurrent failures all count) and locks the account once the count
// reaches the limit: the lock is one update guarded by the count, so of
// many concurrent failures the ones past the limit lock it, whichever
// order they land in.
func (t *twoFactorRuntime) recordFailure(x *core.Context, tf core.Record) error {
	if !t.lockout {
		return nil
	}
	id := core.Where{Field: "id", Value: tf["id"]}
	if _, err := x.UpdateWhere("twoFactor", nil, map[string]int64{"failedVerificationCount": 1}, id); err != nil {
		return err
	}
	_, err := x.UpdateWhere("twoFactor", core.Record{"lockedUntil": time.Now().Add(t.lockFor)}, nil,
		id, core.Where{Field: "failedVerificationCount", Op: "gte", Value: int64(t.lockMax)})
	return err
}

func (t *twoFactorRuntime) resetFailures(x *core.Context, tf core.Record) error {
	if !t.lockout {
		return nil
	}
	_, err := x.Update("twoFactor", core.Record{"failedVerificationCount": int64(0), "lockedUntil": nil}, core.Where{Field: "id", Value: tf["id"]})
	return err
}

func errTOTPNotConfigured() error {
	return core.NewAPIError(400, "TOTP_NOT_CONFIGURED", "totp isn't configured")
}

// getTOTPURI is POST /two-factor/get-totp-uri. Its issuer is the app name:
// 1.7.5 passes totpOptions without issuer to it.
func (t *twoFactorRuntime) getTOTPURI(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	password := readPassword(v, t.pwlessTOTP)
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := x.RequireSession()
	if err != nil {
		return nil, err
	}
	if t.o.TOTPOptions.Disable {
		return nil, errTOTPNotConfigured()
	}
	tf, err := twoFactorRow(x, s.User.ID)
	if err != nil {
		return nil, err
	}
	if tf == nil {
		return nil, tfError(400, "TOTP_NOT_ENABLED")
	}
	secret, err := x.Decrypt(str(tf["secret"]))
	if err != nil {
		return nil, err
	}
	if err := checkPassword(x, s.User.ID, password, t.pwlessTOTP, true); err != nil {
		return nil, err
	}
	return core.JSON(struct {
		URI string `json:"totpURI"`
	}{totpURL(secret, t.appName, s.User.Email, t.totpDigits, t.totpPeriod)})
}

func str(v any) string { s, _ := v.(string); return s }

// verifyTOTP is POST /two-factor/verify-totp.
func (t *twoFactorRuntime) verifyTOTP(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	code := v.String("code")
	trust, _ := v.Bool("trustDevice")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if t.o.TOTPOptions.Disable {
		return nil, errTOTPNotConfigured()
	}
	c, err := verifyTwoFactor(x)
	if err != nil {
		return nil, err
	}
	signIn := c.session == nil
	tf, err := twoFactorRow(x, c.userID())
	if err != nil {
		return nil, err
	}
	if tf == nil || signIn && tf["verified"] == false {
		return nil, tfError(400, "TOTP_NOT_ENABLED")
	}
	if signIn {
		if err := t.assertNotLocked(x, tf); err != nil {
			return nil, err
		}
	}
	a, err := beginAttempt(x, c, 5)
	if err != nil {
		return nil, err
	}
	secret, err := x.Decrypt(str(tf["secret"]))
	if err != nil {
		a.restore()
		return nil, err
	}
	if !verifyTOTPCode(secret, code, t.totpDigits, t.totpPeriod, time.Now()) {
		a.recordFailure()
		if signIn {
			if err := t.recordFailure(x, tf); err != nil {
				return nil, err
			}
		}
		return nil, tfError(401, "INVALID_CODE")
	}
	if signIn {
		if err := t.resetFailures(x, tf); err != nil {
			return nil, err
		}
	}
	if tf["verified"] != true {
		if c.user["twoFactorEnabled"] != true {
			if c.session == nil {
				return nil, core.NewAPIError(500, "", "")
			}
			if _, err := setTwoFactorEnabled(x, c.session, true); err != nil {
				return nil, err
			}
		}
		if _, err := x.Update("twoFactor", core.Record{"verified": true}, core.Where{Field: "id", Value: tf["id"]}); err != nil {
			return nil, err
		}
	}
	return t.valid(x, c, trust)
}

// verifyTOTPCode is @better-auth/utils' verifyTOTP: the code of the
// current period or of the one before or after (window 1), compared in
// constant time. The key is the secret's bytes.
func verifyTOTPCode(secret, code string, digits, period int, now time.Time) bool {
	counter := now.Unix() / int64(period)
	match := 0
	for i := int64(-1); i <= 1; i++ {
		match |= subtle.ConstantTimeCompare([]byte(code), []byte(hotpCode([]byte(secret), uint64(counter+i), digits)))
	}
	return match == 1
}

// hotpCode is RFC 4226's HOTP with HMAC-SHA1 (generateHOTP): dynamic
// truncation, modulo 10^digits, zero-padded. RFC 6238's TOTP is HOTP of
// the period number. (Written out rather than imported: a library here
// would be compiled into every application's auth config; the tests check
// it against github.com/pquerna/otp.)
func hotpCode(key []byte, counter uint64, digits int) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	m := hmac.New(sha1.New, key)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 15
	v := uint64(sum[off]&0x7f)<<24 | uint64(sum[off+1])<<16 | uint64(sum[off+2])<<8 | uint64(sum[off+3])
	mod := uint64(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, v%mod)
}

// totpURL is createOTP(secret).url(issuer, account):
// otpauth://totp/<issuer>:<account>?secret=…&issuer=…&digits=…&period=….
// A zero period is 30.
func totpURL(secret, issuer, account string, digits, period int) string {
	if period == 0 {
		period = 30
	}
	q := "secret=" + base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte(secret)) +
		"&issuer=" + formEncode(issuer) + "&digits=" + strconv.Itoa(digits) + "&period=" + strconv.Itoa(period)
	return "otpauth://totp/" + uriComponent(issuer) + ":" + uriComponent(account) + "?" + q
}

// uriComponent is JavaScript's encodeURIComponent.
func uriComponent(s string) string {
	return strings.NewReplacer("+", "%20", "%21", "!", "%27", "'", "%28", "(", "%29", ")", "%2A", "*", "~", "~").Replace(url.QueryEscape(s))
}

// formEncode is URLSearchParams' encoding of a value.
func formEncode(s string) string {
	return strings.NewReplacer("~", "%7E").Replace(url.QueryEscape(s))
}

// Random strings as Better Auth's generateRandomString.
const (
	alphaDefault = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
	alphaBackup  = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	alphaDigits  = "0123456789"
)

func randomString(n int, alphabet string) (string, error) {
	max := 256 / len(alphabet) * len(alphabet)
	out := make([]byte, 0, n)
	buf := make([]byte, 2*n)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			return "", err
		}
		for _, b := range buf {
			if int(b) < max && len(out) < n {
				out = append(out, alphabet[int(b)%len(alphabet)])
			}
		}
	}
	return string(out), nil
}

// sha256B64 is defaultKeyHasher: base64url (no padding) of SHA-256.
func sha256B64(s string) string {
	h := sha256.Sum256([]byte(s))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

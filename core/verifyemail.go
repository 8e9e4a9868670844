package core

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"strings"
	"time"
)

// Email verification: POST /send-verification-email and GET /verify-email
// (Better Auth 1.7.5's api/routes/email-verification.ts), and the link
// sign-up and sign-in send. The link's token is a JWT (HS256, keyed with
// the secret's bytes) holding {email, updateTo?, requestType?, iat, exp},
// byte for byte what jose's SignJWT writes, so a link issued by either
// server verifies on the other.

func init() {
	addRoutes(map[string]route{
		"POST /send-verification-email": {[]string{mediaJSON}, (*call).sendVerificationEmail},
		"GET /verify-email":             {nil, (*call).verifyEmail},
	})
}

var (
	errVerificationEmailOff = errCode(400, "VERIFICATION_EMAIL_NOT_ENABLED", "Verification email isn't enabled")
	errEmailMismatch        = errCode(400, "EMAIL_MISMATCH", "Email mismatch")
	errEmailAlreadyVerified = errCode(400, "EMAIL_ALREADY_VERIFIED", "Email is already verified")
	errVerifyTokenExpired   = errCode(401, "TOKEN_EXPIRED", "Token expired")
	errVerifyInvalidToken   = errCode(401, "INVALID_TOKEN", "Invalid token")
	errVerifyUserNotFound   = errCode(401, "USER_NOT_FOUND", "User not found")
	errVerifyInvalidUser    = errCode(401, "INVALID_USER", "Invalid user")
)

// verificationExpiresIn is emailVerification.expiresIn in whole seconds
// (default 3600).
func (rt *runtime) verificationExpiresIn() int64 {
	if d := rt.opts.EmailVerification.ExpiresIn; d > 0 {
		return int64(d / time.Second)
	}
	return 3600
}

// emailJWTHeader is base64url(`{"alg":"HS256"}`), jose's protected header.
const emailJWTHeader = "eyJhbGciOiJIUzI1NiJ9"

// emailJWT is createEmailVerificationToken: signJWT({email: lower-case,
// updateTo?: lower-case, ...extra}, secret, expiresIn), with iat and exp
// in whole seconds appended by setIssuedAt and setExpirationTime.
func (c *call) emailJWT(email, updateTo, requestType string, expiresIn int64) string {
	b := jsonBuf(`{"email":`).str(strings.ToLower(email))
	if updateTo != "" {
		b = append(b, `,"updateTo":`...).str(strings.ToLower(updateTo))
	}
	if requestType != "" {
		b = append(b, `,"requestType":`...).str(requestType)
	}
	now := time.Now().Unix()
	b = append(b, `,"iat":`...).value(now)
	b = append(b, `,"exp":`...).value(now + expiresIn)
	b = append(b, '}')
	signing := emailJWTHeader + "." + base64.RawURLEncoding.EncodeToString(b)
	m := hmac.New(sha256.New, []byte(c.rt.secret))
	m.Write([]byte(signing))
	return signing + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// errJWTExpired is jose's JWTExpired; any other failure is errJWTInvalid.
var (
	errJWTExpired = errors.New("jwt expired")
	errJWTInvalid = errors.New("jwt invalid")
)

// verifyEmailJWT is jwtVerify(token, secret, {algorithms: ["HS256"]}):
// the signature first, then the registered claims (nbf, exp; iat must be
// a number when present). It returns the payload.
func (c *call) verifyEmailJWT(token string) (map[string]any, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errJWTInvalid
	}
	rawHeader, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return nil, errJWTInvalid
	}
	var header map[string]any
	if json.Unmarshal(rawHeader, &header) != nil || header == nil || header["alg"] != "HS256" {
		return nil, errJWTInvalid
	}
	if _, crit := header["crit"]; crit {
		return nil, errJWTInvalid // no extension this server understands
	}
	if b64, ok := header["b64"]; ok && b64 != true {
		return nil, errJWTInvalid
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return nil, errJWTInvalid
	}
	m := hmac.New(sha256.New, []byte(c.rt.secret))
	m.Write([]byte(parts[0] + "." + parts[1]))
	if !hmac.Equal(sig, m.Sum(nil)) {
		return nil, errJWTInvalid
	}
	rawPayload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, errJWTInvalid
	}
	dec := json.NewDecoder(bytes.NewReader(rawPayload))
	dec.UseNumber()
	var claims map[string]any
	if dec.Decode(&claims) != nil || claims == nil {
		return nil, errJWTInvalid
	}
	now := float64(time.Now().Unix())
	num := func(k string) (float64, bool, error) {
		v, ok := claims[k]
		if !ok {
			return 0, false, nil
		}
		n, isNum := v.(json.Number)
		if !isNum {
			return 0, false, errJWTInvalid
		}
		f, err := n.Float64()
		if err != nil {
			return 0, false, errJWTInvalid
		}
		return f, true, nil
	}
	if _, _, err := num("iat"); err != nil {
		return nil, err
	}
	if nbf, ok, err := num("nbf"); err != nil || ok && nbf > now {
		return nil, errJWTInvalid
	}
	if exp, ok, err := num("exp"); err != nil {
		return nil, err
	} else if ok && exp <= now {
		return nil, errJWTExpired
	}
	return claims, nil
}

// linkBaseURL is ctx.context.baseURL: BaseURL (or BETTER_AUTH_URL) with the
// base path unless it has a path of its own, else the request's origin
// and the base path.
func (c *call) linkBaseURL() string {
	if u := firstNonEmpty(c.rt.opts.BaseURL, envBaseURL()); u != "" {
		if p, err := url.Parse(u); err == nil && strings.TrimRight(p.Path, "/") != "" {
			return u
		}
		return strings.TrimRight(u, "/") + c.rt.basePath
	}
	return c.rt.requestOrigin(c.r) + c.rt.basePath
}

// envBaseURL is BETTER_AUTH_URL, read as Open reads it.
func envBaseURL() string { return os.Getenv("BETTER_AUTH_URL") }

// sendVerificationLink is the body of sendVerificationEmailFn and of the
// sends in sign-up and sign-in: a token for user's email and the link
// `<baseURL>/verify-email?token=…&callbackURL=<encoded callbackURL or "/">`.
func (c *call) sendVerificationLink(user record, callbackURL string) error {
	send := c.rt.opts.EmailVerification.SendVerificationEmail
	if send == nil {
		return errVerificationEmailOff
	}
	token := c.emailJWT(str(user, "email"), "", "", c.rt.verificationExpiresIn())
	if callbackURL == "" {
		callbackURL = "/"
	}
	u := c.linkBaseURL() + "/verify-email?token=" + token + "&callbackURL=" + encodeURIComponent(callbackURL)
	return send(c.r.Context(), Email{User: userOf(user), URL: u, Token: token, Request: c.r})
}

func (c *call) sendVerificationEmail() ([]byte, error) {
	v := newValidator(c.body, false)
	email := v.email("email")
	callbackURL := v.str("callbackURL", true)
	if err := v.err(); err != nil {
		return nil, err
	}
	if c.rt.opts.EmailVerification.SendVerificationEmail == nil {
		c.rt.log.Error("better-auth: Verification email isn't enabled.")
		return nil, errVerificationEmailOff
	}
	s, err := c.session()
	if err != nil {
		return nil, err
	}
	if s == nil {
		// A floor of 500 ms, so that "no such user / already verified"
		// (no mail) cannot be told from "mail sent" by the time taken.
		start := time.Now()
		user, err := c.store().findOne(c.r.Context(), c.store().user, cond{"email", strings.ToLower(email)})
		if err == nil && user != nil && user["emailVerified"] != true {
			err = c.sendVerificationLink(user, callbackURL)
		} else if err == nil {
			_ = c.emailJWT(email, "", "", c.rt.verificationExpiresIn())
		}
		if rest := 500*time.Millisecond - time.Since(start); rest > 0 {
			select {
			case <-time.After(rest):
			case <-c.r.Context().Done():
			}
		}
		if err != nil {
			return nil, err
		}
		return []byte(`{"status":true}`), nil
	}
	if !strings.EqualFold(str(s.user, "email"), email) {
		return nil, errEmailMismatch
	}
	if s.user["emailVerified"] == true {
		return nil, errEmailAlreadyVerified
	}
	if err := c.sendVerificationLink(s.user, callbackURL); err != nil {
		return nil, err
	}
	return []byte(`{"status":true}`), nil
}

// queryString validates an optional or required string query parameter
// as zod does on ctx.query (a repeated parameter is an array).
func queryString(raw, name string, optional bool, issues *[]string) string {
	switch v := queryParam(raw, name).(type) {
	case string:
		return v
	case nil:
		if !optional {
			*issues = append(*issues, "[query."+name+"] Invalid input: expected string, received undefined")
		}
	default:
		*issues = append(*issues, "[query."+name+"] Invalid input: expected string, received array")
	}
	return ""
}

// checkQueryCallbackURL is originCheck((ctx) => ctx.query.callbackURL),
// the endpoint's own middleware on GET routes: each value, when
// non-empty, must be trusted.
func (c *call) checkQueryCallbackURL() error {
	if c.rt.opts.Advanced.DisableOriginCheck {
		return nil
	}
	var list []string
	switch v := queryParam(c.r.URL.RawQuery, "callbackURL").(type) {
	case string:
		list = []string{v}
	case []string:
		list = v
	}
	for _, u := range list {
		if u != "" && !c.rt.trustedURL(c.r, u) {
			c.rt.log.Warn("better-auth: refused an untrusted callbackURL; add its origin to TrustedOrigins if it is yours", "origin", originOf(u))
			return errInvalidCallbackURL
		}
	}
	return nil
}

func (c *call) verifyEmail() ([]byte, error) {
	var issues []string
	raw := c.r.URL.RawQuery
	token := queryString(raw, "token", false, &issues)
	callbackURL := queryString(raw, "callbackURL", true, &issues)
	if len(issues) > 0 {
		return nil, errCode(400, "VALIDATION_ERROR", strings.Join(issues, "; "))
	}
	if err := c.checkQueryCallbackURL(); err != nil {
		return nil, err
	}
	// redirectOnError: to callbackURL?error=CODE when one was given, else
	// 401 with the error.
	fail := func(e *APIError) ([]byte, error) {
		if callbackURL == "" {
			return nil, e
		}
		u, err := appendQueryParam(callbackURL, "error", e.Code)
		if err != nil {
			return nil, err
		}
		return nil, &redirectError{url: u}
	}
	claims, err := c.verifyEmailJWT(token)
	if errors.Is(err, errJWTExpired) {
		return fail(errVerifyTokenExpired)
	}
	if err != nil {
		return fail(errVerifyInvalidToken)
	}
	// The payload's zod schema: a signed token that does not match it
	// throws a ZodError, which is a 500.
	email, ok := claims["email"].(string)
	updateTo, okU := claims["updateTo"].(string)
	requestType, okR := claims["requestType"].(string)
	if !ok || !validEmail(email) || (!okU && claims["updateTo"] != nil) || (!okR && claims["requestType"] != nil) {
		return nil, errors.New("verify-email: the token's payload does not match its schema")
	}
	st := c.store()
	ctx := c.r.Context()
	user, err := st.findOne(ctx, st.user, cond{"email", strings.ToLower(email)})
	if err != nil {
		return nil, err
	}
	if user == nil {
		return fail(errVerifyUserNotFound)
	}
	if _, given := claims["updateTo"]; given && updateTo != "" {
		return c.verifyEmailChange(user, email, updateTo, requestType, callbackURL, fail)
	}
	if user["emailVerified"] == true {
		return c.verifiedAnswer(callbackURL)
	}
	o := c.rt.opts.EmailVerification
	if _, err := c.verifyEmailHooks(user, func() (record, error) {
		return c.updateUserByEmail(email, record{"emailVerified": true})
	}); err != nil {
		return nil, err
	}
	if o.AutoSignInAfterVerification {
		s, err := c.session()
		if err != nil {
			return nil, err
		}
		if s == nil || str(s.user, "email") != email {
			token, err := c.createSession(str(user, "id"), false)
			if err != nil {
				return nil, err
			}
			c.setSessionCookie(token, nil)
		} else {
			c.setSessionCookie(s.token(), nil)
		}
	}
	return c.verifiedAnswer(callbackURL)
}

// verifiedAnswer is the end of a verification: the redirect to
// callbackURL, or {"status":true,"user":null}.
func (c *call) verifiedAnswer(callbackURL string) ([]byte, error) {
	if callbackURL != "" {
		return nil, &redirectError{url: callbackURL}
	}
	return []byte(`{"status":true,"user":null}`), nil
}

// updateUserByEmail is the internal adapter's updateUserByEmail: set on
// the user with that (lower-cased) email, updatedAt refreshed; it returns
// the updated row.
func (c *call) updateUserByEmail(email string, set record) (record, error) {
	set["updatedAt"] = c.now
	if e, ok := set["email"].(string); ok {
		set["email"] = strings.ToLower(e)
	}
	st := c.store()
	if _, err := c.updateRows(st.user, set, cond{"email", strings.ToLower(email)}); err != nil {
		return nil, err
	}
	lookup := strings.ToLower(email)
	if e, ok := set["email"].(string); ok {
		lookup = e
	}
	return st.findOne(c.r.Context(), st.user, cond{"email", lookup})
}

// verifyEmailChange is verify-email for a token with updateTo, issued by
// change-email: "change-email-confirmation" (the current address
// confirmed: a link is sent to the new one), "change-email-verification"
// (the new address confirmed: the email changes, verified) and the legacy
// flow without a requestType (the email changes at once, unverified, and a
// link goes to the new address). Each signs the user in when no one is.
func (c *call) verifyEmailChange(user record, email, updateTo, requestType, callbackURL string, fail func(*APIError) ([]byte, error)) ([]byte, error) {
	s, err := c.session()
	if err != nil {
		return nil, err
	}
	if s != nil && str(s.user, "email") != email {
		return fail(errVerifyInvalidUser)
	}
	ctx := c.r.Context()
	o := c.rt.opts.EmailVerification
	cb := callbackURL
	if cb == "" {
		cb = "/"
	}
	if requestType == "change-email-confirmation" {
		token := c.emailJWT(email, updateTo, "change-email-verification", c.rt.verificationExpiresIn())
		if o.SendVerificationEmail != nil {
			to := userOf(user)
			to.Email = updateTo
			u := c.linkBaseURL() + "/verify-email?token=" + token + "&callbackURL=" + encodeURIComponent(cb)
			c.background(o.SendVerificationEmail(ctx, Email{User: to, URL: u, Token: token, Request: c.r}))
		}
		if callbackURL != "" {
			return nil, &redirectError{url: callbackURL}
		}
		return []byte(`{"status":true}`), nil
	}
	sessionToken := ""
	if s != nil {
		sessionToken = s.token()
	} else if sessionToken, err = c.createSession(str(user, "id"), false); err != nil {
		return nil, err
	}
	verified := requestType == "change-email-verification"
	updated, err := c.updateUserByEmail(email, record{"email": updateTo, "emailVerified": verified})
	if err != nil {
		return nil, err
	}
	if updated == nil {
		return nil, errors.New("verify-email: the user changed concurrently")
	}
	if verified {
		if o.AfterEmailVerification != nil {
			if err := o.AfterEmailVerification(ctx, userOf(updated), c.r); err != nil {
				return nil, err
			}
		}
	} else if o.SendVerificationEmail != nil {
		// The legacy flow's token takes the default lifetime, not
		// emailVerification.expiresIn, as in Better Auth.
		token := c.emailJWT(updateTo, "", "", 3600)
		u := c.linkBaseURL() + "/verify-email?token=" + token + "&callbackURL=" + encodeURIComponent(cb)
		c.background(o.SendVerificationEmail(ctx, Email{User: userOf(updated), URL: u, Token: token, Request: c.r}))
	}
	c.setSessionCookie(sessionToken, nil)
	if callbackURL != "" {
		return nil, &redirectError{url: callbackURL}
	}
	st := c.store()
	return jsonBuf(`{"status":true,"user":`).object(st.user, updated).close(), nil
}

// sendOnSignUp is emailVerification.sendOnSignUp ??
// emailAndPassword.requireEmailVerification.
func (c *call) sendOnSignUp() bool {
	if p := c.rt.opts.EmailVerification.SendOnSignUp; p != nil {
		return *p
	}
	return c.rt.opts.EmailAndPassword.RequireEmailVerification
}

// background is ctx.context.runInBackgroundOrAwait for a callback that
// has run: Better Auth awaits it but only logs its failure, so the
// request answers as if it had succeeded (and tells nothing about the
// user).
func (c *call) background(err error) {
	if err != nil {
		c.rt.log.Error("better-auth: Failed to run background task", "path", c.path, "err", err)
	}
}

// verifyEmailHooks runs EmailVerification.BeforeEmailVerification with
// user, then update (which writes the verified user and returns the row),
// then AfterEmailVerification with that row, as 1.7.5 wraps every email
// verification (verify-email, and emailOTP's verify-email and
// change-email).
func (c *call) verifyEmailHooks(user record, update func() (record, error)) (record, error) {
	o := c.rt.opts.EmailVerification
	if o.BeforeEmailVerification != nil {
		if err := o.BeforeEmailVerification(c.r.Context(), userOf(user), c.r); err != nil {
			return nil, err
		}
	}
	updated, err := update()
	if err != nil {
		return nil, err
	}
	if o.AfterEmailVerification != nil {
		if err := o.AfterEmailVerification(c.r.Context(), userOf(updated), c.r); err != nil {
			return nil, err
		}
	}
	return updated, nil
}

// VerifyEmail is verifyEmailHooks for plugins: the EmailVerification
// hooks around update, which writes the verified user and returns the row.
func (x *Context) VerifyEmail(user Record, update func() (Record, error)) (Record, error) {
	return x.c.verifyEmailHooks(user, update)
}

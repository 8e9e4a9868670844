package core

import (
	"strings"
	"time"
)

// Password reset and verification: POST /request-password-reset,
// GET /reset-password/:token, POST /reset-password and
// POST /verify-password (Better Auth 1.7.5's api/routes/password.ts), and
// the password hash every endpoint uses (ctx.context.password).
//
// A reset token is 24 random characters, kept as the verification row
// {identifier: "reset-password:<token>", value: <user id>, expiresAt}, so
// a token either server issued works on the other.

func init() {
	addRoutes(map[string]route{
		"POST /request-password-reset": {[]string{mediaJSON}, (*call).requestPasswordReset},
		"GET /reset-password/:token":   {nil, (*call).resetPasswordCallback},
		"POST /reset-password":         {[]string{mediaJSON}, (*call).resetPassword},
		"POST /verify-password":        {[]string{mediaJSON}, (*call).verifyPasswordEndpoint},
	})
}

var errResetPasswordOff = errCode(400, "RESET_PASSWORD_DISABLED", "Reset password isn't enabled")

// hashPassword is ctx.context.password.hash: EmailAndPassword.Password's
// Hash, else scrypt.
func (c *call) hashPassword(password string) (string, error) {
	if h := c.rt.opts.EmailAndPassword.Password.Hash; h != nil {
		return h(password)
	}
	return HashPassword(password)
}

// verifyPassword is ctx.context.password.verify: EmailAndPassword.
// Password's Verify, else scrypt.
func (c *call) verifyPassword(hash, password string) (bool, error) {
	if v := c.rt.opts.EmailAndPassword.Password.Verify; v != nil {
		return v(hash, password)
	}
	return VerifyPassword(hash, password)
}

// resetPasswordExpiresIn is emailAndPassword.resetPasswordTokenExpiresIn
// (default one hour).
func (rt *runtime) resetPasswordExpiresIn() time.Duration {
	return durationOr(rt.opts.EmailAndPassword.ResetPasswordTokenExpiresIn, time.Hour)
}

func (c *call) requestPasswordReset() ([]byte, error) {
	v := newValidator(c.body, false)
	email := v.email("email")
	redirect := v.str("redirectTo", true)
	if err := v.err(); err != nil {
		return nil, err
	}
	o := c.rt.opts.EmailAndPassword
	if o.SendResetPassword == nil {
		c.rt.log.Error("better-auth: Reset password isn't enabled. Please pass an emailAndPassword.sendResetPassword function in your auth config!")
		return nil, errResetPasswordOff
	}
	const answer = `{"status":true,"message":"If this email exists in our system, check your email for the reset link"}`
	st := c.store()
	ctx := c.r.Context()
	user, err := st.findOne(ctx, st.user, cond{"email", strings.ToLower(email)})
	if err != nil {
		return nil, err
	}
	if user == nil {
		// As Better Auth: a token is generated and a row looked up, so
		// an unknown email takes about as long.
		if _, err := randomString(24); err != nil {
			return nil, err
		}
		if _, err := c.findVerification("dummy-verification-token"); err != nil {
			return nil, err
		}
		c.rt.log.Warn("better-auth: Reset Password: User not found")
		return []byte(answer), nil
	}
	token, err := randomString(24)
	if err != nil {
		return nil, err
	}
	if err := c.createVerification("reset-password:"+token, str(user, "id"), c.now.Add(c.rt.resetPasswordExpiresIn())); err != nil {
		return nil, err
	}
	cb := ""
	if redirect != "" {
		cb = encodeURIComponent(redirect)
	}
	u := c.linkBaseURL() + "/reset-password/" + token + "?callbackURL=" + cb
	// A background task: a failed send is logged, and the answer does
	// not tell.
	c.background(o.SendResetPassword(ctx, Email{User: userOf(user), URL: u, Token: token, Request: c.r}))
	return []byte(answer), nil
}

func (c *call) resetPasswordCallback() ([]byte, error) {
	token := strings.TrimPrefix(c.path, "/reset-password/") // decoded once, as the router's params
	var issues []string
	callbackURL := queryString(c.r.URL.RawQuery, "callbackURL", false, &issues)
	if len(issues) > 0 {
		return nil, errCode(400, "VALIDATION_ERROR", strings.Join(issues, "; "))
	}
	if err := c.checkQueryCallbackURL(); err != nil {
		return nil, err
	}
	base := c.linkBaseURL()
	if token == "" || callbackURL == "" {
		u, err := resetRedirectError(base, callbackURL, "error", "INVALID_TOKEN")
		if err != nil {
			return nil, err
		}
		return nil, &redirectError{url: u}
	}
	row, err := c.findVerification("reset-password:" + token)
	if err != nil {
		return nil, err
	}
	if row == nil || tm(row, "expiresAt").Before(time.Now()) {
		u, err := resetRedirectError(base, callbackURL, "error", "INVALID_TOKEN")
		if err != nil {
			return nil, err
		}
		return nil, &redirectError{url: u}
	}
	u, err := resolveWithParam(base, callbackURL, "token", token)
	if err != nil {
		return nil, err
	}
	return nil, &redirectError{url: u}
}

// resetRedirectError is password.ts's redirectError: callbackURL (or
// <baseURL>/error) resolved against the base URL, with name=value set.
func resetRedirectError(base, callbackURL, name, value string) (string, error) {
	if callbackURL == "" {
		callbackURL = base + "/error"
	}
	return resolveWithParam(base, callbackURL, name, value)
}

func (c *call) resetPassword() ([]byte, error) {
	var issues []string
	queryToken := queryString(c.r.URL.RawQuery, "token", true, &issues)
	v := newValidator(c.body, false)
	newPassword := v.str("newPassword", false)
	bodyToken := v.str("token", true)
	if err := v.err(); err != nil {
		return nil, err
	}
	if len(issues) > 0 {
		return nil, errCode(400, "VALIDATION_ERROR", strings.Join(issues, "; "))
	}
	token := bodyToken
	if token == "" {
		token = queryToken
	}
	if token == "" {
		return nil, errInvalidTokenBadRequest
	}
	if jsLength(newPassword) < c.rt.minPassword {
		return nil, errPasswordTooShort
	}
	if jsLength(newPassword) > c.rt.maxPassword {
		return nil, errPasswordTooLong
	}
	row, err := c.consumeVerification("reset-password:" + token)
	if err != nil {
		return nil, err
	}
	if row == nil {
		return nil, errInvalidTokenBadRequest
	}
	userID := str(row, "value")
	st := c.store()
	ctx := c.r.Context()
	user, err := st.findOne(ctx, st.user, cond{"id", userID})
	if err != nil {
		return nil, err
	}
	if user == nil {
		return nil, errCode(400, "USER_NOT_FOUND", "User not found")
	}
	hash, err := c.hashPassword(newPassword)
	if err != nil {
		return nil, err
	}
	credential := []cond{{"userId", userID}, {"providerId", "credential"}, {"accountId", userID}}
	account, err := st.findOne(ctx, st.account, credential...)
	if err != nil {
		return nil, err
	}
	if account == nil {
		if _, err := c.insertRow(st.account, c.credentialAccount(userID, hash)); err != nil {
			return nil, err
		}
	} else if _, err := c.updateRows(st.account, record{"password": hash, "updatedAt": c.now}, credential...); err != nil {
		return nil, err
	}
	o := c.rt.opts.EmailAndPassword
	if o.OnPasswordReset != nil {
		if err := o.OnPasswordReset(ctx, userOf(user), c.r); err != nil {
			return nil, err
		}
	}
	if o.RevokeSessionsOnPasswordReset {
		if err := c.deleteRows(st.session, cond{"userId", userID}); err != nil {
			return nil, err
		}
	}
	return []byte(`{"status":true}`), nil
}

var errInvalidTokenBadRequest = errCode(400, "INVALID_TOKEN", "Invalid token")

// verifyPasswordEndpoint is POST /verify-password: the signed-in user's
// credential password checked (sensitiveSessionMiddleware: a session
// read from the database).
func (c *call) verifyPasswordEndpoint() ([]byte, error) {
	v := newValidator(c.body, false)
	password := v.str("password", false)
	if err := v.err(); err != nil {
		return nil, err
	}
	s, err := c.requireAuthoritativeSession()
	if err != nil {
		return nil, err
	}
	userID := s.userID()
	account, err := c.store().findOne(c.r.Context(), c.store().account,
		cond{"userId", userID}, cond{"providerId", "credential"}, cond{"accountId", userID})
	if err != nil {
		return nil, err
	}
	hash := str(account, "password")
	if account == nil || hash == "" {
		return nil, errInvalidPassword
	}
	ok, err := c.verifyPassword(hash, password)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errInvalidPassword
	}
	return []byte(`{"status":true}`), nil
}

// HashPassword hashes a password as the handler does: with
// EmailAndPassword.Password's Hash when set, else scrypt (Better Auth's
// ctx.context.password.hash).
func (x *Context) HashPassword(password string) (string, error) { return x.c.hashPassword(password) }

// VerifyPassword checks a password against a stored hash as the handler
// does: with EmailAndPassword.Password's Verify when set, else scrypt
// (ctx.context.password.verify).
func (x *Context) VerifyPassword(hash, password string) (bool, error) {
	return x.c.verifyPassword(hash, password)
}

package core

import (
	"crypto/rand"
	"net/url"
	"os"
	"strings"
	"time"
)

// POST /change-email, POST /delete-user and GET /delete-user/callback,
// each following Better Auth 1.7.5's route step by step
// (better-auth/dist/api/routes/update-user.mjs): validation first, then
// the session middleware, then the handler.

func init() {
	addRoutes(map[string]route{
		"POST /change-email":        {[]string{mediaJSON}, (*call).changeEmail},
		"POST /delete-user":         {[]string{mediaJSON}, (*call).deleteUser},
		"GET /delete-user/callback": {nil, (*call).deleteUserCallback},
	})
}

// The errors of these routes (Better Auth's BASE_ERROR_CODES and the
// routes' own messages).
var (
	errChangeEmailDisabled = errCode(400, "CHANGE_EMAIL_DISABLED", "Change email is disabled")
	errEmailIsTheSame      = errCode(400, "", "Email is the same")
	errNoVerificationEmail = errCode(400, "", "Verification email isn't enabled")
	errSessionExpired      = errCode(400, "SESSION_EXPIRED", "Session expired. Re-authenticate to perform this action.")
	errFailedUserInfo      = errCode(404, "FAILED_TO_GET_USER_INFO", "Failed to get user info")
	errDeleteTokenInvalid  = errCode(404, "INVALID_TOKEN", "Invalid token")
	// errDeleteUserDisabled is delete-user's APIError.fromStatus("NOT_FOUND"):
	// a 404 without a body.
	errDeleteUserDisabled = &APIError{Status: 404, empty: true}
	// The callback's own spelling of the same refusal has a body.
	errDeleteCallbackDisabled = errCode(404, "NOT_FOUND", "Not found")
)

// baseURL is ctx.context.baseURL, which links in emails start with:
// getBaseURL's withPath over the configured URL as written (kept whole
// when it has a path of its own, else without trailing slashes and with
// the base path), or the request's origin and the base path.
func (c *call) baseURL() string {
	if c.rt.baseOrigin == "" {
		return c.rt.requestOrigin(c.r) + c.rt.basePath
	}
	raw := firstNonEmpty(c.rt.opts.BaseURL, os.Getenv("BETTER_AUTH_URL"))
	if u, err := url.Parse(raw); err == nil && strings.Trim(u.EscapedPath(), "/") != "" {
		return raw
	}
	trimmed := strings.TrimRight(raw, "/")
	path := c.rt.opts.BasePath
	switch {
	case path == "":
		path = "/api/auth"
	case path == "/":
		return trimmed
	case !strings.HasPrefix(path, "/"):
		path = "/" + path
	}
	return trimmed + path
}

// requireSensitiveSession is 1.7.5's sensitiveSessionMiddleware
// (getAuthoritativeSessionFromCtx): the session as the database has it,
// never as a cookie cache remembers it, so that a revoked session cannot
// change the email or delete the user. Without a cookie cache that is
// requireSession.
func (c *call) requireSensitiveSession() (*sessionRows, error) {
	return c.requireAuthoritativeSession()
}

// userOf is a user row as the send functions and the user's hooks see it.
func userOf(r record) User { return newSessionData(&sessionRows{user: r}).User }

// signEmailToken is the change-email token: emailJWT with
// emailVerification.expiresIn (default 3600 s). GET /verify-email reads it.
func (c *call) signEmailToken(email, updateTo, requestType string) string {
	return c.emailJWT(email, updateTo, requestType, c.rt.verificationExpiresIn())
}

// send calls a send function with Better Auth's data object. Better Auth
// awaits it (runInBackgroundOrAwait without backgroundTasks), so an error
// fails the request.
func (c *call) send(f SendEmailFunc, user record, email, url, token, newEmail string) error {
	u := userOf(user)
	if email != "" {
		u.Email = email
	}
	return f(c.r.Context(), Email{User: u, URL: url, Token: token, NewEmail: newEmail, Request: c.r})
}

func (c *call) changeEmail() ([]byte, error) {
	v := newValidator(c.body, false)
	newEmail := v.email("newEmail")
	callbackURL := v.str("callbackURL", true)
	if err := v.err(); err != nil {
		return nil, err
	}
	s, err := c.requireSensitiveSession()
	if err != nil {
		return nil, err
	}
	o := c.rt.opts
	if !o.User.ChangeEmail.Enabled {
		c.rt.log.Error("better-auth: change email is disabled")
		return nil, errChangeEmailDisabled
	}
	newEmail = strings.ToLower(newEmail)
	current := str(s.user, "email")
	if newEmail == current {
		return nil, errEmailIsTheSame
	}
	verified, _ := s.user["emailVerified"].(bool)
	// Checked before looking the address up, so that a taken address and
	// a free one get the same answer when no flow is configured.
	canUpdate := !verified && o.User.ChangeEmail.UpdateEmailWithoutVerification
	sendVerification := o.EmailVerification.SendVerificationEmail
	var sendConfirmation SendEmailFunc
	if sendVerification != nil && verified {
		sendConfirmation = o.User.ChangeEmail.SendChangeEmailConfirmation
	}
	if !canUpdate && sendConfirmation == nil && sendVerification == nil {
		c.rt.log.Error("better-auth: change-email needs EmailVerification.SendVerificationEmail")
		return nil, errNoVerificationEmail
	}
	st := c.rt.st
	taken, err := st.findOne(c.r.Context(), st.user, cond{"email", newEmail})
	if err != nil {
		return nil, err
	}
	if taken != nil {
		// A token is signed and thrown away, so that a taken address
		// costs what a free one does.
		c.signEmailToken(current, newEmail, "")
		return []byte(`{"status":true}`), nil
	}
	link := func(token string) string {
		cb := callbackURL
		if cb == "" {
			cb = "/"
		}
		return c.baseURL() + "/verify-email?token=" + token + "&callbackURL=" + encodeURIComponent(cb)
	}
	if canUpdate {
		if _, err := c.updateRows(st.user, record{"email": newEmail, "updatedAt": c.now}, cond{"id", s.userID()}); err != nil {
			return nil, err
		}
		c.setSessionCookie(s.token(), nil)
		if sendVerification != nil {
			token := c.signEmailToken(newEmail, "", "")
			if err := c.send(sendVerification, s.user, newEmail, link(token), token, ""); err != nil {
				return nil, err
			}
		}
		return []byte(`{"status":true}`), nil
	}
	if sendConfirmation != nil {
		// The current address confirms the change; the link then sends
		// a verification to the new one.
		token := c.signEmailToken(current, newEmail, "change-email-confirmation")
		if err := c.send(sendConfirmation, s.user, "", link(token), token, newEmail); err != nil {
			return nil, err
		}
		return []byte(`{"status":true}`), nil
	}
	// The new address verifies the change itself.
	token := c.signEmailToken(current, newEmail, "change-email-verification")
	if err := c.send(sendVerification, s.user, newEmail, link(token), token, ""); err != nil {
		return nil, err
	}
	return []byte(`{"status":true}`), nil
}

// deleteTokenAlphabet is generateRandomString's "0-9", "a-z".
const deleteTokenAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz"

// deleteToken returns 32 characters of deleteTokenAlphabet, uniformly
// (bytes of 252 = 7·36 and above are discarded).
func deleteToken() (string, error) {
	out := make([]byte, 0, 32)
	buf := make([]byte, 48)
	for len(out) < 32 {
		if _, err := rand.Read(buf); err != nil {
			return "", err
		}
		for _, b := range buf {
			if b < 252 && len(out) < 32 {
				out = append(out, deleteTokenAlphabet[b%36])
			}
		}
	}
	return string(out), nil
}

func (c *call) deleteUser() ([]byte, error) {
	v := newValidator(c.body, false)
	callbackURL := v.str("callbackURL", true)
	password := v.str("password", true)
	token := v.str("token", true)
	if err := v.err(); err != nil {
		return nil, err
	}
	s, err := c.requireSensitiveSession()
	if err != nil {
		return nil, err
	}
	d := c.rt.opts.User.DeleteUser
	if !d.Enabled {
		c.rt.log.Error("better-auth: delete user is disabled; enable it in the options")
		return nil, errDeleteUserDisabled
	}
	st := c.rt.st
	ctx := c.r.Context()
	if password != "" {
		account, err := st.findOne(ctx, st.account, cond{"userId", s.userID()}, cond{"providerId", "credential"}, cond{"accountId", s.userID()})
		if err != nil {
			return nil, err
		}
		hash := str(account, "password")
		if account == nil || hash == "" {
			return nil, errCredentialNotFound
		}
		ok, err := VerifyPassword(hash, password)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errInvalidPassword
		}
	}
	if token != "" {
		// The callback's steps, run with this session. 1.7.5 calls the
		// callback endpoint as a function, whose cookies are dropped: the
		// answer expires no cookie.
		if err := c.deleteWithToken(s, token, false); err != nil {
			return nil, err
		}
		return []byte(`{"success":true,"message":"User deleted"}`), nil
	}
	if d.SendDeleteAccountVerification != nil {
		token, err := deleteToken()
		if err != nil {
			return nil, err
		}
		expiresIn := 24 * time.Hour
		if d.DeleteTokenExpiresIn != 0 {
			expiresIn = d.DeleteTokenExpiresIn
		}
		if err := c.createVerification("delete-account-"+token, s.userID(), c.now.Add(expiresIn)); err != nil {
			return nil, err
		}
		cb := callbackURL
		if cb == "" {
			cb = "/"
		}
		link := c.baseURL() + "/delete-user/callback?token=" + token + "&callbackURL=" + encodeURIComponent(cb)
		if err := c.send(d.SendDeleteAccountVerification, s.user, "", link, token, ""); err != nil {
			return nil, err
		}
		return []byte(`{"success":true,"message":"Verification email sent"}`), nil
	}
	// Without the password, only a fresh session may delete the user.
	if password == "" && !c.fresh(s) {
		return nil, errSessionExpired
	}
	if err := c.removeUser(s, false, true); err != nil {
		return nil, err
	}
	return []byte(`{"success":true,"message":"User deleted"}`), nil
}

func (c *call) deleteUserCallback() ([]byte, error) {
	var issues []string
	token, tokenOK := queryParam(c.r.URL.RawQuery, "token").(string)
	if !tokenOK {
		issues = append(issues, "[query.token] Invalid input: expected string, received "+queryType(queryParam(c.r.URL.RawQuery, "token")))
	}
	cb := queryParam(c.r.URL.RawQuery, "callbackURL")
	callbackURL, _ := cb.(string)
	if _, repeated := cb.([]string); repeated {
		issues = append(issues, "[query.callbackURL] Invalid input: expected string, received array")
	}
	if len(issues) > 0 {
		return nil, errCode(400, "VALIDATION_ERROR", strings.Join(issues, "; "))
	}
	// originCheck on the query's callbackURL.
	if callbackURL != "" && !c.rt.opts.Advanced.DisableOriginCheck && !c.rt.trustedURL(c.r, callbackURL) {
		c.rt.log.Warn("better-auth: refused an untrusted callbackURL; add its origin to TrustedOrigins if it is yours", "origin", originOf(callbackURL))
		return nil, errInvalidCallbackURL
	}
	if !c.rt.opts.User.DeleteUser.Enabled {
		c.rt.log.Error("better-auth: delete user is disabled; enable it in the options")
		return nil, errDeleteCallbackDisabled
	}
	s, err := c.session()
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, errFailedUserInfo
	}
	if err := c.deleteWithToken(s, token, true); err != nil {
		return nil, err
	}
	if callbackURL != "" {
		c.header.Set("Location", callbackURL)
		return nil, &APIError{Status: 302, empty: true}
	}
	return []byte(`{"success":true,"message":"User deleted"}`), nil
}

// queryType names what zod saw for an absent or repeated query parameter.
func queryType(v any) string {
	if _, repeated := v.([]string); repeated {
		return "array"
	}
	return "undefined"
}

// deleteWithToken is the callback's work: the token, consumed once, must
// have been issued to this session's user.
func (c *call) deleteWithToken(s *sessionRows, token string, expireCookies bool) error {
	row, err := c.consumeVerification("delete-account-" + token)
	if err != nil {
		return err
	}
	if row == nil || str(row, "value") != s.userID() {
		return errDeleteTokenInvalid
	}
	return c.removeUser(s, true, expireCookies)
}

// removeUser runs beforeDelete, deletes the user's sessions, accounts and
// row (internalAdapter.deleteUser), expires the session cookies (when
// expireCookies) and runs afterDelete. The callback also deletes the
// accounts once more (deleteAccounts), which finds none.
func (c *call) removeUser(s *sessionRows, viaToken, expireCookies bool) error {
	d := c.rt.opts.User.DeleteUser
	u := userOf(s.user)
	if d.BeforeDelete != nil {
		if err := d.BeforeDelete(c.r.Context(), u, c.r); err != nil {
			return err
		}
	}
	st := c.rt.st
	id := s.userID()
	if err := c.deleteRows(st.session, cond{"userId", id}); err != nil {
		return err
	}
	if err := c.deleteRows(st.account, cond{"userId", id}); err != nil {
		return err
	}
	if err := c.deleteRows(st.user, cond{"id", id}); err != nil {
		return err
	}
	if viaToken {
		if err := c.deleteRows(st.account, cond{"userId", id}); err != nil {
			return err
		}
	}
	if expireCookies {
		c.deleteSessionCookie()
	}
	if d.AfterDelete != nil {
		if err := d.AfterDelete(c.r.Context(), u, c.r); err != nil {
			return err
		}
	}
	return nil
}

package core

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// Social sign-in (Better Auth 1.7.5's api/routes/sign-in.mjs signInSocial,
// account.mjs linkSocialAccount, callback.mjs and oauth2/*): the
// endpoints, the /callback/:id route, redirects and token storage.

func init() {
	addRoutes(map[string]route{
		"POST /sign-in/social":   {[]string{mediaJSON}, (*call).signInSocial},
		"POST /link-social":      {[]string{mediaJSON}, (*call).linkSocial},
		"GET /callback/:id":      {nil, (*call).oauthCallback},
		"POST /callback/:id":     {[]string{mediaForm, mediaJSON}, (*call).oauthCallback},
		"POST /get-access-token": {[]string{mediaJSON}, (*call).getAccessToken},
		"POST /refresh-token":    {[]string{mediaJSON}, (*call).refreshToken},
		"GET /account-info":      {nil, (*call).accountInfo},
	})
}

// pathParam is the :id of a /callback/:id request.
func (c *call) pathParam() string {
	id := strings.TrimPrefix(c.path, "/callback/")
	if u, err := url.PathUnescape(id); err == nil {
		return u
	}
	return id
}

// redirectError is better-call's ctx.redirect(url): a 302 to url with the
// response's cookies and headers, answered by (*call).answer.
type redirectError struct {
	url string
	raw bool // a Response of the endpoint's own: no Content-Type
}

func (e *redirectError) Error() string { return "redirect to " + e.url }

// asRedirect reports whether err is a redirect (or another answer that
// is not JSON) and writes it.
func (c *call) asRedirect(err error) bool {
	var raw *rawResponse
	if errors.As(err, &raw) {
		h := c.w.Header()
		c.jar.write(h)
		h.Set("Content-Type", raw.contentType)
		c.w.WriteHeader(raw.status)
		_, _ = c.w.Write(raw.body)
		return true
	}
	var rd *redirectError
	if !errors.As(err, &rd) {
		return false
	}
	h := c.w.Header()
	c.jar.write(h)
	for k, v := range c.header {
		h[k] = v
	}
	h.Set("Location", rd.url)
	if !rd.raw {
		h.Set("Content-Type", "application/json") // better-call's, with no body
	}
	c.w.WriteHeader(http.StatusFound)
	return true
}

// The errors of BASE_ERROR_CODES social sign-in answers.
var (
	errProviderNotFound       = errCode(404, "PROVIDER_NOT_FOUND", "Provider not found")
	errIDTokenNotSupported    = errCode(404, "ID_TOKEN_NOT_SUPPORTED", "id_token not supported")
	errInvalidToken           = errCode(401, "INVALID_TOKEN", "Invalid token")
	errFailedToGetUserInfo    = errCode(401, "FAILED_TO_GET_USER_INFO", "Failed to get user info")
	errUserEmailNotFound      = errCode(401, "USER_EMAIL_NOT_FOUND", "User email not found")
	errCallbackURLRequired    = errCode(400, "CALLBACK_URL_REQUIRED", "callbackURL is required")
	errSocialAlreadyLinked    = errCode(409, "SOCIAL_ACCOUNT_ALREADY_LINKED", "Social account already linked")
	errLinkingNotAllowed      = errCode(401, "LINKING_NOT_ALLOWED", "Account not linked - linking not allowed")
	errLinkingDifferentEmails = errCode(401, "LINKING_DIFFERENT_EMAILS_NOT_ALLOWED", "Account not linked - different emails not allowed")
	errLinkingFailed          = errCode(417, "LINKING_FAILED", "Account not linked - unable to create account")
)

// provider is getAwaitableValue(socialProviders, id).
func (rt *runtime) provider(id string) SocialProvider {
	for _, p := range rt.opts.SocialProviders {
		if p != nil && p.ID() == id {
			return p
		}
	}
	return nil
}

// authBaseURL is ctx.context.baseURL: the origin and the base path.
func (c *call) authBaseURL() string {
	o := c.rt.baseOrigin
	if o == "" {
		o = c.rt.requestOrigin(c.r)
	}
	return o + c.rt.basePath
}

// redirectURI is <baseURL>/callback/<id>.
func (c *call) redirectURI(p SocialProvider) string {
	return c.authBaseURL() + "/callback/" + p.ID()
}

// signInSocial is POST /sign-in/social: the provider's authorization URL
// (and state), or, with idToken, a session for the ID token's user.
func (c *call) signInSocial() ([]byte, error) {
	b, err := c.readSocialBody(signInSocialFields)
	if err != nil {
		return nil, err
	}
	p := c.rt.provider(b.provider)
	if p == nil {
		return nil, errProviderNotFound
	}
	if b.idToken != nil {
		return c.signInIDToken(p, b)
	}
	return c.authorize(p, b, nil)
}

// authorize generates the state and answers the authorization URL.
func (c *call) authorize(p SocialProvider, b *socialBody, link *stateLink) ([]byte, error) {
	nonce := ""
	if p.Settings().RequiresIDTokenNonce {
		var err error
		if nonce, err = oauthRandom(32); err != nil {
			return nil, err
		}
	}
	state, verifier, err := c.generateState(b.m, link, nonce)
	if err != nil {
		return nil, err
	}
	u, err := p.AuthorizationURL(c.r.Context(), AuthorizationRequest{State: state, CodeVerifier: verifier, IDTokenNonce: nonce,
		RedirectURI: c.redirectURI(p), Scopes: b.scopes, LoginHint: b.loginHint, AdditionalParams: b.additionalParams})
	if err != nil {
		return nil, err
	}
	if !b.disableRedirect {
		c.header.Set("Location", u.String())
	}
	out := jsonBuf(`{"url":`).str(u.String())
	if b.disableRedirect {
		return append(out, `,"redirect":false}`...), nil
	}
	return append(out, `,"redirect":true}`...), nil
}

// verifiedIDTokenUser verifies body.idToken and returns the user and
// account id it names (supportsIdTokenSignIn, verifyProviderIdToken,
// getUserInfo, resolveOAuthAccountKeyForAPI).
func (c *call) verifiedIDTokenUser(p SocialProvider, idt map[string]any) (*ProviderUser, *OAuthTokens, string, error) {
	v, ok := p.(IDTokenVerifier)
	if !ok || p.Settings().DisableIDTokenSignIn {
		return nil, nil, "", errIDTokenNotSupported
	}
	token, _ := idt["token"].(string)
	nonce, _ := idt["nonce"].(string)
	good, err := v.VerifyIDToken(c.r.Context(), token, nonce)
	if err != nil || !good {
		return nil, nil, "", errInvalidToken
	}
	t := &OAuthTokens{IDToken: token}
	t.AccessToken, _ = idt["accessToken"].(string)
	t.RefreshToken, _ = idt["refreshToken"].(string)
	t.User, _ = idt["user"].(map[string]any)
	u, err := p.UserInfo(c.r.Context(), t)
	if err != nil || u == nil {
		return nil, nil, "", errFailedToGetUserInfo
	}
	if u.Email == "" {
		return nil, nil, "", errUserEmailNotFound
	}
	id, err := p.AccountSubject(u.Data, t)
	if err != nil || id == "" {
		return nil, nil, "", errFailedToGetUserInfo
	}
	return u, t, id, nil
}

func (c *call) signInIDToken(p SocialProvider, b *socialBody) ([]byte, error) {
	u, t, accountID, err := c.verifiedIDTokenUser(p, b.idToken)
	if err != nil {
		return nil, err
	}
	acc := &oauthAccount{providerID: p.ID(), accountID: accountID, idToken: &t.IDToken}
	if t.AccessToken != "" {
		acc.accessToken = &t.AccessToken
	}
	s := p.Settings()
	res, err := c.handleOAuthUserInfo(p, u, acc, b.callbackURL,
		s.DisableImplicitSignUp && !b.requestSignUp || s.DisableSignUp, false)
	if err != nil {
		return nil, err
	}
	if res.errText != "" {
		if res.errText == "email_not_verified" {
			return nil, errEmailNotVerified
		}
		return nil, errCode(401, "OAUTH_LINK_ERROR", res.errText)
	}
	c.setSessionCookie(res.token, nil)
	out := jsonBuf(`{"redirect":false,"token":`).str(res.token)
	return append(out, `,"user":`...).object(c.store().user, res.user).close(), nil
}

// linkSocial is POST /link-social: link a provider account to the
// session's user, by redirect (state with link data) or ID token.
func (c *call) linkSocial() ([]byte, error) {
	if len(c.r.Header) == 0 {
		return nil, errCode(400, "", "Headers are required")
	}
	b, err := c.readSocialBody(linkSocialFields)
	if err != nil {
		return nil, err
	}
	s, err := c.requireSession()
	if err != nil {
		return nil, err
	}
	p := c.rt.provider(b.provider)
	if p == nil {
		return nil, errProviderNotFound
	}
	userID, email := s.userID(), str(s.user, "email")
	if b.idToken == nil {
		return c.authorize(p, b, &stateLink{Email: email, UserID: userID})
	}
	delete(b.idToken, "user") // link-social's idToken schema has none (zod strips it)
	u, t, accountID, err := c.verifiedIDTokenUser(p, b.idToken)
	if err != nil {
		return nil, err
	}
	st := c.store()
	ctx := c.r.Context()
	linked, err := st.findOne(ctx, st.account, cond{"providerId", p.ID()}, cond{"accountId", accountID})
	if err != nil {
		return nil, err
	}
	done := []byte(`{"url":"","status":true,"redirect":false}`)
	if linked != nil && str(linked, "userId") == userID {
		set := record{"providerId": p.ID(), "idToken": t.IDToken, "updatedAt": c.now}
		if err := c.putToken(set, "accessToken", optional(t.AccessToken)); err != nil {
			return nil, err
		}
		if err := c.putToken(set, "refreshToken", optional(t.RefreshToken)); err != nil {
			return nil, err
		}
		if _, err := c.updateRows(st.account, set, cond{"id", linked["id"]}); err != nil {
			return nil, err
		}
		c.updateUserInfoOnLink(userID, u)
		return done, nil
	}
	if linked != nil {
		return nil, errSocialAlreadyLinked
	}
	l := c.rt.opts.Account.AccountLinking
	if !slicesContains(l.TrustedProviders, p.ID()) && !u.EmailVerified || l.Disabled {
		return nil, errLinkingNotAllowed
	}
	if strings.ToLower(u.Email) != strings.ToLower(email) && !l.AllowDifferentEmails {
		return nil, errLinkingDifferentEmails
	}
	acc := &oauthAccount{providerID: p.ID(), accountID: accountID, idToken: &t.IDToken,
		accessToken: optional(t.AccessToken), refreshToken: optional(t.RefreshToken)}
	row, err := c.accountRow(userID, acc)
	if err != nil {
		return nil, err
	}
	if _, err := c.insertRow(st.account, row); err != nil {
		if _, isAPI := err.(*APIError); isAPI {
			return nil, err
		}
		return nil, errLinkingFailed
	}
	c.updateUserInfoOnLink(userID, u)
	return done, nil
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// putToken sets a token field (encrypted with Account.EncryptOAuthTokens,
// as setTokenUtil) when the token is given.
func (c *call) putToken(set record, field string, token *string) error {
	if token == nil {
		return nil
	}
	v, err := c.sealToken(*token)
	if err != nil {
		return err
	}
	set[field] = v
	return nil
}

// sealToken is setTokenUtil.
func (c *call) sealToken(token string) (string, error) {
	if !c.rt.opts.Account.EncryptOAuthTokens || token == "" {
		return token, nil
	}
	return c.rt.keys.encrypt(token)
}

// openToken is decryptOAuthToken: with EncryptOAuthTokens, a value that
// looks encrypted ("$ba$…" or even-length hex) is decrypted.
func (c *call) openToken(token string) (string, error) {
	if token == "" || !c.rt.opts.Account.EncryptOAuthTokens || !likelyEncrypted(token) {
		return token, nil
	}
	return c.rt.keys.decrypt(token)
}

func likelyEncrypted(s string) bool {
	if strings.HasPrefix(s, "$ba$") {
		return true
	}
	if len(s)%2 != 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

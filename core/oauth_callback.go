package core

import (
	"encoding/json"
	"strings"
	"time"
)

// GET and POST /callback/:id (1.7.5's callback.mjs) and the user and
// account rules of handleOAuthUserInfo (oauth2/link-account.mjs).

// callbackFields are the callback's query (or body) parameters.
var callbackFields = []string{"code", "error", "device_id", "error_description", "state", "user", "iss"}

// appendQueryParams is 1.7.5's appendQueryParams: the parameters after the
// URL's own ("?" or "&").
func appendQueryParams(u string, params []Param) string {
	q := make([]string, 0, len(params))
	for _, p := range params {
		q = append(q, formEncode(p.Key)+"="+formEncode(p.Value))
	}
	base, frag, hasFrag := strings.Cut(u, "#")
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
		if strings.HasSuffix(base, "?") || strings.HasSuffix(base, "&") {
			sep = ""
		}
	}
	out := base + sep + strings.Join(q, "&")
	if hasFrag {
		out += "#" + frag
	}
	return out
}

// errorPage is the default error redirect target: <baseURL>/error.
func (c *call) errorPage() string { return c.authBaseURL() + "/error" }

func (c *call) redirectOnError(errorURL, code, description string) error {
	p := []Param{{Key: "error", Value: code}}
	if description != "" {
		p = append(p, Param{Key: "error_description", Value: description})
	}
	return &redirectError{url: appendQueryParams(errorURL, p)}
}

func (c *call) oauthCallback() ([]byte, error) {
	id := c.pathParam()
	in := map[string]string{}
	q := c.r.URL.Query()
	if c.r.Method == "POST" {
		// A form_post answer becomes a GET with the same parameters.
		body, _ := c.body.(map[string]any)
		var ps []Param
		for _, k := range callbackFields {
			v, inQuery := q[k]
			switch {
			case inQuery && len(v) > 0:
				ps = append(ps, Param{Key: k, Value: v[0]})
			case body[k] != nil:
				s, ok := body[k].(string)
				if !ok {
					return nil, c.redirectOnError(c.errorPage(), "invalid_callback_request", "")
				}
				ps = append(ps, Param{Key: k, Value: s})
			}
		}
		q := make([]string, 0, len(ps))
		for _, p := range ps {
			q = append(q, formEncode(p.Key)+"="+formEncode(p.Value))
		}
		return nil, &redirectError{url: c.authBaseURL() + "/callback/" + id + "?" + strings.Join(q, "&")}
	}
	for _, k := range callbackFields {
		if v, ok := q[k]; ok && len(v) > 0 {
			in[k] = v[0]
		}
	}
	state := in["state"]
	if state == "" {
		return nil, c.redirectOnError(c.errorPage(), "state_not_found", "")
	}
	s, err := c.parseState(state)
	if err != nil {
		if se, ok := err.(*stateError); ok {
			target := c.errorPage()
			if se.errorURL != "" {
				target = se.errorURL
			}
			code := se.code
			return nil, c.redirectOnError(target, code, "")
		}
		return nil, err
	}
	c.oauthParsed = s // getOAuthState() for the after hooks
	errorURL := s.ErrorURL
	if errorURL == "" {
		errorURL = c.errorPage()
	}
	fail := func(code, desc string) ([]byte, error) { return nil, c.redirectOnError(errorURL, code, desc) }
	if e := in["error"]; e != "" {
		return fail(e, in["error_description"])
	}
	code := in["code"]
	if code == "" {
		return fail("no_code", "")
	}
	p := c.rt.provider(id)
	if p == nil {
		return fail("oauth_provider_not_found", "")
	}
	set := p.Settings()
	if iss := in["iss"]; iss != "" && set.Issuer != "" && iss != set.Issuer {
		return fail("issuer_mismatch", "")
	}
	if set.RequiresIDTokenNonce && s.IDTokenNonce == "" {
		return fail("nonce_binding_missing", "")
	}
	ctx := c.r.Context()
	tokens, err := p.ExchangeCode(ctx, CodeExchange{Code: code, CodeVerifier: s.CodeVerifier, DeviceID: in["device_id"], RedirectURI: c.redirectURI(p)})
	if err != nil || tokens == nil {
		if err != nil {
			c.rt.log.Error("better-auth: OAuth code exchange failed", "provider", id, "err", err)
		}
		return fail("invalid_code", "")
	}
	tokens.ExpectedIDTokenNonce = s.IDTokenNonce
	if raw := in["user"]; raw != "" {
		var user map[string]any // safeJSONParse: anything else is none
		if json.Unmarshal([]byte(raw), &user) == nil {
			tokens.User = user
		}
	}
	u, err := p.UserInfo(ctx, tokens)
	if err != nil || u == nil {
		return fail("unable_to_get_user_info", "")
	}
	accountID, err := p.AccountSubject(u.Data, tokens)
	if err != nil || accountID == "" {
		return fail("unable_to_get_user_info", "")
	}
	if s.CallbackURL == "" {
		return fail("no_callback_url", "")
	}
	scope := strings.Join(tokens.Scopes, ",")
	acc := &oauthAccount{providerID: p.ID(), accountID: accountID, accessToken: optional(tokens.AccessToken),
		refreshToken: optional(tokens.RefreshToken), idToken: optional(tokens.IDToken),
		accessExp: tokens.AccessTokenExpiresAt, refreshExp: tokens.RefreshTokenExpiresAt, scope: &scope}
	if s.Link != nil {
		return c.linkFromCallback(p, u, acc, tokens, s, fail)
	}
	if u.Email == "" {
		return fail("email_not_found", "")
	}
	req := s.RequestSignUp != nil && *s.RequestSignUp
	res, err := c.handleOAuthUserInfo(p, u, acc, s.CallbackURL, set.DisableImplicitSignUp && !req || set.DisableSignUp, set.OverrideUserInfoOnSignIn)
	if err != nil {
		if ae, ok := err.(*APIError); ok && ae.Code != "" {
			return fail(ae.Code, ae.Message)
		}
		return nil, err
	}
	if res.errText != "" {
		return fail(strings.ReplaceAll(res.errText, " ", "_"), "")
	}
	c.setSessionCookie(res.token, nil)
	to := s.CallbackURL
	if res.isRegister && s.NewUserURL != "" {
		to = s.NewUserURL
	}
	return nil, &redirectError{url: to}
}

// linkFromCallback is the callback's link branch (link-social by
// redirect).
func (c *call) linkFromCallback(p SocialProvider, u *ProviderUser, acc *oauthAccount, tokens *OAuthTokens, s *oauthState,
	fail func(code, desc string) ([]byte, error)) ([]byte, error) {
	l := c.rt.opts.Account.AccountLinking
	if !slicesContains(l.TrustedProviders, p.ID()) && !u.EmailVerified || l.Disabled {
		return fail("unable_to_link_account", "")
	}
	if strings.ToLower(u.Email) != strings.ToLower(s.Link.Email) && !l.AllowDifferentEmails {
		return fail("email_does_not_match", "")
	}
	st := c.store()
	existing, err := st.findOne(c.r.Context(), st.account, cond{"providerId", acc.providerID}, cond{"accountId", acc.accountID})
	if err != nil {
		return nil, err
	}
	if existing != nil {
		if str(existing, "userId") != s.Link.UserID {
			return fail("account_already_linked_to_different_user", "")
		}
		set := record{"providerId": p.ID(), "updatedAt": c.now}
		if err := c.putToken(set, "accessToken", acc.accessToken); err != nil {
			return nil, err
		}
		if err := c.putToken(set, "refreshToken", acc.refreshToken); err != nil {
			return nil, err
		}
		if acc.idToken != nil {
			set["idToken"] = *acc.idToken
		}
		if !acc.accessExp.IsZero() {
			set["accessTokenExpiresAt"] = acc.accessExp
		}
		if !acc.refreshExp.IsZero() {
			set["refreshTokenExpiresAt"] = acc.refreshExp
		}
		if merged := mergeScopes(str(existing, "scope"), tokens.Scopes); merged != "" {
			set["scope"] = merged
		}
		if _, err := c.updateRows(st.account, set, cond{"id", existing["id"]}); err != nil {
			return nil, err
		}
	} else {
		row, err := c.accountRow(s.Link.UserID, acc)
		if err != nil {
			return nil, err
		}
		if _, err := c.insertRow(st.account, row); err != nil {
			if ae, ok := err.(*APIError); ok {
				return nil, ae
			}
			return fail("unable_to_link_account", "")
		}
	}
	c.updateUserInfoOnLink(s.Link.UserID, u)
	return nil, &redirectError{url: s.CallbackURL}
}

// mergeScopes is 1.7.5's mergeScopes: stored scopes then new ones, once.
func mergeScopes(stored string, incoming []string) string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if stored != "" {
		for _, s := range strings.Split(stored, ",") {
			add(s)
		}
	}
	for _, s := range incoming {
		add(s)
	}
	return strings.Join(out, ",")
}

// oauthAccount is the account data of a sign-in; nil and zero fields are
// undefined.
type oauthAccount struct {
	providerID, accountID              string
	accessToken, refreshToken, idToken *string
	accessExp, refreshExp              time.Time
	scope                              *string
}

// accountRow is the account row createAccount and linkAccount insert,
// tokens sealed.
func (c *call) accountRow(userID string, a *oauthAccount) (record, error) {
	r := record{"providerId": a.providerID, "accountId": a.accountID, "userId": userID, "createdAt": c.now, "updatedAt": c.now}
	if err := c.putToken(r, "accessToken", a.accessToken); err != nil {
		return nil, err
	}
	if err := c.putToken(r, "refreshToken", a.refreshToken); err != nil {
		return nil, err
	}
	if a.idToken != nil {
		r["idToken"] = *a.idToken
	}
	if !a.accessExp.IsZero() {
		r["accessTokenExpiresAt"] = a.accessExp
	}
	if !a.refreshExp.IsZero() {
		r["refreshTokenExpiresAt"] = a.refreshExp
	}
	if a.scope != nil {
		r["scope"] = *a.scope
	}
	for _, f := range c.store().account.fields {
		if _, ok := r[f.Name]; !ok {
			r[f.Name] = staticDefault(f, c)
		}
	}
	return r, nil
}

// oauthResult is handleOAuthUserInfo's answer: a session, or an error
// text ("account not linked", …).
type oauthResult struct {
	errText    string
	token      string
	user       record
	isRegister bool
}

// handleOAuthUserInfo finds or creates the user of a provider account:
// the account's owner; else the user with the email, linked implicitly
// when the provider is trusted or says the email is verified, the local
// email is verified and linking is on; else a new user, unless sign-up is
// disabled. Then a session.
func (c *call) handleOAuthUserInfo(p SocialProvider, u *ProviderUser, acc *oauthAccount, callbackURL string, disableSignUp, override bool) (*oauthResult, error) {
	st := c.store()
	ctx := c.r.Context()
	email := strings.ToLower(u.Email)
	var user, linked record
	owned, err := st.findOne(ctx, st.account, cond{"providerId", acc.providerID}, cond{"accountId", acc.accountID})
	if err != nil {
		return nil, err
	}
	if owned != nil {
		if user, err = st.findOne(ctx, st.user, cond{"id", owned["userId"]}); err != nil {
			return nil, err
		}
		if user == nil {
			c.rt.log.Error("better-auth: OAuth account references a missing user")
			return &oauthResult{errText: "unable to link account"}, nil
		}
		linked = owned
	} else if user, err = st.findOne(ctx, st.user, cond{"email", email}); err != nil {
		return nil, err
	}
	res := &oauthResult{isRegister: user == nil}
	l := c.rt.opts.Account.AccountLinking
	switch {
	case user != nil && linked == nil:
		trusted := slicesContains(l.TrustedProviders, acc.providerID)
		if !trusted && !u.EmailVerified || user["emailVerified"] != true || l.Disabled || l.DisableImplicitLinking {
			return &oauthResult{errText: "account not linked"}, nil
		}
		row, err := c.accountRow(str(user, "id"), acc)
		if err != nil {
			return nil, err
		}
		if _, err := c.insertRow(st.account, row); err != nil {
			if _, isAPI := err.(*APIError); isAPI {
				return nil, err
			}
			c.rt.log.Error("better-auth: unable to link account", "err", redactDBError(err))
			return &oauthResult{errText: "unable to link account"}, nil
		}
		if err := c.verifyEmailFromProvider(user, u, email); err != nil {
			return nil, err
		}
		if up := c.updateUserInfoOnLink(str(user, "id"), u); up != nil {
			user = up
		}
	case user != nil:
		if c.rt.opts.Account.UpdateAccountOnSignIn == nil || *c.rt.opts.Account.UpdateAccountOnSignIn {
			set := record{"providerId": acc.providerID}
			if acc.idToken != nil {
				set["idToken"] = *acc.idToken
			}
			if err := c.putToken(set, "accessToken", acc.accessToken); err != nil {
				return nil, err
			}
			if err := c.putToken(set, "refreshToken", acc.refreshToken); err != nil {
				return nil, err
			}
			if !acc.accessExp.IsZero() {
				set["accessTokenExpiresAt"] = acc.accessExp
			}
			if !acc.refreshExp.IsZero() {
				set["refreshTokenExpiresAt"] = acc.refreshExp
			}
			set["updatedAt"] = c.now
			n, err := c.updateRows(st.account, set, cond{"id", linked["id"]})
			if err != nil {
				return nil, err
			}
			if n == 0 {
				return &oauthResult{errText: "unable to update account"}, nil
			}
		}
		if err := c.verifyEmailFromProvider(user, u, email); err != nil {
			return nil, err
		}
	default:
		if disableSignUp {
			return &oauthResult{errText: "signup disabled"}, nil
		}
		image := ""
		if u.Image != nil {
			image = *u.Image
		}
		nu := c.newUserRecord(u.Name, email, image, u.Image != nil, nil)
		nu["emailVerified"] = u.EmailVerified
		err := c.inTx(func() error {
			if _, err := c.insertRow(st.user, nu); err != nil {
				return err
			}
			row, err := c.accountRow(str(nu, "id"), acc)
			if err != nil {
				return err
			}
			_, err = c.insertRow(st.account, row)
			return err
		})
		if err != nil {
			if _, isAPI := err.(*APIError); isAPI {
				return nil, err
			}
			c.rt.log.Error("better-auth: unable to create OAuth user", "err", redactDBError(err))
			return &oauthResult{errText: "unable to create user"}, nil
		}
		user = nu
	}
	if override && !res.isRegister {
		set := record{"name": u.Name, "email": email, "updatedAt": c.now}
		if u.Image != nil {
			set["image"] = *u.Image
		}
		ev := u.EmailVerified
		if email == str(user, "email") {
			ev = user["emailVerified"] == true || u.EmailVerified
		}
		set["emailVerified"] = ev
		if _, err := c.updateRows(st.user, set, cond{"id", user["id"]}); err != nil {
			c.rt.log.Warn("better-auth: could not update user info during OAuth sign in", "err", redactDBError(err))
		} else {
			for k, v := range set {
				user[k] = v
			}
		}
	}
	// dispatchVerificationEmail: a new user whose provider did not say the
	// email is verified gets the link when SendOnSignUp is set (1.7.5's
	// providers' requireEmailVerification has no Go option, so nil means
	// no); a failed send is only logged.
	ev := c.rt.opts.EmailVerification
	if res.isRegister && user["emailVerified"] != true && ev.SendOnSignUp != nil && *ev.SendOnSignUp && ev.SendVerificationEmail != nil {
		if err := c.sendVerificationLink(user, callbackURL); err != nil {
			c.rt.log.Error("better-auth: failed to send OAuth verification email", "err", redactDBError(err))
		}
	}
	token, err := c.createSession(str(user, "id"), false)
	if err != nil {
		return nil, err
	}
	res.token, res.user = token, user
	return res, nil
}

// verifyEmailFromProvider marks the user's email verified when the
// provider says the same address is.
func (c *call) verifyEmailFromProvider(user record, u *ProviderUser, email string) error {
	if !u.EmailVerified || user["emailVerified"] == true || email != str(user, "email") {
		return nil
	}
	set := record{"emailVerified": true, "updatedAt": c.now}
	if _, err := c.updateRows(c.store().user, set, cond{"id", user["id"]}); err != nil {
		return err
	}
	user["emailVerified"], user["updatedAt"] = true, c.now
	return nil
}

// updateUserInfoOnLink is applyUpdateUserInfoOnLink: with
// AccountLinking.UpdateUserInfoOnLink, the provider's name and image
// replace the user's (never the email). It returns the updated user, nil
// when nothing changed; a failure is only logged.
func (c *call) updateUserInfoOnLink(userID string, u *ProviderUser) record {
	if !c.rt.opts.Account.AccountLinking.UpdateUserInfoOnLink {
		return nil
	}
	st := c.store()
	set := record{"name": u.Name, "updatedAt": c.now}
	if u.Image != nil {
		set["image"] = *u.Image
	}
	if _, err := c.updateRows(st.user, set, cond{"id", userID}); err != nil {
		c.rt.log.Warn("better-auth: could not update user info on account link", "err", redactDBError(err))
		return nil
	}
	user, err := st.findOne(c.r.Context(), st.user, cond{"id", userID})
	if err != nil {
		return nil
	}
	return user
}

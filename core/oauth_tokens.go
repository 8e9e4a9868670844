package core

import (
	"sort"
	"strings"
	"time"
)

// The provider token endpoints of 1.7.5's account.mjs: get-access-token
// (refreshing an expired token), refresh-token and account-info.

// accountSelection is accountSelectionSchema: {accountId, userId?} or
// {useAccountCookie: true, userId?} (strict objects).
type accountSelection struct {
	accountID, userID string
	cookie            bool // useAccountCookie
}

func (c *call) readAccountSelection(in map[string]any, where string) (*accountSelection, error) {
	// Each union option: aborted (a declared key missing or of the
	// wrong type) or its unrecognized keys; zod answers the first
	// option that matched, else the first that only has unknown keys,
	// else "Invalid input".
	try := func(first string, ok func(any) bool) (aborted bool, unknown []string) {
		if !ok(in[first]) {
			return true, nil
		}
		if v, has := in["userId"]; has {
			if _, isStr := v.(string); !isStr {
				return true, nil
			}
		}
		for k := range in {
			if k != first && k != "userId" {
				unknown = append(unknown, k)
			}
		}
		sort.Strings(unknown)
		return false, unknown
	}
	isStr := func(v any) bool { _, ok := v.(string); return ok }
	abortA, unknownA := try("accountId", isStr)
	abortB, unknownB := try("useAccountCookie", func(v any) bool { return v == true })
	sel := &accountSelection{}
	sel.userID, _ = in["userId"].(string)
	switch {
	case in == nil:
	case !abortA && len(unknownA) == 0:
		sel.accountID = in["accountId"].(string)
		return sel, nil
	case !abortB && len(unknownB) == 0:
		sel.cookie = true
		return sel, nil
	case !abortA:
		return nil, unrecognizedKeys(where, unknownA)
	case !abortB:
		return nil, unrecognizedKeys(where, unknownB)
	}
	return nil, errCode(400, "VALIDATION_ERROR", "["+where+"] Invalid input")
}

func unrecognizedKeys(where string, keys []string) error {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = string(stateJSONValue(k))
	}
	msg := "Unrecognized key: "
	if len(keys) > 1 {
		msg = "Unrecognized keys: "
	}
	return errCode(400, "VALIDATION_ERROR", "["+where+"] "+msg+strings.Join(q, ", "))
}

// errNoSession is ctx.error("UNAUTHORIZED"): a 401 without a body.
var errNoSession = &rawResponse{status: 401, contentType: "application/json"}

// resolveUserID is resolveUserId: the session's user, else 401 (a
// request always has headers).
func (c *call) resolveUserID() (string, error) {
	s, err := c.session()
	if err != nil {
		return "", err
	}
	if s == nil {
		return "", errNoSession
	}
	return s.userID(), nil
}

func (c *call) selectedAccount(userID string, sel *accountSelection) (record, error) {
	if sel.cookie {
		return nil, errAccountNotFound // storeAccountCookie is not served: no account cookie
	}
	st := c.store()
	rows, err := st.find(c.r.Context(), st.account, cond{"userId", userID})
	if err != nil {
		return nil, err
	}
	for _, a := range rows {
		if str(a, "id") == sel.accountID {
			return a, nil
		}
	}
	return nil, errAccountNotFound
}

var (
	errFailedAccessToken  = errCode(400, "FAILED_TO_GET_ACCESS_TOKEN", "Failed to get a valid access token")
	errFailedRefresh      = errCode(400, "FAILED_TO_REFRESH_ACCESS_TOKEN", "Failed to refresh access token")
	errRefreshTokenAbsent = errCode(400, "REFRESH_TOKEN_NOT_FOUND", "Refresh token not found")
	errAccessTokenAbsent  = errCode(400, "ACCESS_TOKEN_NOT_FOUND", "Access token not found")
)

func providerNotSupported(id string) error {
	return errCode(400, "PROVIDER_NOT_SUPPORTED", "Provider "+id+" is not supported.")
}

// validTokens is getValidAccessToken: the account's tokens, refreshed
// first when the access token expires within 5 seconds.
type validTokens struct {
	accessToken string
	expiresAt   time.Time
	scopes      []string
	idToken     *string
}

func (c *call) validAccessToken(a record) (*validTokens, error) {
	p := c.rt.provider(str(a, "providerId"))
	if p == nil {
		return nil, providerNotSupported(str(a, "providerId"))
	}
	out := &validTokens{scopes: storedScopes(str(a, "scope"))}
	if id, ok := a["idToken"].(string); ok {
		out.idToken = &id
	}
	exp := tm(a, "accessTokenExpiresAt")
	refresher, canRefresh := p.(TokenRefresher)
	var fresh *OAuthTokens
	if str(a, "refreshToken") != "" && !exp.IsZero() && exp.Sub(time.Now()) < 5*time.Second && canRefresh {
		rt, err := c.openToken(str(a, "refreshToken"))
		if err != nil {
			return nil, errFailedAccessToken
		}
		if fresh, err = refresher.RefreshAccessToken(c.r.Context(), rt); err != nil || fresh == nil {
			return nil, errFailedAccessToken
		}
		set := record{"updatedAt": c.now}
		access, err := c.sealToken(fresh.AccessToken)
		if err != nil {
			return nil, errFailedAccessToken
		}
		set["accessToken"] = nilIfEmpty(access)
		set["accessTokenExpiresAt"] = nilIfZero(fresh.AccessTokenExpiresAt)
		if fresh.RefreshToken != "" {
			if set["refreshToken"], err = c.sealToken(fresh.RefreshToken); err != nil {
				return nil, errFailedAccessToken
			}
		}
		if !fresh.RefreshTokenExpiresAt.IsZero() {
			set["refreshTokenExpiresAt"] = fresh.RefreshTokenExpiresAt
		}
		if fresh.IDToken != "" {
			set["idToken"] = fresh.IDToken
		}
		if _, err := c.updateRows(c.store().account, set, cond{"id", a["id"]}); err != nil {
			return nil, errFailedAccessToken
		}
	}
	if fresh != nil {
		out.accessToken = fresh.AccessToken
		out.expiresAt = fresh.AccessTokenExpiresAt
		if out.expiresAt.IsZero() {
			out.expiresAt = exp
		}
		if fresh.IDToken != "" {
			out.idToken = &fresh.IDToken
		}
		return out, nil
	}
	at, err := c.openToken(str(a, "accessToken"))
	if err != nil {
		return nil, errFailedAccessToken
	}
	out.accessToken, out.expiresAt = at, exp
	return out, nil
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nilIfZero(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func storedScopes(scope string) []string {
	out := []string{}
	for _, s := range splitComma(scope) {
		out = append(out, s)
	}
	return out
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			if t := jsTrim(s[start:i]); t != "" {
				out = append(out, t)
			}
			start = i + 1
		}
	}
	return out
}

func (t *validTokens) json() []byte {
	b := jsonBuf(`{"accessToken":`).str(t.accessToken)
	if !t.expiresAt.IsZero() {
		b = append(b, `,"accessTokenExpiresAt":`...).value(t.expiresAt)
	}
	b = append(b, `,"scopes":`...).value(t.scopes)
	if t.idToken != nil {
		b = append(b, `,"idToken":`...).str(*t.idToken)
	}
	return b.close()
}

// bodyAccount is the account a get-access-token or refresh-token body
// selects, of the caller's user.
func (c *call) bodyAccount() (record, error) {
	body, _ := c.body.(map[string]any)
	sel, err := c.readAccountSelection(body, "body")
	if err != nil {
		return nil, err
	}
	userID, err := c.resolveUserID()
	if err != nil {
		return nil, err
	}
	return c.selectedAccount(userID, sel)
}

// getAccessToken is POST /get-access-token.
func (c *call) getAccessToken() ([]byte, error) {
	a, err := c.bodyAccount()
	if err != nil {
		return nil, err
	}
	t, err := c.validAccessToken(a)
	if err != nil {
		return nil, err
	}
	return t.json(), nil
}

// refreshToken is POST /refresh-token.
func (c *call) refreshToken() ([]byte, error) {
	a, err := c.bodyAccount()
	if err != nil {
		return nil, err
	}
	pid := str(a, "providerId")
	p := c.rt.provider(pid)
	if p == nil {
		return nil, providerNotSupported(pid)
	}
	refresher, ok := p.(TokenRefresher)
	if !ok {
		return nil, errCode(400, "TOKEN_REFRESH_NOT_SUPPORTED", "Provider "+pid+" does not support token refreshing.")
	}
	stored := str(a, "refreshToken")
	if stored == "" {
		return nil, errRefreshTokenAbsent
	}
	plain, err := c.openToken(stored)
	if err != nil {
		return nil, errFailedRefresh
	}
	t, err := refresher.RefreshAccessToken(c.r.Context(), plain)
	if err != nil || t == nil {
		return nil, errFailedRefresh
	}
	newRefresh := stored
	if t.RefreshToken != "" {
		if newRefresh, err = c.sealToken(t.RefreshToken); err != nil {
			return nil, errFailedRefresh
		}
	}
	refreshExp := t.RefreshTokenExpiresAt
	if refreshExp.IsZero() {
		refreshExp = tm(a, "refreshTokenExpiresAt")
	}
	access, err := c.sealToken(t.AccessToken)
	if err != nil {
		return nil, errFailedRefresh
	}
	idToken := any(t.IDToken)
	if t.IDToken == "" {
		idToken = a["idToken"]
	}
	set := record{"accessToken": nilIfEmpty(access), "refreshToken": newRefresh, "accessTokenExpiresAt": nilIfZero(t.AccessTokenExpiresAt),
		"refreshTokenExpiresAt": nilIfZero(refreshExp), "idToken": idToken, "updatedAt": c.now}
	if _, err := c.updateRows(c.store().account, set, cond{"id", a["id"]}); err != nil {
		return nil, errFailedRefresh
	}
	respRefresh := t.RefreshToken
	if respRefresh == "" {
		respRefresh = plain
	}
	b := jsonBuf(`{"accessToken":`).str(t.AccessToken)
	b = append(b, `,"refreshToken":`...).str(respRefresh)
	if !t.AccessTokenExpiresAt.IsZero() {
		b = append(b, `,"accessTokenExpiresAt":`...).value(t.AccessTokenExpiresAt)
	}
	// The account's values are present, null when the row has none.
	b = append(b, `,"refreshTokenExpiresAt":`...).value(nilIfZero(refreshExp))
	b = append(b, `,"scope":`...).value(a["scope"])
	b = append(b, `,"idToken":`...).value(idToken)
	b = append(b, `,"providerId":`...).str(pid)
	b = append(b, `,"accountId":`...).str(str(a, "id"))
	return b.close(), nil
}

// accountInfo is GET /account-info: the provider's current user info for
// one of the session user's accounts.
func (c *call) accountInfo() ([]byte, error) {
	in := map[string]any{}
	for k, v := range c.r.URL.Query() {
		if len(v) > 0 {
			in[k] = v[0]
		}
	}
	sel, err := c.readAccountSelection(in, "query")
	if err != nil {
		return nil, err
	}
	userID, err := c.resolveUserID()
	if err != nil {
		return nil, err
	}
	a, err := c.selectedAccount(userID, sel)
	if err != nil {
		return nil, err
	}
	p := c.rt.provider(str(a, "providerId"))
	if p == nil {
		return nil, errCode(400, "PROVIDER_NOT_CONFIGURED", "Account is not associated with a configured social provider.")
	}
	t, err := c.validAccessToken(a)
	if err != nil {
		return nil, err
	}
	if t.accessToken == "" {
		return nil, errAccessTokenAbsent
	}
	tokens := &OAuthTokens{AccessToken: t.accessToken, AccessTokenExpiresAt: t.expiresAt, Scopes: t.scopes}
	if t.idToken != nil {
		tokens.IDToken = *t.idToken
	}
	info, err := p.UserInfo(c.r.Context(), tokens)
	if err != nil || info == nil {
		return nil, errFailedToGetUserInfo
	}
	b := jsonBuf(`{"user":{`)
	b = append(b, `"name":`...).str(info.Name)
	if info.Email != "" {
		b = append(b, `,"email":`...).str(info.Email)
	}
	if info.Image != nil {
		b = append(b, `,"image":`...).str(*info.Image)
	}
	b = append(b, `,"emailVerified":`...).value(info.EmailVerified)
	b = append(b, `},"data":`...).value(info.Data)
	b = append(b, `,"account":{"id":`...).str(str(a, "id"))
	b = append(b, `,"providerId":`...).str(str(a, "providerId"))
	b = append(b, `,"accountId":`...).str(str(a, "accountId"))
	return append(b, "}}"...), nil
}

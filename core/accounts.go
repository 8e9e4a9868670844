package core

import "strings"

// GET /list-accounts and POST /unlink-account, following Better Auth
// 1.7.5's routes step by step (better-auth/dist/api/routes/account.mjs).

func init() {
	addRoutes(map[string]route{
		"GET /list-accounts":   {nil, (*call).listAccounts},
		"POST /unlink-account": {[]string{mediaJSON}, (*call).unlinkAccount},
	})
}

var (
	errUnlinkLastAccount = errCode(400, "FAILED_TO_UNLINK_LAST_ACCOUNT", "You can't unlink your last account")
	errAccountNotFound   = errCode(400, "ACCOUNT_NOT_FOUND", "Account not found")
)

// accountSecrets are the fields parseAccountOutput always leaves out of
// list-accounts, whatever the schema says; scope is answered as scopes.
var accountSecrets = map[string]bool{"accessToken": true, "refreshToken": true, "idToken": true,
	"accessTokenExpiresAt": true, "refreshTokenExpiresAt": true, "password": true, "scope": true}

func (c *call) listAccounts() ([]byte, error) {
	s, err := c.requireSession()
	if err != nil {
		return nil, err
	}
	st := c.rt.st
	rows, err := st.find(c.r.Context(), st.account, cond{"userId", s.userID()})
	if err != nil {
		return nil, err
	}
	b := jsonBuf("[")
	for i, r := range rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		first := true
		for _, f := range st.account.fields {
			if !returned(f) || accountSecrets[f.Name] {
				continue
			}
			b = b.key(f.Name, first).value(r[f.Name])
			first = false
		}
		b = b.key("id", first).value(r["id"])
		b = append(b, `,"scopes":[`...)
		n := 0
		for _, sc := range strings.Split(str(r, "scope"), ",") {
			if sc = jsTrim(sc); sc != "" {
				if n > 0 {
					b = append(b, ',')
				}
				b = b.str(sc)
				n++
			}
		}
		b = append(b, "]}"...)
	}
	return append(b, ']'), nil
}

func (c *call) unlinkAccount() ([]byte, error) {
	v := newValidator(c.body, false)
	accountID := v.str("accountId", false)
	if err := v.err(); err != nil {
		return nil, err
	}
	// freshSessionMiddleware.
	s, err := c.requireSession()
	if err != nil {
		return nil, err
	}
	if !c.fresh(s) {
		return nil, errSessionNotFresh
	}
	st := c.rt.st
	accounts, err := st.find(c.r.Context(), st.account, cond{"userId", s.userID()})
	if err != nil {
		return nil, err
	}
	// Only a single account is protected: with none, the id is simply
	// not found.
	if len(accounts) == 1 && !c.rt.opts.Account.AccountLinking.AllowUnlinkingAll {
		return nil, errUnlinkLastAccount
	}
	for _, a := range accounts {
		if a["id"] == accountID {
			if err := c.deleteRows(st.account, cond{"id", a["id"]}); err != nil {
				return nil, err
			}
			return []byte(`{"status":true}`), nil
		}
	}
	return nil, errAccountNotFound
}

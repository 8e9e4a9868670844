package core_test

import (
	"database/sql"
	"net/http"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
)

// socialFlow is sign-in/social (or link-social) → provider → callback on
// one browser; the callback's answer is the browser's last response.
func socialFlow(b *browser, path string, body map[string]any) {
	b.t.Helper()
	res := b.do("POST", path, body)
	if b.status != 200 {
		return
	}
	b.do("GET", b.followToProvider(jsonKey(res, "url")), nil)
}

func markVerified(t *testing.T, dbs ...*sql.DB) {
	t.Helper()
	for _, db := range dbs {
		if _, err := db.Exec(`UPDATE user SET emailVerified = 1`); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDifferentialSocialOptions compares the account options social
// sign-in reads — implicit linking and its rules (local and provider
// email verification, TrustedProviders, DisableImplicitLinking, Disabled,
// UpdateUserInfoOnLink), link-social's AllowDifferentEmails,
// UpdateAccountOnSignIn false, EncryptOAuthTokens and the cookie state
// strategy — with Better Auth 1.7.5 given the same options: every answer
// and the rows written.
func TestDifferentialSocialOptions(t *testing.T) {
	no := false
	cases := []struct {
		name     string
		account  core.AccountOptions
		ts       map[string]any
		verified bool // the provider says the email is verified
		local    bool // the local user's email is verified
		linked   bool // the provider account ends up linked
		steps    func(t *testing.T, b *browser)
	}{
		{name: "implicit link", linked: true, verified: true, local: true},
		{name: "local email unverified", verified: true},
		{name: "provider email unverified", local: true},
		{name: "trusted provider", linked: true, local: true, account: core.AccountOptions{AccountLinking: core.AccountLinking{TrustedProviders: []string{"gitlab"}}},
			ts: map[string]any{"accountLinking": map[string]any{"trustedProviders": []string{"gitlab"}}}},
		{name: "implicit linking disabled", verified: true, local: true, account: core.AccountOptions{AccountLinking: core.AccountLinking{DisableImplicitLinking: true}},
			ts: map[string]any{"accountLinking": map[string]any{"disableImplicitLinking": true}}},
		{name: "linking disabled", verified: true, local: true, account: core.AccountOptions{AccountLinking: core.AccountLinking{Disabled: true}},
			ts: map[string]any{"accountLinking": map[string]any{"enabled": false}}},
		{name: "update user info on link", linked: true, verified: true, local: true, account: core.AccountOptions{AccountLinking: core.AccountLinking{UpdateUserInfoOnLink: true}},
			ts: map[string]any{"accountLinking": map[string]any{"updateUserInfoOnLink": true}}},
		{name: "encrypted tokens, cookie state, no account update", linked: true, verified: true, local: true,
			account: core.AccountOptions{EncryptOAuthTokens: true, StoreStateStrategy: "cookie", UpdateAccountOnSignIn: &no},
			ts:      map[string]any{"encryptOAuthTokens": true, "storeStateStrategy": "cookie", "updateAccountOnSignIn": false}},
		{name: "link-social, different email", verified: true, steps: linkDifferentEmail},
		{name: "link-social, different emails allowed", linked: true, verified: true, steps: linkDifferentEmail,
			account: core.AccountOptions{AccountLinking: core.AccountLinking{AllowDifferentEmails: true, UpdateUserInfoOnLink: true}},
			ts:      map[string]any{"accountLinking": map[string]any{"allowDifferentEmails": true, "updateUserInfoOnLink": true}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			op := newTestOP(t)
			op.addUser(opUser{ID: 31, Sub: "s31", Username: "kay", Name: "Kay From Provider", Email: "kay@example.com",
				Avatar: "https://img.example/kay.png", EmailVerified: tc.verified})
			op.addUser(opUser{ID: 32, Sub: "s32", Username: "other", Name: "Other Name", Email: "other@example.com", EmailVerified: tc.verified})
			var tsOpts map[string]any
			if tc.ts != nil {
				tsOpts = map[string]any{"account": tc.ts}
			}
			goB, tsB, goDB, tsDB := socialServers(t, op, core.Options{Account: tc.account}, tsOpts)
			body := map[string]any{"name": "Kay Local", "email": "kay@example.com", "password": password}
			compareSocial(t, goB, tsB, []socialStep{{"sign-up/email", func(b *browser) { b.do("POST", "/sign-up/email", body) }}})
			if tc.local {
				markVerified(t, goDB, tsDB)
			}
			steps := tc.steps
			if steps == nil {
				steps = func(t *testing.T, b *browser) {}
			}
			compareSocial(t, goB, tsB, []socialStep{
				{"social sign-in", func(b *browser) {
					steps(t, b)
					if tc.steps == nil {
						socialFlow(b, "/sign-in/social", map[string]any{"provider": "gitlab", "callbackURL": "/dashboard",
							"errorCallbackURL": "/oops", "loginHint": "kay@example.com"})
					}
				}},
				{"get-session", func(b *browser) { b.do("GET", "/get-session", nil) }},
				{"again", func(b *browser) {
					socialFlow(b, "/sign-in/social", map[string]any{"provider": "gitlab", "callbackURL": "/again", "loginHint": "kay@example.com"})
				}},
			})
			g, w := socialRows(t, goDB, "kay@example.com"), socialRows(t, tsDB, "kay@example.com")
			if g != w {
				t.Errorf("rows\n--- go\n%s\n--- typescript\n%s", g, w)
			}
			if testing.Verbose() {
				t.Logf("rows:\n%s", g)
			}
			if strings.Contains(g, "providerId=gitlab") != tc.linked {
				t.Errorf("linked: want %v, rows:\n%s", tc.linked, g)
			}
		})
	}
}

// linkDifferentEmail links the provider's other@example.com to the
// signed-in kay@example.com through link-social.
func linkDifferentEmail(t *testing.T, b *browser) {
	socialFlow(b, "/link-social", map[string]any{"provider": "gitlab", "callbackURL": "/linked", "errorCallbackURL": "/oops",
		"loginHint": "other@example.com"})
	if b.status != http.StatusFound || !strings.HasPrefix(b.header.Get("Location"), "/") {
		t.Errorf("%s link-social: %d %s", b.origin, b.status, b.header.Get("Location"))
	}
}

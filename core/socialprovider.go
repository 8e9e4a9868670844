package core

// SocialProvider is an OAuth 2.0 or OpenID Connect provider users sign in
// with (Better Auth's OAuthProvider).
type SocialProvider interface {
	// ID is the provider id: "google", "github", the path segment of
	// /callback/:id and account.providerId.
	ID() string
}

// unservedSocial lists the social sign-in options the handler does not
// serve yet.
func unservedSocial(o Options) []string {
	var out []string
	a, l := o.Account, o.Account.AccountLinking
	out = set(out, len(o.SocialProviders) > 0, "SocialProviders")
	out = set(out, a.UpdateAccountOnSignIn != nil, "Account.UpdateAccountOnSignIn")
	out = set(out, a.EncryptOAuthTokens, "Account.EncryptOAuthTokens")
	out = set(out, a.StoreStateStrategy != "", "Account.StoreStateStrategy")
	out = set(out, a.SkipStateCookieCheck, "Account.SkipStateCookieCheck")
	out = set(out, l.Disabled, "Account.AccountLinking.Disabled")
	out = set(out, l.DisableImplicitLinking, "Account.AccountLinking.DisableImplicitLinking")
	out = set(out, len(l.TrustedProviders) > 0, "Account.AccountLinking.TrustedProviders")
	out = set(out, l.AllowDifferentEmails, "Account.AccountLinking.AllowDifferentEmails")
	out = set(out, l.UpdateUserInfoOnLink, "Account.AccountLinking.UpdateUserInfoOnLink")
	return out
}

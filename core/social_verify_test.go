package core_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/social"
)

// TestSocialSignUpSendsVerification: a social sign-up whose provider does
// not vouch for the email gets 1.7.5's verification link when
// EmailVerification.SendOnSignUp is set (dispatchVerificationEmail); a
// verified one, a returning user, or SendOnSignUp unset gets none.
func TestSocialSignUpSendsVerification(t *testing.T) {
	op := newTestOP(t)
	op.addUser(opUser{ID: 1, Sub: "unverified-sub", Username: "u", Name: "U", Email: "u@example.com", EmailVerified: false})
	op.addUser(opUser{ID: 2, Sub: "verified-sub", Username: "v", Name: "V", Email: "v@example.com", EmailVerified: true})
	var mu sync.Mutex
	var sent []core.Email
	send := func(_ context.Context, e core.Email) error {
		mu.Lock()
		defer mu.Unlock()
		sent = append(sent, e)
		return nil
	}
	for _, on := range []bool{true, false} {
		p := social.OIDC(social.OIDCOptions{ID: "acme", Issuer: op.issuer,
			Options: social.Options{ClientID: op.clientID, ClientSecret: op.secret}})
		o := core.Options{SocialProviders: []core.SocialProvider{p},
			EmailVerification: core.EmailVerification{SendVerificationEmail: send}}
		if on {
			o.EmailVerification.SendOnSignUp = core.Bool(true)
		}
		b := goSocial(t, o)
		sent = nil
		for _, email := range []string{"u@example.com", "v@example.com", "u@example.com"} {
			op.signIn(email)
			signInVia(t, newBrowser(t, b.origin), map[string]any{"provider": "acme", "callbackURL": "/home"}, nil)
		}
		want := 0
		if on {
			want = 1
		}
		if len(sent) != want {
			t.Fatalf("SendOnSignUp %v: %d messages, want %d: %+v", on, len(sent), want, sent)
		}
		if on {
			e := sent[0]
			if e.User.Email != "u@example.com" || !strings.Contains(e.URL, "/verify-email?token="+e.Token+"&callbackURL=%2Fhome") {
				t.Fatalf("message: %+v", e)
			}
		}
	}
}

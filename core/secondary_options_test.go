package core_test

import (
	"context"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/social"
)

// Sessions in SecondaryStorage alone now open (issue 16); social sign-in,
// whose OAuth state is a verification value, still needs the table (or
// the cookie state strategy), and Open says so.
func TestOpenWithSessionsInSecondaryStorage(t *testing.T) {
	base := core.Options{SecondaryStorage: memStorage{}}
	open := func(o core.Options) error {
		a, _ := newAuth(t, core.DialectSQLite, o)
		return a.Open(context.Background())
	}
	if err := open(base); err != nil {
		t.Fatalf("Open with sessions in SecondaryStorage: %v", err)
	}
	o := base
	o.SocialProviders = []core.SocialProvider{social.GitHub(social.Options{ClientID: "id", ClientSecret: "secret"})}
	err := open(o)
	if err == nil || !strings.Contains(err.Error(), "SocialProviders (with verification values in SecondaryStorage)") {
		t.Fatalf("Open: %v", err)
	}
	o.Account.StoreStateStrategy = "cookie"
	if err := open(o); err != nil {
		t.Fatalf("Open with the cookie state strategy: %v", err)
	}
	o.Account.StoreStateStrategy = ""
	o.Verification.StoreInDatabase = true
	if err := open(o); err != nil {
		t.Fatalf("Open with the verification table: %v", err)
	}
}

package core_test

import (
	"context"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
	"github.com/authctl/authctl/core/social"
)

// Sessions and verification values in SecondaryStorage alone open (issue
// 16), social sign-in too: its OAuth state is a verification value, kept
// in the storage like the others. A storage that cannot consume a key
// atomically is refused for verification values, naming the interface.
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
	if err := open(o); err != nil {
		t.Fatalf("Open with social sign-in: %v", err)
	}
	o.SecondaryStorage = getSetDelete{}
	err := open(o)
	if err == nil || !strings.Contains(err.Error(), "must implement core.SecondaryStorageGetAndDeleter") {
		t.Fatalf("Open without GetAndDelete: %v", err)
	}
	o.Verification.StoreInDatabase = true
	if err := open(o); err != nil {
		t.Fatalf("Open with the verification table: %v", err)
	}
}

// getSetDelete is a SecondaryStorage with only the three required methods.
type getSetDelete struct{ core.SecondaryStorage }

// Plugins with database hooks on sessions or verification values start
// when SecondaryStorage holds them (there is no table in the schema).
func TestOpenHooksOnTablesInSecondaryStorage(t *testing.T) {
	o := core.Options{SecondaryStorage: memStorage{}, Plugins: []core.Plugin{plugins.Admin(), plugins.LastLoginMethod()},
		DatabaseHooks: []core.DatabaseHook{{Table: "verification", Op: core.OpCreate, Before: func(*core.Context, core.Record) error { return nil }}}}
	a, _ := newAuth(t, core.DialectSQLite, o)
	if err := a.Open(context.Background()); err != nil {
		t.Fatalf("Open: %v", err)
	}
}

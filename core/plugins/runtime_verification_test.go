package plugins

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
)

// mapStorage is a SecondaryStorage that Open accepts for sessions; no
// request reaches it.
type mapStorage struct{}

func (mapStorage) Get(context.Context, string) (string, error)              { return "", nil }
func (mapStorage) Set(context.Context, string, string, time.Duration) error { return nil }
func (mapStorage) Delete(context.Context, string) error                     { return nil }

// consumingStorage can also consume a key atomically, which verification
// values in SecondaryStorage need.
type consumingStorage struct{ mapStorage }

func (consumingStorage) GetAndDelete(context.Context, string) (string, error) { return "", nil }

// The plugins that keep verification values start with them in
// SecondaryStorage alone (SecondaryStorage without
// Verification.StoreInDatabase, where the schema has no verification
// table), when the storage can consume a key atomically; otherwise Open
// names the interface and the fix.
func TestPluginsWithVerificationsInSecondaryStorage(t *testing.T) {
	send := func(*core.Context, string, string) error { return nil }
	for _, p := range []core.Plugin{
		TwoFactor(),
		MagicLink(MagicLinkOptions{SendMagicLink: func(*core.Context, MagicLinkMessage) error { return nil }}),
		EmailOTP(EmailOTPOptions{SendVerificationOTP: func(*core.Context, EmailOTPMessage) error { return nil }}),
		OneTimeToken(),
		PhoneNumber(PhoneNumberOptions{SendOTP: send}),
	} {
		o := core.Options{Secret: strings.Repeat("s", 32), SecondaryStorage: mapStorage{},
			Database: core.SQLite(filepath.Join(t.TempDir(), "auth.db")), Plugins: []core.Plugin{p}}
		err := core.New(o).Open(context.Background())
		if err == nil || !strings.Contains(err.Error(), "core.SecondaryStorageGetAndDeleter") || !strings.Contains(err.Error(), "set Verification.StoreInDatabase") {
			t.Errorf("%s: Open = %v", p.ID(), err)
		}
		// The plugin starts (Open goes on to the database, which has no
		// tables here) with a storage that consumes, or with the table.
		o.SecondaryStorage = consumingStorage{}
		if err := core.New(o).Open(context.Background()); err == nil || !strings.Contains(err.Error(), "authctl migrate") {
			t.Errorf("%s with GetAndDelete: Open = %v", p.ID(), err)
		}
		o.SecondaryStorage = mapStorage{}
		o.Verification.StoreInDatabase = true
		if err := core.New(o).Open(context.Background()); err == nil || !strings.Contains(err.Error(), "authctl migrate") {
			t.Errorf("%s with StoreInDatabase: Open = %v", p.ID(), err)
		}
	}
}

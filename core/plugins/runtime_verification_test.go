package plugins

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
)

// mapStorage is a SecondaryStorage that Open accepts; no request reaches it.
type mapStorage struct{}

func (mapStorage) Get(context.Context, string) (string, error)              { return "", nil }
func (mapStorage) Set(context.Context, string, string, time.Duration) error { return nil }
func (mapStorage) Delete(context.Context, string) error                     { return nil }

// The plugins that keep verification values refuse to start when
// SecondaryStorage without Verification.StoreInDatabase leaves the schema
// without a verification table (1.7.5 would keep the values only in the
// secondary storage), naming the plugin and the fix, instead of failing
// at the first request.
func TestPluginsNeedVerificationTable(t *testing.T) {
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
		if err == nil || !strings.Contains(err.Error(), "plugin "+p.ID()+": ") || !strings.Contains(err.Error(), "set Verification.StoreInDatabase") {
			t.Errorf("%s: Open = %v", p.ID(), err)
		}
		// With the table kept, the plugin starts (Open goes on to the
		// database, which has no tables here).
		o.Verification.StoreInDatabase = true
		if err := core.New(o).Open(context.Background()); err == nil || strings.Contains(err.Error(), "plugin ") {
			t.Errorf("%s with StoreInDatabase: Open = %v", p.ID(), err)
		}
	}
}

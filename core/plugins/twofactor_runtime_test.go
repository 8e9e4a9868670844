package plugins

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/generate"
)

const tfTestSecret = "Zq8vN3pL0wR7tY2uE5iO9aS4dF6gH1jK"

// Options the runtime cannot honour make Open fail, naming them.
func TestTwoFactorRefusesBadOptions(t *testing.T) {
	for _, tc := range []struct {
		o    TwoFactorOptions
		want string
	}{
		{TwoFactorOptions{TOTPOptions: TOTPOptions{Digits: 7}}, "TOTPOptions.Digits 7"},
		{TwoFactorOptions{TOTPOptions: TOTPOptions{Period: -1}}, "TOTPOptions.Period -1"},
		{TwoFactorOptions{OTPOptions: OTPOptions{StoreOTP: "custom"}}, `OTPOptions.StoreOTP "custom"`},
		{TwoFactorOptions{BackupCodeOptions: BackupCodeOptions{StoreBackupCodes: "hashed"}}, `BackupCodeOptions.StoreBackupCodes "hashed"`},
		{TwoFactorOptions{TrustDeviceMaxAge: -5}, "TrustDeviceMaxAge -5"},
		{TwoFactorOptions{AccountLockout: TwoFactorAccountLockout{MaxFailedAttempts: -1}}, "AccountLockout.MaxFailedAttempts -1"},
	} {
		a := core.New(core.Options{Secret: tfTestSecret, Database: core.SQLite(filepath.Join(t.TempDir(), "a.db")), Plugins: []core.Plugin{TwoFactor(tc.o)}})
		err := a.Open(context.Background())
		if err == nil || !strings.Contains(err.Error(), "plugin two-factor: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: Open = %v, want %q", tc.o, err, tc.want)
		}
		a.Close()
	}
	a := core.New(core.Options{Secret: tfTestSecret, Database: core.SQLite(filepath.Join(t.TempDir(), "b.db")),
		Plugins: []core.Plugin{TwoFactor(TwoFactorOptions{TOTPOptions: TOTPOptions{Digits: 8}, OTPOptions: OTPOptions{StoreOTP: "encrypted"}})}})
	defer a.Close()
	// No tables here: Open fails, but not on the options.
	if err := a.Open(context.Background()); err != nil && strings.Contains(err.Error(), "two-factor") {
		t.Fatalf("valid options: %v", err)
	}
}

// verifyTOTPCode accepts the codes of the current period and of one on
// either side, as @better-auth/utils' verifyTOTP (window 1), and nothing
// else: not another length, not padded, not two periods away.
func TestVerifyTOTPCode(t *testing.T) {
	secret := "0123456789abcdefghijABCDEFGHIJ-_"
	key := "GAYTEMZUGU3DOOBZMFRGGZDFMZTWQ2LKIFBEGRCFIZDUQSKKFVPQ"
	now := time.Unix(1_700_000_015, 0)
	at := func(d time.Duration, digits otp.Digits) string {
		c, err := totp.GenerateCodeCustom(key, now.Add(d), totp.ValidateOpts{Period: 30, Digits: digits, Algorithm: otp.AlgorithmSHA1})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for _, d := range []time.Duration{-30 * time.Second, 0, 30 * time.Second} {
		if !verifyTOTPCode(secret, at(d, otp.DigitsSix), 6, 30, now) {
			t.Errorf("code at %v refused", d)
		}
	}
	for _, c := range []string{at(-60*time.Second, otp.DigitsSix), at(60*time.Second, otp.DigitsSix), " " + at(0, otp.DigitsSix), at(0, otp.DigitsSix)[:5], at(0, otp.DigitsEight), ""} {
		if verifyTOTPCode(secret, c, 6, 30, now) {
			t.Errorf("code %q accepted", c)
		}
	}
	if !verifyTOTPCode(secret, at(0, otp.DigitsEight), 8, 30, now) {
		t.Error("8-digit code refused")
	}
	// RFC 4226 appendix D.
	for i, want := range []string{"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"} {
		if got := hotpCode([]byte("12345678901234567890"), uint64(i), 6); got != want {
			t.Errorf("HOTP(%d) = %s, want %s", i, got, want)
		}
	}
	// RFC 6238 appendix B (SHA-1, 8 digits).
	for unix, want := range map[int64]string{59: "94287082", 1111111109: "07081804", 1234567890: "89005924", 20000000000: "65353130"} {
		if !verifyTOTPCode("12345678901234567890", want, 8, 30, time.Unix(unix, 0)) {
			t.Errorf("TOTP at %d refused %s", unix, want)
		}
	}
	if got := totpURL(secret, "A & B", "x+y@example.com", 6, 0); got != "otpauth://totp/A%20%26%20B:x%2By%40example.com?secret="+key+"&issuer=A+%26+B&digits=6&period=30" {
		t.Errorf("totpURL = %s", got)
	}
}

// With SecondaryStorage and no verification table the challenges live in
// the storage (1.7.5's default then): two-factor starts when the storage
// can consume a key atomically (GetAndDelete), and Open fails naming it
// when it cannot.
func TestTwoFactorVerificationsInSecondaryStorage(t *testing.T) {
	for _, tc := range []struct {
		kv   core.SecondaryStorage
		want string
	}{{memKV{}, "GetAndDelete"}, {getDelKV{}, ""}} {
		path := filepath.Join(t.TempDir(), "a.db")
		a := core.New(core.Options{Secret: tfTestSecret, Database: core.SQLite(path),
			SecondaryStorage: tc.kv, Session: core.SessionOptions{StoreSessionInDatabase: true}, Plugins: []core.Plugin{TwoFactor()}})
		if s, err := a.Schema(); err == nil { // the tables Open checks
			db, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			ddl, err := generate.SQL(s, generate.SQLOptions{Dialect: "sqlite"})
			if err != nil {
				t.Fatal(err)
			}
			for _, stmt := range strings.Split(string(ddl), ";\n") {
				if stmt = strings.TrimSpace(stmt); stmt == "" {
					continue
				}
				if _, err := db.Exec(stmt); err != nil {
					t.Fatalf("%s: %v", stmt, err)
				}
			}
			db.Close()
		}
		err := a.Open(context.Background())
		a.Close()
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Fatalf("%T: Open = %v, want %q", tc.kv, err, tc.want)
		}
	}
}

// getDelKV is memKV with GetAndDelete.
type getDelKV struct{ memKV }

func (getDelKV) GetAndDelete(context.Context, string) (string, error) { return "", nil }

type memKV struct{}

func (memKV) Get(context.Context, string) (string, error)              { return "", nil }
func (memKV) Set(context.Context, string, string, time.Duration) error { return nil }
func (memKV) Delete(context.Context, string) error                     { return nil }

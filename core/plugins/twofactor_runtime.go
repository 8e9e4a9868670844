package plugins

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
)

// The twoFactor plugin's runtime, Better Auth 1.7.5's
// src/plugins/two-factor: /two-factor/enable and /disable (index.ts), the
// TOTP, OTP and backup-code endpoints (totp/, otp/, backup-codes/), the
// after hook that turns a sign-in of a user with 2FA into a
// {"twoFactorRedirect":true} challenge (the two_factor cookie) unless the
// device is trusted (the trust_device cookie), and the account lockout
// (verify-two-factor.ts). The server-only endpoints (generateTOTP,
// viewBackupCodes) have no HTTP route in Better Auth either.

var _ core.RuntimePlugin = (*twoFactorPlugin)(nil)

// Cookie names (constant.ts), before the auth cookie prefix.
const (
	twoFactorCookie   = "two_factor"
	trustDeviceCookie = "trust_device"
)

// twoFactorRuntime is the plugin's resolved options.
type twoFactorRuntime struct {
	o       TwoFactorOptions
	appName string
	// issuer is options.issuer, else the app name (enable's default).
	issuer                     string
	totpDigits, totpPeriod     int
	otpDigits, otpAttempts     int
	otpPeriod                  time.Duration
	cookieMaxAge, trustMaxAge  int
	lockout                    bool
	lockMax                    int
	lockFor                    time.Duration
	pwlessTOTP, pwlessBackup   bool
	backupAmount, backupLength int
	backupPlain                bool
	hashOTP, encryptOTP        bool
}

// Init returns the plugin's endpoints and hooks.
func (p *twoFactorPlugin) Init(in *core.PluginInit) (*core.PluginRuntime, error) {
	o := p.o
	if !in.HasField("user", "twoFactorEnabled") || in.Schema.Table("twoFactor") == nil {
		return nil, errors.New("the schema has no user.twoFactorEnabled field or twoFactor table; the twoFactor plugin's runtime needs them")
	}
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	t := &twoFactorRuntime{o: o, appName: in.AppName(), totpDigits: 6, totpPeriod: 30, otpDigits: 6, otpAttempts: 5,
		otpPeriod: 3 * time.Minute, cookieMaxAge: 600, trustMaxAge: 30 * 24 * 3600, lockout: !o.AccountLockout.Disabled,
		lockMax: 10, lockFor: 900 * time.Second, pwlessTOTP: o.AllowPasswordless, pwlessBackup: o.AllowPasswordless,
		backupAmount: 10, backupLength: 10}
	t.issuer = o.Issuer
	if t.issuer == "" {
		t.issuer = t.appName
	}
	switch d := o.TOTPOptions.Digits; d {
	case 0:
	case 6, 8:
		t.totpDigits = d
	default:
		bad("TOTPOptions.Digits %d: want 6 or 8", d)
	}
	if v := o.TOTPOptions.Period; v < 0 {
		bad("TOTPOptions.Period %d is negative", v)
	} else if v > 0 {
		t.totpPeriod = v
	}
	if v := o.OTPOptions.Digits; v < 0 || v > 64 {
		bad("OTPOptions.Digits %d: want 1 to 64", v)
	} else if v > 0 {
		t.otpDigits = v
	}
	if v := o.OTPOptions.Period; v < 0 {
		bad("OTPOptions.Period %d is negative", v)
	} else if v > 0 {
		t.otpPeriod = time.Duration(v) * time.Minute
	}
	if v := o.OTPOptions.AllowedAttempts; v < 0 {
		bad("OTPOptions.AllowedAttempts %d is negative", v)
	} else if v > 0 {
		t.otpAttempts = v
	}
	switch o.OTPOptions.StoreOTP {
	case "", "plain":
	case "hashed":
		t.hashOTP = true
	case "encrypted":
		t.encryptOTP = true
	default:
		bad(`OTPOptions.StoreOTP %q: want "plain", "encrypted" or "hashed"`, o.OTPOptions.StoreOTP)
	}
	switch o.BackupCodeOptions.StoreBackupCodes {
	case "", "encrypted":
	case "plain":
		t.backupPlain = true
	default:
		bad(`BackupCodeOptions.StoreBackupCodes %q: want "encrypted" or "plain"`, o.BackupCodeOptions.StoreBackupCodes)
	}
	if v := o.BackupCodeOptions.Amount; v < 0 {
		bad("BackupCodeOptions.Amount %d is negative", v)
	} else if v > 0 {
		t.backupAmount = v
	}
	if v := o.BackupCodeOptions.Length; v < 0 {
		bad("BackupCodeOptions.Length %d is negative", v)
	} else if v > 0 {
		t.backupLength = v
	}
	if v := o.TwoFactorCookieMaxAge; v < 0 {
		bad("TwoFactorCookieMaxAge %d is negative", v)
	} else if v > 0 {
		t.cookieMaxAge = v
	}
	if v := o.TrustDeviceMaxAge; v < 0 {
		bad("TrustDeviceMaxAge %d is negative", v)
	} else if v > 0 {
		t.trustMaxAge = v
	}
	if v := o.AccountLockout.MaxFailedAttempts; v < 0 {
		bad("AccountLockout.MaxFailedAttempts %d is negative", v)
	} else if v > 0 {
		t.lockMax = v
	}
	if v := o.AccountLockout.DurationSeconds; v < 0 {
		bad("AccountLockout.DurationSeconds %d is negative", v)
	} else if v > 0 {
		t.lockFor = time.Duration(v) * time.Second
	}
	if v := o.TOTPOptions.AllowPasswordless; v != nil {
		t.pwlessTOTP = *v
	}
	if v := o.BackupCodeOptions.AllowPasswordless; v != nil {
		t.pwlessBackup = *v
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	post := func(path string, h func(*core.Context) (json.RawMessage, error)) core.Endpoint {
		return core.Endpoint{Method: http.MethodPost, Path: path, Handler: h}
	}
	return &core.PluginRuntime{
		Endpoints: []core.Endpoint{
			post("/two-factor/get-totp-uri", t.getTOTPURI),
			post("/two-factor/verify-totp", t.verifyTOTP),
			post("/two-factor/send-otp", t.sendOTP),
			post("/two-factor/verify-otp", t.verifyOTP),
			post("/two-factor/verify-backup-code", t.verifyBackupCode),
			post("/two-factor/generate-backup-codes", t.generateBackupCodes),
			post("/two-factor/enable", t.enable),
			post("/two-factor/disable", t.disable),
		},
		After: []core.AfterHook{{
			Match: func(x *core.Context) bool {
				p := x.Path()
				return p == "/sign-in/email" || p == "/sign-in/username" || p == "/sign-in/phone-number"
			},
			Handler: t.afterSignIn,
		}},
		RateLimits: []core.PluginRateLimit{{
			Match:  func(path string) bool { return strings.HasPrefix(path, "/two-factor/") },
			Window: 10 * time.Second, Max: 3,
		}},
	}, nil
}

// TWO_FACTOR_ERROR_CODES (error-code.ts).
var twoFactorMessages = map[string]string{
	"OTP_NOT_ENABLED":                    "OTP not enabled",
	"OTP_NOT_CONFIGURED":                 "OTP is not available",
	"OTP_HAS_EXPIRED":                    "OTP has expired",
	"TOTP_NOT_ENABLED":                   "TOTP not enabled",
	"TOTP_ALREADY_ENABLED":               "TOTP is already enabled",
	"TOTP_NOT_CONFIGURED":                "TOTP is not available",
	"TWO_FACTOR_NOT_ENABLED":             "Two factor isn't enabled",
	"BACKUP_CODES_NOT_ENABLED":           "Backup codes aren't enabled",
	"INVALID_BACKUP_CODE":                "Invalid backup code",
	"INVALID_CODE":                       "Invalid code",
	"TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE": "Too many attempts. Please request a new code.",
	"ACCOUNT_TEMPORARILY_LOCKED":         "Too many failed verification attempts. Your account is temporarily locked. Please try again later.",
	"INVALID_TWO_FACTOR_COOKIE":          "Invalid two factor cookie",
}

func tfError(status int, code string) error {
	return core.NewAPIError(status, code, twoFactorMessages[code])
}

func errInvalidPassword() error { return core.NewAPIError(400, "INVALID_PASSWORD", "Invalid password") }

// credentialHash is findCredentialAccount(userId)?.password.
func credentialHash(x *core.Context, userID string) (string, error) {
	a, err := x.FindOne("account", core.Where{Field: "userId", Value: userID}, core.Where{Field: "providerId", Value: "credential"})
	if err != nil {
		return "", err
	}
	h, _ := a["password"].(string)
	return h, nil
}

// checkPassword is shouldRequirePassword then validatePassword (enable,
// disable) or checkPassword (get-totp-uri, generate-backup-codes, which
// hash a password anyway when the user has none): a wrong or missing
// password answers 400 INVALID_PASSWORD.
func checkPassword(x *core.Context, userID, password string, passwordless, hashAnyway bool) error {
	hash, err := credentialHash(x, userID)
	if err != nil {
		return err
	}
	if passwordless && hash == "" {
		return nil
	}
	if password == "" {
		return errInvalidPassword()
	}
	if hash == "" {
		if hashAnyway {
			if _, err := x.HashPassword(password); err != nil {
				return err
			}
		}
		return errInvalidPassword()
	}
	ok, err := x.VerifyPassword(hash, password)
	if err != nil {
		return err
	}
	if !ok {
		return errInvalidPassword()
	}
	return nil
}

// readPassword reads body.password: required unless passwordless.
func readPassword(v *core.Validator, passwordless bool) string {
	if passwordless {
		return v.OptionalString("password")
	}
	return v.String("password")
}

// twoFactorRow is the user's twoFactor row, or nil.
func twoFactorRow(x *core.Context, userID string) (core.Record, error) {
	return x.FindOne("twoFactor", core.Where{Field: "userId", Value: userID})
}

// enableTwoFactor sets user.twoFactorEnabled and rotates the session, as
// 1.7.5 does whenever it changes the flag.
func setTwoFactorEnabled(x *core.Context, s *core.SessionData, on bool) (core.Record, error) {
	if _, err := x.Update("user", core.Record{"twoFactorEnabled": on, "updatedAt": x.Now()}, core.Where{Field: "id", Value: s.User.ID}); err != nil {
		return nil, err
	}
	user, err := x.FindOne("user", core.Where{Field: "id", Value: s.User.ID})
	if err != nil {
		return nil, err
	}
	if _, err := x.RotateSession(s); err != nil {
		return nil, err
	}
	return user, nil
}

// enable is POST /two-factor/enable.
func (t *twoFactorRuntime) enable(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	password := readPassword(v, t.o.AllowPasswordless)
	method, err := readMethod(x)
	issuer := v.OptionalString("issuer")
	if verr := v.Err(); verr != nil {
		return nil, verr
	}
	if err != nil {
		return nil, err
	}
	s, err := x.RequireSession()
	if err != nil {
		return nil, err
	}
	if err := checkPassword(x, s.User.ID, password, t.o.AllowPasswordless, false); err != nil {
		return nil, err
	}
	if method == "otp" && t.o.OTPOptions.SendOTP == nil {
		return nil, tfError(400, "OTP_NOT_CONFIGURED")
	}
	if method == "totp" && t.o.TOTPOptions.Disable {
		return nil, tfError(400, "TOTP_NOT_CONFIGURED")
	}
	if method == "otp" {
		if _, err := setTwoFactorEnabled(x, s, true); err != nil {
			return nil, err
		}
		return json.RawMessage(`{"method":"otp"}`), nil
	}
	existing, err := twoFactorRow(x, s.User.ID)
	if err != nil {
		return nil, err
	}
	if existing != nil && existing["verified"] != false {
		return nil, tfError(400, "TOTP_ALREADY_ENABLED")
	}
	codes, stored, err := t.newBackupCodes(x)
	if err != nil {
		return nil, err
	}
	secret, err := randomString(32, alphaDefault)
	if err != nil {
		return nil, err
	}
	sealed, err := x.Encrypt(secret)
	if err != nil {
		return nil, err
	}
	if t.o.SkipVerificationOnEnable {
		if _, err := setTwoFactorEnabled(x, s, true); err != nil {
			return nil, err
		}
	}
	row := core.Record{"secret": sealed, "backupCodes": stored, "verified": t.o.SkipVerificationOnEnable}
	if existing != nil {
		_, err = x.Update("twoFactor", row, core.Where{Field: "id", Value: existing["id"]})
	} else {
		row["userId"] = s.User.ID
		row["failedVerificationCount"] = int64(0)
		_, err = x.Create("twoFactor", row)
	}
	if err != nil {
		return nil, err
	}
	if issuer == "" {
		issuer = t.issuer
	}
	return core.JSON(struct {
		Method      string   `json:"method"`
		TOTPURI     string   `json:"totpURI"`
		BackupCodes []string `json:"backupCodes"`
	}{"totp", totpURL(secret, issuer, s.User.Email, t.totpDigits, t.o.TOTPOptions.Period), codes})
}

// readMethod reads body.method, z.enum(["otp","totp"]).default("totp").
func readMethod(x *core.Context) (string, error) {
	raw, given := x.Body()["method"]
	if !given {
		return "totp", nil
	}
	if m, ok := raw.(string); ok && (m == "otp" || m == "totp") {
		return m, nil
	}
	return "", core.NewAPIError(400, "VALIDATION_ERROR", `[body.method] Invalid option: expected one of "otp"|"totp"`)
}

// disable is POST /two-factor/disable.
func (t *twoFactorRuntime) disable(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	password := readPassword(v, t.o.AllowPasswordless)
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := x.RequireAuthoritativeSession()
	if err != nil {
		return nil, err
	}
	if err := checkPassword(x, s.User.ID, password, t.o.AllowPasswordless, false); err != nil {
		return nil, err
	}
	if _, err := x.Update("user", core.Record{"twoFactorEnabled": false, "updatedAt": x.Now()}, core.Where{Field: "id", Value: s.User.ID}); err != nil {
		return nil, err
	}
	if err := x.Delete("twoFactor", core.Where{Field: "userId", Value: s.User.ID}); err != nil {
		return nil, err
	}
	if _, err := x.RotateSession(s); err != nil {
		return nil, err
	}
	name := x.CookieName(trustDeviceCookie)
	if val, ok := x.SignedCookie(name); ok {
		if parts := strings.Split(val, "!"); len(parts) > 1 && parts[1] != "" {
			if err := x.DeleteVerification(parts[1]); err != nil {
				return nil, err
			}
		}
		x.ExpireCookie(name)
	}
	return json.RawMessage(`{"status":true}`), nil
}

// afterSignIn is the after hook on the credential sign-ins.
func (t *twoFactorRuntime) afterSignIn(x *core.Context, res *core.Result) error {
	ns := x.NewSession()
	if ns == nil || res.Err != nil {
		return nil
	}
	userID, _ := ns["userId"].(string)
	user, err := x.FindOne("user", core.Where{Field: "id", Value: userID})
	if err != nil || user == nil || user["twoFactorEnabled"] != true {
		return err
	}
	trustName := x.CookieName(trustDeviceCookie)
	if val, ok := x.SignedCookie(trustName); ok {
		parts := strings.Split(val, "!")
		if len(parts) > 1 && parts[0] != "" && parts[1] != "" && parts[0] == x.SecretHMAC(userID+"!"+parts[1]) {
			rec, err := x.FindVerification(parts[1])
			if err != nil {
				return err
			}
			if exp, _ := rec["expiresAt"].(time.Time); rec != nil && rec["value"] == userID && exp.After(time.Now()) {
				if err := x.DeleteVerification(parts[1]); err != nil {
					return err
				}
				return t.trustDevice(x, userID)
			}
		}
		x.ExpireCookie(trustName)
	}
	x.DeleteSessionCookieKeepDontRemember()
	token, _ := ns["token"].(string)
	if err := x.DeleteSession(token); err != nil {
		return err
	}
	x.ClearNewSession()
	rnd, err := randomString(20, alphaDefault)
	if err != nil {
		return err
	}
	identifier := "2fa-" + rnd
	exp := time.Now().Add(time.Duration(t.cookieMaxAge) * time.Second)
	if err := x.CreateVerification(identifier, userID, exp); err != nil {
		return err
	}
	if err := x.CreateVerification("2fa-attempts-"+identifier, "0", exp); err != nil {
		return err
	}
	x.SetSignedCookie(x.CookieName(twoFactorCookie), identifier, t.cookieMaxAge)
	methods := []string{}
	if !t.o.TOTPOptions.Disable {
		tf, err := twoFactorRow(x, userID)
		if err != nil {
			return err
		}
		if tf != nil && tf["verified"] != false {
			methods = append(methods, "totp")
		}
	}
	if t.o.OTPOptions.SendOTP != nil {
		methods = append(methods, "otp")
	}
	body, err := core.JSON(struct {
		Redirect bool     `json:"twoFactorRedirect"`
		Methods  []string `json:"twoFactorMethods"`
	}{true, methods})
	res.Body = body
	return err
}

// trustDevice stores a new trust_device identifier for the user and sets
// the cookie: `<HMAC(userId!identifier)>!<identifier>`.
func (t *twoFactorRuntime) trustDevice(x *core.Context, userID string) error {
	rnd, err := randomString(32, alphaDefault)
	if err != nil {
		return err
	}
	identifier := "trust-device-" + rnd
	if err := x.CreateVerification(identifier, userID, time.Now().Add(time.Duration(t.trustMaxAge)*time.Second)); err != nil {
		return err
	}
	x.SetSignedCookie(x.CookieName(trustDeviceCookie), x.SecretHMAC(userID+"!"+identifier)+"!"+identifier, t.trustMaxAge)
	return nil
}

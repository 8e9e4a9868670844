package plugins

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/authctl/authctl/core"
)

// The emailOTP plugin's runtime, Better Auth 1.7.5's
// src/plugins/email-otp (dist/plugins/email-otp/index.mjs, routes.mjs,
// otp-token.mjs): codes stored in the verification table as
// "<stored code>:<failed attempts>" under "<type>-otp-<email>", the nine
// endpoints (emailotp_endpoints.go, emailotp_account.go), the sign-up
// hook of SendVerificationOnSignUp and the rate limits.
//
// Not served, as in 1.7.5: createVerificationOTP and getVerificationOTP
// are server-only there (auth.api), without a route.

var _ core.RuntimePlugin = (*emailOTPPlugin)(nil)

// The plugin's EMAIL_OTP_ERROR_CODES and the base codes it answers with.
var (
	errOTPExpired      = core.NewAPIError(400, "OTP_EXPIRED", "OTP expired")
	errOTPInvalid      = core.NewAPIError(400, "INVALID_OTP", "Invalid OTP")
	errOTPTooMany      = core.NewAPIError(403, "TOO_MANY_ATTEMPTS", "Too many attempts")
	errOTPInvalidEmail = core.NewAPIError(400, "INVALID_EMAIL", "Invalid email")
	errOTPUserNotFound = core.NewAPIError(400, "USER_NOT_FOUND", "User not found")
)

// otpTypes are the code types, in the order of the zod enum.
var otpTypes = []string{"email-verification", "sign-in", "forget-password", "change-email"}

// emailOTPPaths are the plugin's endpoints, each with its own rate limit
// rule.
var emailOTPPaths = []string{"/email-otp/send-verification-otp", "/email-otp/check-verification-otp", "/email-otp/verify-email",
	"/sign-in/email-otp", "/email-otp/request-password-reset", "/email-otp/reset-password", "/forget-password/email-otp",
	"/email-otp/request-email-change", "/email-otp/change-email"}

type emailOTPRuntime struct {
	// deprecated warns once that /forget-password/email-otp is deprecated.
	deprecated sync.Once
	o          EmailOTPOptions
	opts       core.Options // the auth options (emailVerification, emailAndPassword callbacks)
	expiresIn  time.Duration
	allowed    int
}

// Init checks the options and returns the endpoints, hook and rate limits.
func (p *emailOTPPlugin) Init(in *core.PluginInit) (*core.PluginRuntime, error) {
	o := p.o
	var errs []error
	if o.SendVerificationOTP == nil {
		errs = append(errs, errors.New("EmailOTPOptions.SendVerificationOTP is required (Better Auth's sendVerificationOTP)"))
	}
	switch o.StoreOTP {
	case "", "plain", "hashed", "encrypted":
	default:
		errs = append(errs, fmt.Errorf(`EmailOTPOptions.StoreOTP %q: want "plain", "hashed" or "encrypted"`, o.StoreOTP))
	}
	custom := 0
	if o.HashOTP != nil {
		custom++
	}
	if (o.EncryptOTP == nil) != (o.DecryptOTP == nil) {
		errs = append(errs, errors.New("EmailOTPOptions.EncryptOTP and DecryptOTP go together"))
	} else if o.EncryptOTP != nil {
		custom++
	}
	if custom > 1 || custom == 1 && o.StoreOTP != "" {
		errs = append(errs, errors.New("EmailOTPOptions: StoreOTP, HashOTP and EncryptOTP/DecryptOTP are one choice; set one"))
	}
	switch o.ResendStrategy {
	case "", "rotate", "reuse":
	default:
		errs = append(errs, fmt.Errorf(`EmailOTPOptions.ResendStrategy %q: want "rotate" or "reuse"`, o.ResendStrategy))
	}
	if o.OverrideDefaultEmailVerification && in.Options.EmailVerification.SendVerificationEmail == nil {
		errs = append(errs, errors.New("EmailOTPOptions.OverrideDefaultEmailVerification is not supported by the Go handler "+
			"(it would send codes from the core's email verification); set EmailVerification.SendVerificationEmail "+
			"(which wins over it in Better Auth too) or leave it off"))
	}
	if o.OTPLength < 0 || o.ExpiresIn < 0 || o.AllowedAttempts < 0 || o.RateLimit.Window < 0 || o.RateLimit.Max < 0 {
		errs = append(errs, errors.New("EmailOTPOptions: OTPLength, ExpiresIn, AllowedAttempts and RateLimit cannot be negative"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	r := &emailOTPRuntime{o: o, opts: in.Options, expiresIn: time.Duration(orDefault(o.ExpiresIn, 300)) * time.Second,
		allowed: orDefault(o.AllowedAttempts, 3)}
	post := func(path string, h func(*core.Context) (json.RawMessage, error)) core.Endpoint {
		return core.Endpoint{Method: http.MethodPost, Path: path, Handler: h}
	}
	rt := &core.PluginRuntime{
		Endpoints: []core.Endpoint{
			post("/email-otp/send-verification-otp", r.sendVerificationOTP),
			post("/email-otp/check-verification-otp", r.checkVerificationOTP),
			post("/email-otp/verify-email", r.verifyEmail),
			post("/sign-in/email-otp", r.signIn),
			post("/email-otp/request-password-reset", r.requestPasswordReset),
			post("/forget-password/email-otp", r.forgetPassword),
			post("/email-otp/reset-password", r.resetPassword),
			post("/email-otp/request-email-change", r.requestEmailChange),
			post("/email-otp/change-email", r.changeEmail),
		},
	}
	if o.SendVerificationOnSignUp && !o.OverrideDefaultEmailVerification {
		rt.After = []core.AfterHook{{Match: func(x *core.Context) bool { return strings.HasPrefix(x.Path(), "/sign-up") }, Handler: r.afterSignUp}}
	}
	window := time.Duration(orDefault(o.RateLimit.Window, 60)) * time.Second
	for _, path := range emailOTPPaths {
		rt.RateLimits = append(rt.RateLimits, core.PluginRateLimit{Match: onlyPath(path), Window: window, Max: orDefault(o.RateLimit.Max, 3)})
	}
	return rt, nil
}

func onlyPath(p string) func(string) bool { return func(path string) bool { return path == p } }

// otpIdentifier is toOTPIdentifier.
func otpIdentifier(otpType, email string) string { return otpType + "-otp-" + email }

// splitAtLastColon splits a stored value into the code and its attempts.
func splitAtLastColon(s string) (string, string) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i+1:]
}

// parseAttempts is parseInt: the leading decimal digits, ok false for
// NaN.
func parseAttempts(s string) (int, bool) {
	s = strings.TrimLeft(s, " \t\n\r")
	end := 0
	if end < len(s) && (s[0] == '-' || s[0] == '+') {
		end++
	}
	start := end
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end == start {
		return 0, false
	}
	n, err := strconv.Atoi(s[:end])
	return n, err == nil
}

// generate is opts.generateOTP(…) || defaultOTPGenerator.
func (r *emailOTPRuntime) generate(x *core.Context, email, otpType string) (string, error) {
	if r.o.GenerateOTP != nil {
		if otp := r.o.GenerateOTP(x, email, otpType); otp != "" {
			return otp, nil
		}
	}
	return randomString(orDefault(r.o.OTPLength, 6), alphaDigits)
}

// store is storeOTP.
func (r *emailOTPRuntime) store(x *core.Context, otp string) (string, error) {
	switch {
	case r.o.StoreOTP == "encrypted":
		return x.Encrypt(otp)
	case r.o.StoreOTP == "hashed":
		return sha256B64(otp), nil
	case r.o.HashOTP != nil:
		return r.o.HashOTP(otp)
	case r.o.EncryptOTP != nil:
		return r.o.EncryptOTP(otp)
	}
	return otp, nil
}

// matches is verifyStoredOTP, compared in constant time.
func (r *emailOTPRuntime) matches(x *core.Context, stored, otp string) (bool, error) {
	eq := func(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }
	switch {
	case r.o.StoreOTP == "encrypted":
		plain, err := x.Decrypt(stored)
		if err != nil {
			return false, err
		}
		return eq(plain, otp), nil
	case r.o.StoreOTP == "hashed":
		return eq(sha256B64(otp), stored), nil
	case r.o.HashOTP != nil:
		h, err := r.o.HashOTP(otp)
		if err != nil {
			return false, err
		}
		return eq(h, stored), nil
	case r.o.DecryptOTP != nil:
		plain, err := r.o.DecryptOTP(stored)
		if err != nil {
			return false, err
		}
		return eq(plain, otp), nil
	}
	return eq(otp, stored), nil
}

// retrieve is retrieveOTP: the plain code, or "" when it cannot be read
// back (hashed).
func (r *emailOTPRuntime) retrieve(x *core.Context, stored string) (string, error) {
	switch {
	case r.o.StoreOTP == "" && r.o.HashOTP == nil && r.o.EncryptOTP == nil, r.o.StoreOTP == "plain":
		return stored, nil
	case r.o.StoreOTP == "encrypted":
		return x.Decrypt(stored)
	case r.o.DecryptOTP != nil:
		return r.o.DecryptOTP(stored)
	}
	return "", nil
}

// create stores a new code for identifier: "<stored>:0".
func (r *emailOTPRuntime) create(x *core.Context, identifier, otp string) error {
	stored, err := r.store(x, otp)
	if err != nil {
		return err
	}
	return x.CreateVerification(identifier, stored+":0", time.Now().Add(r.expiresIn))
}

// resolve is resolveOTP: with ResendStrategy "reuse" the live code, its
// expiry renewed; else a new one, stored.
func (r *emailOTPRuntime) resolve(x *core.Context, email, otpType string) (string, error) {
	identifier := otpIdentifier(otpType, email)
	if r.o.ResendStrategy == "reuse" {
		otp, err := r.reuse(x, identifier)
		if err != nil || otp != "" {
			return otp, err
		}
	}
	otp, err := r.generate(x, email, otpType)
	if err != nil {
		return "", err
	}
	if err := r.create(x, identifier, otp); err != nil {
		if err := x.DeleteVerification(identifier); err != nil {
			return "", err
		}
		if err := r.create(x, identifier, otp); err != nil {
			return "", err
		}
	}
	return otp, nil
}

// reuse is tryReuseOTP.
func (r *emailOTPRuntime) reuse(x *core.Context, identifier string) (string, error) {
	row, err := x.FindVerification(identifier)
	if err != nil || row == nil {
		return "", err
	}
	if exp, _ := row["expiresAt"].(time.Time); exp.Before(time.Now()) {
		return "", nil
	}
	value, _ := row["value"].(string)
	stored, attempts := splitAtLastColon(value)
	if n, ok := parseAttempts(attempts); attempts != "" && ok && n >= r.allowed {
		return "", nil
	}
	otp, err := r.retrieve(x, stored)
	if err != nil || otp == "" {
		return "", err
	}
	err = x.UpdateVerification(identifier, core.Record{"expiresAt": time.Now().Add(r.expiresIn)})
	return otp, err
}

// verify is atomicVerifyOTP: the code for identifier is consumed; a
// wrong one is stored again with one more attempt (until they run out).
func (r *emailOTPRuntime) verify(x *core.Context, identifier, otp string) error {
	existing, err := x.FindVerification(identifier)
	if err != nil {
		return err
	}
	if exp, _ := existing["expiresAt"].(time.Time); existing != nil && exp.Before(time.Now()) {
		if err := x.DeleteVerification(identifier); err != nil {
			return err
		}
		return errOTPExpired
	}
	consumed, err := x.ConsumeVerification(identifier)
	if err != nil {
		return err
	}
	if consumed == nil {
		return errOTPInvalid
	}
	value, _ := consumed["value"].(string)
	stored, attempts := splitAtLastColon(value)
	used := 0
	if attempts != "" {
		var ok bool
		if used, ok = parseAttempts(attempts); !ok {
			used = -1 // NaN: never too many, and NaN + 1 is stored
		}
	}
	if used >= r.allowed {
		return errOTPTooMany
	}
	ok, err := r.matches(x, stored, otp)
	if err != nil {
		return err
	}
	if !ok {
		next := "NaN"
		if used >= 0 {
			next = strconv.Itoa(used + 1)
		}
		exp, _ := consumed["expiresAt"].(time.Time)
		if err := x.CreateVerification(identifier, stored+":"+next, exp); err != nil {
			return err
		}
		return errOTPInvalid
	}
	return nil
}

// send runs SendVerificationOTP; its error is logged, not answered.
func (r *emailOTPRuntime) send(x *core.Context, email, otp, otpType string) {
	x.Background(r.o.SendVerificationOTP(x, EmailOTPMessage{Email: email, OTP: otp, Type: otpType}))
}

// findUserByEmail is internalAdapter.findUserByEmail.
func findUserByEmail(x *core.Context, email string) (core.Record, error) {
	return x.FindOne("user", core.Where{Field: "email", Value: strings.ToLower(email)})
}

// afterSignUp is the after hook of SendVerificationOnSignUp: a sign-up
// answer with a user's email gets an "email-verification" code.
func (r *emailOTPRuntime) afterSignUp(x *core.Context, res *core.Result) error {
	if res.Err != nil || res.Body == nil {
		return nil
	}
	var out struct {
		User *struct {
			Email string `json:"email"`
		} `json:"user"`
	}
	if json.Unmarshal(res.Body, &out) != nil || out.User == nil || out.User.Email == "" {
		return nil
	}
	email := out.User.Email
	otp, err := r.generate(x, email, "email-verification")
	if err != nil {
		return err
	}
	if err := r.create(x, otpIdentifier("email-verification", email), otp); err != nil {
		return err
	}
	r.send(x, email, otp, "email-verification")
	return nil
}

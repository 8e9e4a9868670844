package plugins

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
)

// The phoneNumber plugin's runtime, Better Auth 1.7.5's
// src/plugins/phone-number (index.ts, routes.ts): sign-in with phone
// number and password, codes sent by your SendOTP and checked against
// verification values "<code>:<wrong attempts>" (identifier: the phone
// number, or "<phone number>-request-password-reset"), verification that
// may sign the user up and in, password reset by code, the /update-user
// guard and the user update hook that unverifies a removed number.

var _ core.RuntimePlugin = (*phoneNumberPlugin)(nil)

// phoneNumberPlugin is PhoneNumber's plugin, which also runs in the
// handler.
type phoneNumberPlugin struct {
	*plugin
	o PhoneNumberOptions
}

type phoneNumberRuntime struct {
	o        PhoneNumberOptions
	digits   int
	lifetime time.Duration
	attempts int
	// onReset and revokeOnReset are emailAndPassword.onPasswordReset and
	// revokeSessionsOnPasswordReset, which reset-password honours too.
	onReset       func(x *core.Context, user core.Record) error
	revokeOnReset bool
}

// Init checks the options and returns the endpoints and hooks.
func (p *phoneNumberPlugin) Init(in *core.PluginInit) (*core.PluginRuntime, error) {
	o := p.o
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if o.OTPLength < 0 {
		bad("PhoneNumberOptions.OTPLength %d is negative", o.OTPLength)
	}
	if o.ExpiresIn < 0 {
		bad("PhoneNumberOptions.ExpiresIn %d is negative", o.ExpiresIn)
	}
	if o.AllowedAttempts < 0 {
		bad("PhoneNumberOptions.AllowedAttempts %d is negative", o.AllowedAttempts)
	}
	if s := o.SignUpOnVerification; s != nil && s.GetTempEmail == nil {
		bad("PhoneNumberOptions.SignUpOnVerification.GetTempEmail is required")
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	r := &phoneNumberRuntime{o: o, digits: 6, lifetime: 300 * time.Second, attempts: 3,
		revokeOnReset: in.Options.EmailAndPassword.RevokeSessionsOnPasswordReset}
	if o.OTPLength > 0 {
		r.digits = o.OTPLength
	}
	if o.ExpiresIn > 0 {
		r.lifetime = time.Duration(o.ExpiresIn) * time.Second
	}
	if o.AllowedAttempts > 0 {
		r.attempts = o.AllowedAttempts
	}
	if f := in.Options.EmailAndPassword.OnPasswordReset; f != nil {
		r.onReset = func(x *core.Context, user core.Record) error {
			return f(x.Request().Context(), core.UserOf(user), x.Request())
		}
	}
	return &core.PluginRuntime{
		Endpoints: []core.Endpoint{
			{Method: http.MethodPost, Path: "/sign-in/phone-number", Handler: r.signIn},
			{Method: http.MethodPost, Path: "/phone-number/send-otp", Handler: r.sendOTP},
			{Method: http.MethodPost, Path: "/phone-number/verify", Handler: r.verify},
			{Method: http.MethodPost, Path: "/phone-number/request-password-reset", Handler: r.requestPasswordReset},
			{Method: http.MethodPost, Path: "/phone-number/reset-password", Handler: r.resetPassword},
		},
		Before: []core.Hook{{Match: updatesPhoneNumber, Handler: func(*core.Context) (json.RawMessage, error) {
			return nil, phoneError(http.StatusBadRequest, "PHONE_NUMBER_CANNOT_BE_UPDATED")
		}}},
		DatabaseHooks: []core.DatabaseHook{{Table: "user", Op: core.OpUpdate, Before: unverifyRemovedNumber}},
		RateLimits: []core.PluginRateLimit{{Match: func(path string) bool { return strings.HasPrefix(path, "/phone-number") },
			Window: 60 * time.Second, Max: 10}},
	}, nil
}

// updatesPhoneNumber matches /update-user setting a phone number (only
// verification sets one; removing it with null is allowed).
func updatesPhoneNumber(x *core.Context) bool {
	if x.Path() != "/update-user" {
		return false
	}
	v, ok := x.Body()["phoneNumber"]
	return ok && v != nil
}

// unverifyRemovedNumber is the user update hook: removing the number
// (null) also marks it unverified.
func unverifyRemovedNumber(_ *core.Context, set core.Record) error {
	if v, ok := set["phoneNumber"]; ok && v == nil {
		set["phoneNumberVerified"] = false
	}
	return nil
}

// phoneMessages are PHONE_NUMBER_ERROR_CODES (error-codes.ts).
var phoneMessages = map[string]string{
	"INVALID_PHONE_NUMBER":             "Invalid phone number",
	"PHONE_NUMBER_EXIST":               "Phone number already exists",
	"PHONE_NUMBER_NOT_EXIST":           "phone number isn't registered",
	"INVALID_PHONE_NUMBER_OR_PASSWORD": "Invalid phone number or password",
	"UNEXPECTED_ERROR":                 "Unexpected error",
	"OTP_NOT_FOUND":                    "OTP not found",
	"OTP_EXPIRED":                      "OTP expired",
	"INVALID_OTP":                      "Invalid OTP",
	"PHONE_NUMBER_NOT_VERIFIED":        "Phone number not verified",
	"PHONE_NUMBER_CANNOT_BE_UPDATED":   "Phone number cannot be updated",
	"SEND_OTP_NOT_IMPLEMENTED":         "sendOTP not implemented",
	"TOO_MANY_ATTEMPTS":                "Too many attempts",
}

func phoneError(status int, code string) error {
	return core.NewAPIError(status, code, phoneMessages[code])
}

// validNumber runs PhoneNumberValidator.
func (r *phoneNumberRuntime) validNumber(phone string) error {
	if r.o.PhoneNumberValidator == nil {
		return nil
	}
	ok, err := r.o.PhoneNumberValidator(phone)
	if err != nil {
		return err
	}
	if !ok {
		return phoneError(http.StatusBadRequest, "INVALID_PHONE_NUMBER")
	}
	return nil
}

// newCode is a fresh code of OTPLength digits.
func (r *phoneNumberRuntime) newCode() (string, error) { return randomString(r.digits, alphaDigits) }

// verifyCode is verifyPhoneNumberOTP: the stored code for identifier
// must be unexpired, within AllowedAttempts and equal to code. Consuming
// the row decides races; a wrong code puts it back with one more
// attempt counted.
func (r *phoneNumberRuntime) verifyCode(x *core.Context, identifier, code string) error {
	existing, err := x.FindVerification(identifier)
	if err != nil {
		return err
	}
	if existing == nil {
		return phoneError(http.StatusBadRequest, "OTP_NOT_FOUND")
	}
	if exp, _ := existing["expiresAt"].(time.Time); exp.Before(time.Now()) {
		if err := x.DeleteVerification(identifier); err != nil {
			return err
		}
		return phoneError(http.StatusBadRequest, "OTP_EXPIRED")
	}
	value, _ := existing["value"].(string)
	if _, n := splitCode(value); n >= r.attempts {
		if err := x.DeleteVerification(identifier); err != nil {
			return err
		}
		return phoneError(http.StatusForbidden, "TOO_MANY_ATTEMPTS")
	}
	consumed, err := x.ConsumeVerification(identifier)
	if err != nil {
		return err
	}
	if consumed == nil {
		return phoneError(http.StatusBadRequest, "INVALID_OTP")
	}
	value, _ = consumed["value"].(string)
	otp, n := splitCode(value)
	if n >= r.attempts {
		return phoneError(http.StatusForbidden, "TOO_MANY_ATTEMPTS")
	}
	if otp != code {
		exp, _ := consumed["expiresAt"].(time.Time)
		if err := x.CreateVerification(identifier, otp+":"+strconv.Itoa(n+1), exp); err != nil {
			return err
		}
		return phoneError(http.StatusBadRequest, "INVALID_OTP")
	}
	return nil
}

// splitCode splits a stored "<code>:<attempts>" as value.split(":") does
// (parts after the second are ignored); attempts that are not a positive
// safe integer count as 0 (parseVerificationAttempts).
func splitCode(value string) (code string, attempts int) {
	parts := strings.Split(value, ":")
	if len(parts) < 2 {
		return parts[0], 0
	}
	return parts[0], jsAttempts(parts[1])
}

// jsAttempts is Number(s) kept when a safe integer > 0, else 0.
func jsAttempts(s string) int {
	s = strings.TrimFunc(s, isJSSpace)
	if s == "" {
		return 0
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if n, err := strconv.ParseInt(s, 0, 64); err == nil && (strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") ||
			strings.HasPrefix(s, "0o") || strings.HasPrefix(s, "0O") || strings.HasPrefix(s, "0b") || strings.HasPrefix(s, "0B")) {
			f = float64(n)
		} else {
			return 0
		}
	}
	if f <= 0 || f != math.Trunc(f) || f > 1<<53-1 {
		return 0
	}
	return int(f)
}

// verifyOrConsume is verifyAndConsumePhoneNumberOTP: VerifyOTP when set
// (its codes are then cleared), else the stored code.
func (r *phoneNumberRuntime) verifyOrConsume(x *core.Context, phone, code string) error {
	if f := r.o.VerifyOTP; f != nil {
		ok, err := f(x, phone, code)
		if err != nil {
			return err
		}
		if !ok {
			return phoneError(http.StatusBadRequest, "INVALID_OTP")
		}
		return x.DeleteVerification(phone)
	}
	return r.verifyCode(x, phone, code)
}

package plugins

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
)

// The emailOTP endpoints that send and check codes and sign in:
// send-verification-otp, check-verification-otp, verify-email and
// sign-in/email-otp.

var okSuccess = json.RawMessage(`{"success":true}`)

// sendVerificationOTP is POST /email-otp/send-verification-otp.
func (r *emailOTPRuntime) sendVerificationOTP(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	email := v.String("email")
	otpType := v.Enum("type", otpTypes...)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := x.CheckFormCSRF(); err != nil {
		return nil, err
	}
	email = strings.ToLower(email)
	if !core.ValidEmail(email) {
		return nil, errOTPInvalidEmail
	}
	if otpType == "change-email" {
		x.Logger().Error("better-auth: Use the /email-otp/request-email-change endpoint to send OTP for changing email")
		return nil, core.NewAPIError(400, "", "Invalid OTP type")
	}
	otp, err := r.resolve(x, email, otpType)
	if err != nil {
		return nil, err
	}
	user, err := findUserByEmail(x, email)
	if err != nil {
		return nil, err
	}
	if user == nil && !(otpType == "sign-in" && !r.o.DisableSignUp) {
		return okSuccess, x.DeleteVerification(otpIdentifier(otpType, email))
	}
	r.send(x, email, otp, otpType)
	return okSuccess, nil
}

// checkVerificationOTP is POST /email-otp/check-verification-otp: the
// code is checked (a wrong one counts as an attempt), not consumed.
func (r *emailOTPRuntime) checkVerificationOTP(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	email := v.String("email")
	otpType := v.Enum("type", otpTypes...)
	otp := v.String("otp")
	if err := v.Err(); err != nil {
		return nil, err
	}
	email = strings.ToLower(email)
	if !core.ValidEmail(email) {
		return nil, errOTPInvalidEmail
	}
	identifier := otpIdentifier(otpType, email)
	row, err := x.FindVerification(identifier)
	if err != nil {
		return nil, err
	}
	if row == nil {
		return nil, errOTPInvalid
	}
	if exp, _ := row["expiresAt"].(time.Time); exp.Before(time.Now()) {
		if err := x.DeleteVerification(identifier); err != nil {
			return nil, err
		}
		return nil, errOTPExpired
	}
	value, _ := row["value"].(string)
	stored, attempts := splitAtLastColon(value)
	n, isNum := parseAttempts(attempts)
	if attempts != "" && isNum && n >= r.allowed {
		if err := x.DeleteVerification(identifier); err != nil {
			return nil, err
		}
		return nil, errOTPTooMany
	}
	ok, err := r.matches(x, stored, otp)
	if err != nil {
		return nil, err
	}
	if !ok {
		next := "NaN"
		if attempts == "" {
			next = "1"
		} else if isNum {
			next = strconv.Itoa(n + 1)
		}
		if err := x.UpdateVerification(identifier, core.Record{"value": stored + ":" + next}); err != nil {
			return nil, err
		}
		return nil, errOTPInvalid
	}
	user, err := findUserByEmail(x, email)
	if err != nil {
		return nil, err
	}
	if user == nil {
		return nil, errOTPUserNotFound
	}
	return okSuccess, nil
}

// verifyEmail is POST /email-otp/verify-email.
func (r *emailOTPRuntime) verifyEmail(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	email := v.String("email")
	otp := v.String("otp")
	if err := v.Err(); err != nil {
		return nil, err
	}
	email = strings.ToLower(email)
	if !core.ValidEmail(email) {
		return nil, errOTPInvalidEmail
	}
	if err := r.verify(x, otpIdentifier("email-verification", email), otp); err != nil {
		return nil, err
	}
	user, err := findUserByEmail(x, email)
	if err != nil {
		return nil, err
	}
	if user == nil {
		return nil, errOTPUserNotFound
	}
	updated, err := x.VerifyEmail(user, func() (core.Record, error) {
		return updateUser(x, user["id"].(string), core.Record{"email": email, "emailVerified": true})
	})
	if err != nil {
		return nil, err
	}
	if r.opts.EmailVerification.AutoSignInAfterVerification {
		session, err := x.CreateSession(updated["id"].(string), nil, false)
		if err != nil {
			return nil, err
		}
		token, _ := session["token"].(string)
		x.SetSessionCookie(token, x.DontRemember())
		body, err := signInAnswer(x, token, updated, nil)
		if err != nil {
			return nil, err
		}
		return json.RawMessage(`{"status":true,` + strings.TrimPrefix(string(body), "{")), nil
	}
	s, err := x.Session()
	if err != nil {
		return nil, err
	}
	if s != nil && updated["emailVerified"] == true && s.User.ID == updated["id"] {
		u := core.Record{}
		for k, v := range s.User.Fields {
			u[k] = v
		}
		u["emailVerified"] = true
		x.SetCookieCache(s.Session.Fields, u, x.DontRemember())
	}
	row, err := x.Row("user", updated)
	if err != nil {
		return nil, err
	}
	return json.RawMessage(`{"status":true,"token":null,"user":` + string(row) + `}`), nil
}

// signIn is POST /sign-in/email-otp: the code signs the user in, or up
// (with the body's name, image and additional user fields).
func (r *emailOTPRuntime) signIn(x *core.Context) (json.RawMessage, error) {
	v := x.ValidateRecord()
	email := v.String("email")
	otp := v.String("otp")
	name := v.OptionalString("name")
	image := v.OptionalString("image")
	if err := v.Err(); err != nil {
		return nil, err
	}
	email = strings.ToLower(email)
	if err := r.verify(x, otpIdentifier("sign-in", email), otp); err != nil {
		return nil, err
	}
	user, err := findUserByEmail(x, email)
	if err != nil {
		return nil, err
	}
	if user == nil {
		if r.o.DisableSignUp {
			return nil, errOTPInvalid
		}
		extra, err := x.UserInput(x.Body(), true)
		if err != nil {
			return nil, err
		}
		extra["emailVerified"] = true
		if _, given := x.Body()["image"]; given {
			extra["image"] = image
		}
		if user, err = x.CreateUser(name, email, extra); err != nil {
			return nil, err
		}
	} else if user["emailVerified"] != true {
		if user, err = revokeUnprovenAccountAccess(x, user["id"].(string)); err != nil {
			return nil, err
		}
		if user == nil {
			return nil, errOTPInvalid
		}
	}
	session, err := x.CreateSession(user["id"].(string), nil, false)
	if err != nil {
		return nil, err
	}
	token, _ := session["token"].(string)
	x.SetSessionCookie(token, x.DontRemember())
	return signInAnswer(x, token, user, nil)
}

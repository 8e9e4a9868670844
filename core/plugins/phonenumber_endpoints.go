package plugins

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/authctl/authctl/core"
)

// The phoneNumber plugin's endpoints (routes.ts).

// signIn is POST /sign-in/phone-number: phone number and password. With
// RequireVerification an unverified number gets a new code instead.
func (r *phoneNumberRuntime) signIn(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	phone := v.String("phoneNumber")
	password := v.String("password")
	rememberMe, rememberGiven := v.Bool("rememberMe")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := r.validNumber(phone); err != nil {
		return nil, err
	}
	user, err := x.FindOne("user", core.Where{Field: "phoneNumber", Value: phone})
	if err != nil {
		return nil, err
	}
	if user == nil {
		return nil, phoneError(http.StatusUnauthorized, "INVALID_PHONE_NUMBER_OR_PASSWORD")
	}
	if r.o.RequireVerification && !core.Truthy(user["phoneNumberVerified"]) {
		code, err := r.newCode()
		if err != nil {
			return nil, err
		}
		// As 1.7.5, this code is stored without its attempt count.
		if err := x.CreateVerification(phone, code, x.Now().Add(r.lifetime)); err != nil {
			return nil, err
		}
		if r.o.SendOTP != nil {
			if err := r.o.SendOTP(x, phone, code); err != nil {
				return nil, err
			}
		}
		return nil, phoneError(http.StatusUnauthorized, "PHONE_NUMBER_NOT_VERIFIED")
	}
	account, err := x.FindOne("account", core.Where{Field: "userId", Value: user["id"]}, core.Where{Field: "providerId", Value: "credential"})
	if err != nil {
		return nil, err
	}
	if account == nil {
		x.Logger().Warn("phoneNumber: credential account not found")
		return nil, phoneError(http.StatusUnauthorized, "INVALID_PHONE_NUMBER_OR_PASSWORD")
	}
	hash, _ := account["password"].(string)
	if hash == "" {
		x.Logger().Warn("phoneNumber: password not found")
		return nil, phoneError(http.StatusUnauthorized, "UNEXPECTED_ERROR")
	}
	ok, err := x.VerifyPassword(hash, password)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, phoneError(http.StatusUnauthorized, "INVALID_PHONE_NUMBER_OR_PASSWORD")
	}
	dontRemember := rememberGiven && !rememberMe
	s, err := x.CreateSession(user["id"].(string), nil, dontRemember)
	if err != nil {
		return nil, err
	}
	token, _ := s["token"].(string)
	x.SetSessionCookie(token, dontRemember)
	return tokenUserJSON(x, token, user, "")
}

// tokenUserJSON is {[status,] token, user} as the endpoints answer it.
func tokenUserJSON(x *core.Context, token string, user core.Record, head string) (json.RawMessage, error) {
	u, err := x.Row("user", user)
	if err != nil {
		return nil, err
	}
	t := "null"
	if token != "" {
		b, _ := core.JSON(token)
		t = string(b)
	}
	return json.RawMessage(`{` + head + `"token":` + t + `,"user":` + string(u) + `}`), nil
}

// sendOTP is POST /phone-number/send-otp.
func (r *phoneNumberRuntime) sendOTP(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	phone := v.String("phoneNumber")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if r.o.SendOTP == nil {
		x.Logger().Warn("phoneNumber: sendOTP not implemented")
		return nil, phoneError(http.StatusNotImplemented, "SEND_OTP_NOT_IMPLEMENTED")
	}
	if err := r.validNumber(phone); err != nil {
		return nil, err
	}
	code, err := r.newCode()
	if err != nil {
		return nil, err
	}
	if err := x.CreateVerification(phone, code+":0", x.Now().Add(r.lifetime)); err != nil {
		return nil, err
	}
	if err := r.o.SendOTP(x, phone, code); err != nil {
		return nil, err
	}
	return json.RawMessage(`{"message":"code sent"}`), nil
}

// verify is POST /phone-number/verify: the code verifies the number of
// the signed-in user (updatePhoneNumber), or of the user who has it
// (created with SignUpOnVerification), who is signed in unless
// disableSession.
func (r *phoneNumberRuntime) verify(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	phone := v.String("phoneNumber")
	code := v.String("code")
	disableSession, _ := v.Bool("disableSession")
	updateNumber, _ := v.Bool("updatePhoneNumber")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := r.verifyOrConsume(x, phone, code); err != nil {
		return nil, err
	}
	if updateNumber {
		s, err := x.Session()
		if err != nil {
			return nil, err
		}
		if s == nil {
			return nil, core.NewAPIError(http.StatusUnauthorized, "USER_NOT_FOUND", "User not found")
		}
		taken, err := x.Find("user", core.Where{Field: "phoneNumber", Value: phone})
		if err != nil {
			return nil, err
		}
		if len(taken) > 0 {
			return nil, phoneError(http.StatusBadRequest, "PHONE_NUMBER_EXIST")
		}
		user, err := r.updateUser(x, s.User.ID, core.Record{"phoneNumber": phone, "phoneNumberVerified": true})
		if err != nil {
			return nil, err
		}
		if err := r.verified(x, phone, user); err != nil {
			return nil, err
		}
		return tokenUserJSON(x, s.Session.Token, user, `"status":true,`)
	}
	user, err := x.FindOne("user", core.Where{Field: "phoneNumber", Value: phone})
	if err != nil {
		return nil, err
	}
	switch {
	case user != nil:
		id, _ := user["id"].(string)
		if user, err = r.updateUser(x, id, core.Record{"phoneNumberVerified": true}); err != nil {
			return nil, err
		}
	case r.o.SignUpOnVerification != nil:
		if user, err = r.signUp(x, phone); err != nil {
			return nil, err
		}
	}
	if user == nil {
		return nil, core.NewAPIError(http.StatusInternalServerError, "FAILED_TO_UPDATE_USER", "Failed to update user")
	}
	if err := r.verified(x, phone, user); err != nil {
		return nil, err
	}
	if disableSession {
		return tokenUserJSON(x, "", user, `"status":true,`)
	}
	s, err := x.CreateSession(user["id"].(string), nil, false)
	if err != nil {
		return nil, err
	}
	x.SetSessionCookieFor(s)
	token, _ := s["token"].(string)
	return tokenUserJSON(x, token, user, `"status":true,`)
}

// signUp creates the user of a verified number: the body's other fields
// (parseUserInput), the temporary email and name, the verified number.
func (r *phoneNumberRuntime) signUp(x *core.Context, phone string) (core.Record, error) {
	rest := map[string]any{}
	for k, v := range x.Body() {
		switch k {
		case "phoneNumber", "code", "disableSession", "updatePhoneNumber":
		default:
			rest[k] = v
		}
	}
	extra, err := x.UserInput(rest, true)
	if err != nil {
		return nil, err
	}
	su := r.o.SignUpOnVerification
	name := phone
	if su.GetTempName != nil {
		name = su.GetTempName(phone)
	}
	extra["phoneNumber"] = phone
	extra["phoneNumberVerified"] = true
	return x.CreateUser(name, strings.ToLower(su.GetTempEmail(phone)), extra)
}

// updateUser is internalAdapter.updateUser: the fields set (updatedAt
// too) and the user row read back.
func (r *phoneNumberRuntime) updateUser(x *core.Context, id string, set core.Record) (core.Record, error) {
	set["updatedAt"] = x.Now()
	if _, err := x.Update("user", set, core.Where{Field: "id", Value: id}); err != nil {
		return nil, err
	}
	return x.FindOne("user", core.Where{Field: "id", Value: id})
}

// verified runs CallbackOnVerification.
func (r *phoneNumberRuntime) verified(x *core.Context, phone string, user core.Record) error {
	if f := r.o.CallbackOnVerification; f != nil {
		return f(x, phone, user)
	}
	return nil
}

// resetIdentifier is the verification identifier of a password-reset code.
func resetIdentifier(phone string) string { return phone + "-request-password-reset" }

// requestPasswordReset is POST /phone-number/request-password-reset: a
// code is stored whether or not the number is known, and sent only when
// it is.
func (r *phoneNumberRuntime) requestPasswordReset(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	phone := v.String("phoneNumber")
	if err := v.Err(); err != nil {
		return nil, err
	}
	user, err := x.FindOne("user", core.Where{Field: "phoneNumber", Value: phone})
	if err != nil {
		return nil, err
	}
	code, err := r.newCode()
	if err != nil {
		return nil, err
	}
	if err := x.CreateVerification(resetIdentifier(phone), code+":0", x.Now().Add(r.lifetime)); err != nil {
		return nil, err
	}
	ok := json.RawMessage(`{"status":true}`)
	if user == nil {
		return ok, nil
	}
	if f := r.o.SendPasswordResetOTP; f != nil {
		if err := f(x, phone, code); err != nil {
			return nil, err
		}
	}
	return ok, nil
}

// resetPassword is POST /phone-number/reset-password.
func (r *phoneNumberRuntime) resetPassword(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	otp := v.String("otp")
	phone := v.String("phoneNumber")
	pw := v.String("newPassword")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := r.verifyCode(x, resetIdentifier(phone), otp); err != nil {
		return nil, err
	}
	user, err := x.FindOne("user", core.Where{Field: "phoneNumber", Value: phone})
	if err != nil {
		return nil, err
	}
	if user == nil {
		return nil, phoneError(http.StatusBadRequest, "UNEXPECTED_ERROR")
	}
	lo, hi := x.PasswordLengths()
	if n := core.JSLength(pw); n < lo {
		return nil, core.NewAPIError(http.StatusBadRequest, "PASSWORD_TOO_SHORT", "Password too short")
	} else if n > hi {
		return nil, core.NewAPIError(http.StatusBadRequest, "PASSWORD_TOO_LONG", "Password too long")
	}
	hash, err := x.HashPassword(pw)
	if err != nil {
		return nil, err
	}
	id, _ := user["id"].(string)
	account, err := x.FindOne("account", core.Where{Field: "userId", Value: id}, core.Where{Field: "providerId", Value: "credential"})
	if err != nil {
		return nil, err
	}
	if account == nil {
		err = x.CreateCredentialAccount(id, hash)
	} else {
		_, err = x.Update("account", core.Record{"password": hash, "updatedAt": x.Now()},
			core.Where{Field: "userId", Value: id}, core.Where{Field: "providerId", Value: "credential"})
	}
	if err != nil {
		return nil, err
	}
	if r.onReset != nil {
		if err := r.onReset(x, user); err != nil {
			return nil, err
		}
	}
	if r.revokeOnReset {
		if err := x.Delete("session", core.Where{Field: "userId", Value: id}); err != nil {
			return nil, err
		}
	}
	return json.RawMessage(`{"status":true}`), nil
}

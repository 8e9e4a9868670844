package plugins

import (
	"encoding/json"
	"strings"

	"github.com/authctl/authctl/core"
)

// The emailOTP endpoints that change the account: the password reset
// (request-password-reset, the deprecated forget-password/email-otp,
// reset-password) and the email change (request-email-change,
// change-email).

// requestPasswordReset is POST /email-otp/request-password-reset: a
// "forget-password" code, sent only when the user exists.
func (r *emailOTPRuntime) requestPasswordReset(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	email := v.String("email")
	if err := v.Err(); err != nil {
		return nil, err
	}
	email = strings.ToLower(email)
	otp, err := r.resolve(x, email, "forget-password")
	if err != nil {
		return nil, err
	}
	user, err := findUserByEmail(x, email)
	if err != nil {
		return nil, err
	}
	if user == nil {
		return okSuccess, x.DeleteVerification(otpIdentifier("forget-password", email))
	}
	r.send(x, email, otp, "forget-password")
	return okSuccess, nil
}

// forgetPassword is the deprecated POST /forget-password/email-otp:
// requestPasswordReset, with a warning the first time.
func (r *emailOTPRuntime) forgetPassword(x *core.Context) (json.RawMessage, error) {
	r.deprecated.Do(func() {
		x.Logger().Warn(`better-auth: The "/forget-password/email-otp" endpoint is deprecated. Please use "/email-otp/request-password-reset" instead.`)
	})
	return r.requestPasswordReset(x)
}

// resetPassword is POST /email-otp/reset-password.
func (r *emailOTPRuntime) resetPassword(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	email := v.String("email")
	otp := v.String("otp")
	password := v.String("password")
	if err := v.Err(); err != nil {
		return nil, err
	}
	email = strings.ToLower(email)
	lo, hi := x.PasswordLengths()
	if n := core.JSLength(password); n < lo {
		return nil, core.NewAPIError(400, "PASSWORD_TOO_SHORT", "Password too short")
	} else if n > hi {
		return nil, core.NewAPIError(400, "PASSWORD_TOO_LONG", "Password too long")
	}
	if err := r.verify(x, otpIdentifier("forget-password", email), otp); err != nil {
		return nil, err
	}
	user, err := findUserByEmail(x, email)
	if err != nil {
		return nil, err
	}
	if user == nil {
		return nil, errOTPUserNotFound
	}
	userID := user["id"].(string)
	hash, err := x.HashPassword(password)
	if err != nil {
		return nil, err
	}
	account, err := x.FindOne("account", core.Where{Field: "userId", Value: userID}, core.Where{Field: "providerId", Value: "credential"})
	if err != nil {
		return nil, err
	}
	if account == nil {
		if err := x.CreateCredentialAccount(userID, hash); err != nil {
			return nil, err
		}
	} else if _, err := x.Update("account", core.Record{"password": hash, "updatedAt": x.Now()}, core.Where{Field: "userId", Value: userID},
		core.Where{Field: "providerId", Value: "credential"}, core.Where{Field: "accountId", Value: userID}); err != nil {
		return nil, err
	}
	ep := r.opts.EmailAndPassword
	if ep.OnPasswordReset != nil {
		if err := ep.OnPasswordReset(x.Request().Context(), core.UserOf(user), x.Request()); err != nil {
			return nil, err
		}
	}
	if user["emailVerified"] != true {
		if _, err := updateUser(x, userID, core.Record{"emailVerified": true}); err != nil {
			return nil, err
		}
	}
	if ep.RevokeSessionsOnPasswordReset {
		if err := x.Delete("session", core.Where{Field: "userId", Value: userID}); err != nil {
			return nil, err
		}
	}
	return okSuccess, nil
}

// errChangeEmailDisabled is the answer of the change-email endpoints
// without ChangeEmail.Enabled.
var errChangeEmailDisabled = core.NewAPIError(400, "", "Change email with OTP is disabled")

// newEmail is the checks both change-email endpoints start with: the
// caller's email and the new one, lower-cased.
func (r *emailOTPRuntime) newEmail(x *core.Context, s *core.SessionData, newEmail string) (string, string, error) {
	if !r.o.ChangeEmail.Enabled {
		x.Logger().Error("better-auth: Change email with OTP is disabled.")
		return "", "", errChangeEmailDisabled
	}
	email, newEmail := strings.ToLower(s.User.Email), strings.ToLower(newEmail)
	if !core.ValidEmail(newEmail) {
		return "", "", errOTPInvalidEmail
	}
	if newEmail == email {
		return "", "", core.NewAPIError(400, "", "Email is the same")
	}
	return email, newEmail, nil
}

// requestEmailChange is POST /email-otp/request-email-change: a
// "change-email" code to the new address (not sent when it belongs to a
// user), after the current address's code when VerifyCurrentEmail.
func (r *emailOTPRuntime) requestEmailChange(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	newEmail := v.String("newEmail")
	current := v.OptionalString("otp")
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := x.RequireAuthoritativeSession()
	if err != nil {
		return nil, err
	}
	email, newEmail, err := r.newEmail(x, s, newEmail)
	if err != nil {
		return nil, err
	}
	if r.o.ChangeEmail.VerifyCurrentEmail {
		if current == "" {
			return nil, core.NewAPIError(400, "", "OTP is required to verify current email")
		}
		if err := r.verify(x, otpIdentifier("email-verification", email), current); err != nil {
			return nil, err
		}
	} else if current != "" {
		x.Logger().Warn("better-auth: OTP provided but not required for verifying current email; set ChangeEmail.VerifyCurrentEmail to require it")
	}
	otp, err := r.generate(x, newEmail, "change-email")
	if err != nil {
		return nil, err
	}
	identifier := otpIdentifier("change-email", email+"-"+newEmail)
	if err := r.create(x, identifier, otp); err != nil {
		return nil, err
	}
	taken, err := findUserByEmail(x, newEmail)
	if err != nil {
		return nil, err
	}
	if taken != nil {
		return okSuccess, x.DeleteVerification(identifier)
	}
	r.send(x, newEmail, otp, "change-email")
	return okSuccess, nil
}

// changeEmail is POST /email-otp/change-email: the new address's code
// changes the email, verified, and the session cookie is set again.
func (r *emailOTPRuntime) changeEmail(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	newEmail := v.String("newEmail")
	otp := v.String("otp")
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := x.RequireAuthoritativeSession()
	if err != nil {
		return nil, err
	}
	email, newEmail, err := r.newEmail(x, s, newEmail)
	if err != nil {
		return nil, err
	}
	if err := r.verify(x, otpIdentifier("change-email", email+"-"+newEmail), otp); err != nil {
		return nil, err
	}
	user, err := findUserByEmail(x, email)
	if err != nil {
		return nil, err
	}
	if user == nil {
		return nil, errOTPUserNotFound
	}
	taken, err := findUserByEmail(x, newEmail)
	if err != nil {
		return nil, err
	}
	if taken != nil {
		return nil, core.NewAPIError(400, "", "Email already in use")
	}
	_, err = x.VerifyEmail(user, func() (core.Record, error) {
		return updateUser(x, user["id"].(string), core.Record{"email": newEmail, "emailVerified": true})
	})
	if err != nil {
		return nil, err
	}
	x.SetSessionCookie(s.Session.Token, x.DontRemember())
	return okSuccess, nil
}

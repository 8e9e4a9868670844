package plugins

import (
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/authctl/authctl/core"
)

// GET /magic-link/verify, and revokeUnprovenAccountAccess, which
// emailOTP's sign-in shares.

// queryStrings validates the query as zod does: each name a string
// (required ones must be there), a repeated parameter an array.
func queryStrings(x *core.Context, required []string, optional []string) (map[string]string, error) {
	out := map[string]string{}
	var issues []string
	check := func(name string, must bool) {
		switch v := x.QueryParam(name).(type) {
		case string:
			out[name] = v
		case nil:
			if must {
				issues = append(issues, "[query."+name+"] Invalid input: expected string, received undefined")
			}
		default:
			issues = append(issues, "[query."+name+"] Invalid input: expected string, received array")
		}
	}
	for _, n := range required {
		check(n, true)
	}
	for _, n := range optional {
		check(n, false)
	}
	if len(issues) > 0 {
		return nil, core.NewAPIError(400, "VALIDATION_ERROR", strings.Join(issues, "; "))
	}
	return out, nil
}

// decodeURIComponent is JavaScript's: an error (a URIError, so a 500) for
// a bad escape or bytes that are not UTF-8.
func decodeURIComponent(s string) (string, error) {
	d, err := url.PathUnescape(s)
	if err != nil {
		return "", err
	}
	if !utf8.ValidString(d) {
		return "", errors.New("URI malformed")
	}
	return d, nil
}

// verify is GET /magic-link/verify.
func (m *magicLinkRuntime) verify(x *core.Context) (json.RawMessage, error) {
	q, err := queryStrings(x, []string{"token"}, []string{"callbackURL", "errorCallbackURL", "newUserCallbackURL"})
	if err != nil {
		return nil, err
	}
	// The three originChecks, on the decoded values.
	decoded := map[string]string{}
	for _, name := range []string{"callbackURL", "newUserCallbackURL", "errorCallbackURL"} {
		if q[name] == "" {
			continue
		}
		d, err := decodeURIComponent(q[name])
		if err != nil {
			return nil, err
		}
		if err := x.CheckCallbackURL(d); err != nil {
			return nil, err
		}
		decoded[name] = d
	}
	base := x.BaseURL()
	cbRef := "/"
	if d, ok := decoded["callbackURL"]; ok {
		cbRef = d
	}
	callbackURL, err := core.ResolveURL(base, cbRef)
	if err != nil {
		return nil, err
	}
	errRef, newRef := callbackURL, callbackURL
	if d, ok := decoded["errorCallbackURL"]; ok {
		errRef = d
	}
	if d, ok := decoded["newUserCallbackURL"]; ok {
		newRef = d
	}
	if _, err := core.ResolveURL(base, errRef); err != nil {
		return nil, err
	}
	redirectWithError := func(code, description string) error {
		params := [][2]string{{"error", code}}
		if description != "" {
			params = append(params, [2]string{"error_description", description})
		}
		u, err := core.ResolveURL(base, errRef, params...)
		if err != nil {
			return err
		}
		return core.Redirect(u)
	}
	newUserURL, err := core.ResolveURL(base, newRef)
	if err != nil {
		return nil, err
	}
	stored, err := m.storedToken(q["token"])
	if err != nil {
		return nil, err
	}
	row, err := x.ConsumeVerification(stored)
	if err != nil {
		return nil, err
	}
	if row == nil {
		return nil, redirectWithError("INVALID_TOKEN", "")
	}
	var value struct {
		Email string `json:"email"`
		Name  string `json:"name"`
	}
	raw, _ := row["value"].(string)
	if err := json.Unmarshal([]byte(raw), &value); err != nil {
		return nil, err
	}
	isNew := false
	user, err := x.FindOne("user", core.Where{Field: "email", Value: strings.ToLower(value.Email)})
	if err != nil {
		return nil, err
	}
	if user == nil {
		if m.o.DisableSignUp {
			return nil, redirectWithError("new_user_signup_disabled", "")
		}
		user, err = x.CreateUser(value.Name, strings.ToLower(value.Email), core.Record{"emailVerified": true})
		var ae *core.APIError
		if errors.As(err, &ae) && ae.Code != "" {
			return nil, redirectWithError(ae.Code, ae.Message)
		}
		if err != nil {
			return nil, err
		}
		isNew = true
	}
	if user["emailVerified"] != true {
		if user, err = revokeUnprovenAccountAccess(x, user["id"].(string)); err != nil {
			return nil, err
		}
		if user == nil {
			return nil, redirectWithError("user_not_found", "")
		}
	}
	session, err := x.CreateSession(user["id"].(string), nil, false)
	if err != nil {
		return nil, err
	}
	token, _ := session["token"].(string)
	x.SetSessionCookie(token, x.DontRemember())
	if q["callbackURL"] == "" {
		return signInAnswer(x, token, user, session)
	}
	if isNew {
		return nil, core.Redirect(newUserURL)
	}
	return nil, core.Redirect(callbackURL)
}

// signInAnswer is {"token","user"} and, when session is not nil,
// "session", each row as Better Auth returns it.
func signInAnswer(x *core.Context, token string, user, session core.Record) (json.RawMessage, error) {
	u, err := x.Row("user", user)
	if err != nil {
		return nil, err
	}
	tok, _ := core.JSON(token)
	out := `{"token":` + string(tok) + `,"user":` + string(u)
	if session != nil {
		s, err := x.Row("session", session)
		if err != nil {
			return nil, err
		}
		out += `,"session":` + string(s)
	}
	return json.RawMessage(out + "}"), nil
}

// revokeUnprovenAccountAccess is 1.7.5's db/revoke-unproven-account-
// access.ts: an unverified user proven by a magic link or an email OTP
// loses every account and session it had before the proof, and becomes
// verified. A verification row reserved for the user (five seconds) lets
// one concurrent request do it while the others wait for it (up to two
// seconds) and then read the user.
func revokeUnprovenAccountAccess(x *core.Context, userID string) (core.Record, error) {
	lock := "revoke-unproven-account-access:" + userID
	byID := core.Where{Field: "id", Value: userID}
	ok, err := x.ReserveVerification(lock, userID, time.Now().Add(5*time.Second))
	if errors.Is(err, core.ErrReserveNeedsDatabase) {
		// No reservation without the table: 1.7.5 goes on as its holder.
		ok, err = true, nil
	}
	if err != nil {
		return nil, err
	}
	if !ok {
		deadline := time.Now().Add(2 * time.Second)
		for time.Now().Before(deadline) {
			row, err := x.FindVerification(lock)
			if err != nil {
				return nil, err
			}
			if row == nil {
				break
			}
			if exp, _ := row["expiresAt"].(time.Time); !exp.After(time.Now()) {
				if err := x.DeleteVerification(lock); err != nil {
					return nil, err
				}
				break
			}
			time.Sleep(250 * time.Millisecond)
		}
		return x.FindOne("user", byID)
	}
	defer func() { _ = x.DeleteVerification(lock) }()
	user, err := x.FindOne("user", byID)
	if err != nil || user == nil || user["emailVerified"] == true {
		return user, err
	}
	accounts, err := x.Find("account", core.Where{Field: "userId", Value: userID})
	if err != nil {
		return nil, err
	}
	for _, a := range accounts {
		if err := x.Delete("account", core.Where{Field: "id", Value: a["id"]}); err != nil {
			return nil, err
		}
	}
	if err := x.Delete("session", core.Where{Field: "userId", Value: userID}); err != nil {
		return nil, err
	}
	return updateUser(x, userID, core.Record{"emailVerified": true}) // admin_runtime.go's
}

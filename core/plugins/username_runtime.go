package plugins

import (
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strings"

	"github.com/authctl/authctl/core"
)

// The username plugin's runtime, Better Auth 1.7.5's
// src/plugins/username/index.ts: before hooks on sign-up/email and
// update-user, the lowercasing transform of user.username (a database
// hook here), and the sign-in/username and is-username-available
// endpoints.

var _ core.RuntimePlugin = (*usernamePlugin)(nil)

// usernameRuntime is the plugin's resolved options.
type usernameRuntime struct {
	min, max        int
	displayUsername bool // includeDisplayUsername in Better Auth
}

// Init returns the plugin's endpoints and hooks.
func (p *usernamePlugin) Init(in *core.PluginInit) (*core.PluginRuntime, error) {
	if !in.HasField("user", "username") {
		return nil, errors.New("the user table has no username field; the username plugin's runtime needs it")
	}
	u := &usernameRuntime{min: 3, max: 30, displayUsername: !p.o.NoDisplayUsername && in.HasField("user", "displayUsername")}
	if p.o.MinUsernameLength != 0 {
		u.min = p.o.MinUsernameLength
	}
	if p.o.MaxUsernameLength != 0 {
		u.max = p.o.MaxUsernameLength
	}
	lower := func(_ *core.Context, r core.Record) error {
		if s, ok := r["username"].(string); ok {
			r["username"] = normalizeUsername(s)
		}
		return nil
	}
	return &core.PluginRuntime{
		Endpoints: []core.Endpoint{
			{Method: http.MethodPost, Path: "/sign-in/username", Handler: u.signIn},
			{Method: http.MethodPost, Path: "/is-username-available", Handler: u.isAvailable},
		},
		Before: []core.Hook{
			{Match: onPath("/sign-up/email"), Handler: u.signUpHooks},
			{Match: onPath("/update-user"), Handler: u.updateHook},
		},
		DatabaseHooks: []core.DatabaseHook{
			{Table: "user", Op: core.OpCreate, Before: lower},
			{Table: "user", Op: core.OpUpdate, Before: lower},
		},
	}, nil
}

// onPath matches requests to one path.
func onPath(path string) func(*core.Context) bool {
	return func(x *core.Context) bool { return x.Path() == path }
}

// The plugin's USERNAME_ERROR_CODES (error-codes.ts). The hooks answer
// validation problems with 400, the endpoints with 422.
const (
	usernameTooShort = "USERNAME_TOO_SHORT"
	usernameTooLong  = "USERNAME_TOO_LONG"
	usernameInvalid  = "INVALID_USERNAME"
)

var usernameMessages = map[string]string{
	usernameTooShort: "Username is too short",
	usernameTooLong:  "Username is too long",
	usernameInvalid:  "Username is invalid",
}

func errUsernameTaken() error {
	return core.NewAPIError(400, "USERNAME_IS_ALREADY_TAKEN", "Username is already taken. Please try another.")
}

func errInvalidUsernameOrPassword() error {
	return core.NewAPIError(401, "INVALID_USERNAME_OR_PASSWORD", "Invalid username or password")
}

func usernameError(status int, code string) error {
	return core.NewAPIError(status, code, usernameMessages[code])
}

// usernamePattern is defaultUsernameValidator.
var usernamePattern = regexp.MustCompile(`^[a-zA-Z0-9_.]+$`)

// validate is validateUsernameValue: the code of the first rule the
// username breaks, or "". Lengths count UTF-16 code units.
func (u *usernameRuntime) validate(name string) string {
	switch n := core.JSLength(name); {
	case n < u.min:
		return usernameTooShort
	case n > u.max:
		return usernameTooLong
	case !usernamePattern.MatchString(name):
		return usernameInvalid
	}
	return ""
}

// normalizeUsername is the default usernameNormalization, toLowerCase.
// Every username that reaches it passed the validator (ASCII only), where
// Go's and JavaScript's lowercasing agree.
func normalizeUsername(name string) string { return strings.ToLower(name) }

// signUpHooks are the plugin's three before hooks on /sign-up/email, run
// before the body is validated. They may rewrite the body. For an absent
// or null body Better Auth's hook throws a TypeError (an empty 500); here
// the endpoint's own validation answers it with 400.
func (u *usernameRuntime) signUpHooks(x *core.Context) (json.RawMessage, error) {
	body := x.Body()
	if body == nil {
		return nil, nil
	}
	// Hook 1: a valid displayUsername without a username becomes the
	// username.
	if dn, ok := body["displayUsername"].(string); ok {
		if _, given := body["username"]; !given && u.validate(dn) == "" {
			body["username"] = dn
		}
	}
	// Hook 2: validation and uniqueness.
	if err := u.check(x, body, false); err != nil {
		return nil, err
	}
	// Hook 3: displayUsername defaults to the username as sent.
	if u.displayUsername && core.Truthy(body["username"]) && !core.Truthy(body["displayUsername"]) {
		body["displayUsername"] = body["username"]
	}
	return nil, nil
}

// updateHook is the plugin's before hook on /update-user. It runs before
// the session middleware: a taken username is refused even without a
// session.
func (u *usernameRuntime) updateHook(x *core.Context) (json.RawMessage, error) {
	body := x.Body()
	if body == nil {
		return nil, nil
	}
	return nil, u.check(x, body, true)
}

// check is hook 2: a string username must be valid (400) and not belong
// to another user. On update-user the caller's own username is allowed.
func (u *usernameRuntime) check(x *core.Context, body map[string]any, update bool) error {
	name, ok := body["username"].(string)
	if !ok {
		return nil
	}
	if code := u.validate(name); code != "" {
		return usernameError(400, code)
	}
	existing, err := x.FindOne("user", core.Where{Field: "username", Value: normalizeUsername(name)})
	if err != nil || existing == nil {
		return err
	}
	if !update {
		return errUsernameTaken()
	}
	s, err := x.Session()
	if err != nil {
		return err
	}
	if s == nil || existing["id"] != s.User.ID {
		return errUsernameTaken()
	}
	return nil
}

// signIn is POST /sign-in/username.
func (u *usernameRuntime) signIn(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	name := v.String("username")
	password := v.String("password")
	rememberMe, rememberGiven := v.Bool("rememberMe")
	callbackURL := v.OptionalString("callbackURL")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if name == "" || password == "" {
		return nil, errInvalidUsernameOrPassword()
	}
	if code := u.validate(name); code != "" {
		return nil, usernameError(422, code)
	}
	user, err := x.FindOne("user", core.Where{Field: "username", Value: normalizeUsername(name)})
	if err != nil {
		return nil, err
	}
	if user == nil {
		// Hash anyway, so the answer takes as long as a wrong password's.
		if _, err := x.HashPassword(password); err != nil {
			return nil, err
		}
		return nil, errInvalidUsernameOrPassword()
	}
	account, err := x.FindOne("account", core.Where{Field: "userId", Value: user["id"]},
		core.Where{Field: "providerId", Value: "credential"}, core.Where{Field: "accountId", Value: user["id"]})
	if err != nil {
		return nil, err
	}
	hash, _ := account["password"].(string)
	if hash == "" {
		return nil, errInvalidUsernameOrPassword()
	}
	ok, err := x.VerifyPassword(hash, password)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errInvalidUsernameOrPassword()
	}
	_, urlGiven := x.Body()["callbackURL"].(string)
	return x.SignIn(user, core.SignIn{CallbackURL: callbackURL, CallbackGiven: urlGiven, DontRemember: rememberGiven && !rememberMe})
}

// isAvailable is POST /is-username-available.
func (u *usernameRuntime) isAvailable(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	name := v.String("username")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if name == "" {
		return nil, usernameError(422, usernameInvalid)
	}
	if code := u.validate(name); code != "" {
		return nil, usernameError(422, code)
	}
	user, err := x.FindOne("user", core.Where{Field: "username", Value: normalizeUsername(name)})
	if err != nil {
		return nil, err
	}
	if user != nil {
		return json.RawMessage(`{"available":false}`), nil
	}
	return json.RawMessage(`{"available":true}`), nil
}

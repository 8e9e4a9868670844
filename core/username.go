package core

import (
	"errors"
	"regexp"
	"strings"
)

// The username plugin's runtime (Better Auth 1.7.5's
// src/plugins/username/index.ts): its before hooks on sign-up/email and
// update-user, the lowercasing transform of the user.username field, and
// the sign-in/username and is-username-available endpoints. It runs when
// Options.Plugins holds a plugin with ID "username"; core cannot import
// core/plugins, so the plugin hands its options over through
// UsernamePlugin.

// UsernameSettings are the options of the username plugin the handler
// uses. The zero value is Better Auth's default.
type UsernameSettings struct {
	// MinLength and MaxLength bound a username, in UTF-16 code units as
	// JavaScript counts them; 0 means 3 and 30.
	MinLength, MaxLength int
	// NoDisplayUsername is Better Auth's displayUsername: false: sign-up
	// does not copy the username into user.displayUsername.
	NoDisplayUsername bool
}

// UsernamePlugin is implemented by the plugin with ID "username"
// (plugins.Username) to pass its options to the handler. A plugin with
// that ID that does not implement it gets the default settings.
type UsernamePlugin interface {
	Plugin
	UsernameSettings() UsernameSettings
}

// usernameRuntime is the resolved username plugin.
type usernameRuntime struct {
	min, max        int
	displayUsername bool // includeDisplayUsername in Better Auth
}

// newUsernameRuntime returns the username runtime for the configured
// plugins, or nil when the username plugin is not configured.
func newUsernameRuntime(o Options, hasField func(string) bool) (*usernameRuntime, error) {
	for _, p := range o.Plugins {
		if p == nil || p.ID() != "username" {
			continue
		}
		var s UsernameSettings
		if up, ok := p.(UsernamePlugin); ok {
			s = up.UsernameSettings()
		}
		if !hasField("username") {
			return nil, errors.New(`plugin username: the user table has no username field; the username plugin's runtime needs it`)
		}
		return &usernameRuntime{min: intOr(s.MinLength, 3), max: intOr(s.MaxLength, 30),
			displayUsername: !s.NoDisplayUsername && hasField("displayUsername")}, nil
	}
	return nil, nil
}

// The username plugin's USERNAME_ERROR_CODES (error-codes.ts). The hooks
// answer validation problems with 400, the endpoints with 422.
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

var (
	errUsernameTaken         = errCode(400, "USERNAME_IS_ALREADY_TAKEN", "Username is already taken. Please try another.")
	errInvalidUsernameOrPass = errCode(401, "INVALID_USERNAME_OR_PASSWORD", "Invalid username or password")
)

func usernameError(status int, code string) error {
	return errCode(status, code, usernameMessages[code])
}

// usernamePattern is defaultUsernameValidator.
var usernamePattern = regexp.MustCompile(`^[a-zA-Z0-9_.]+$`)

// validate is validateUsernameValue: the code of the first rule the
// username breaks, or "". Lengths count UTF-16 code units.
func (u *usernameRuntime) validate(name string) string {
	switch n := jsLength(name); {
	case n < u.min:
		return usernameTooShort
	case n > u.max:
		return usernameTooLong
	case !usernamePattern.MatchString(name):
		return usernameInvalid
	}
	return ""
}

// normalizeUsername is the default usernameNormalization, toLowerCase. Every
// username that reaches it passed the validator (ASCII only), where Go's
// and JavaScript's lowercasing agree.
func normalizeUsername(name string) string { return strings.ToLower(name) }

// usernameSignUpHooks are the plugin's three before hooks on
// /sign-up/email, run before the body is validated, as Better Auth runs
// hooks before the endpoint. They may rewrite the body.
func (c *call) usernameSignUpHooks() error {
	u := c.rt.username
	body := c.hookBody()
	if body == nil {
		return nil
	}
	// Hook 1: a valid displayUsername without a username becomes the
	// username.
	if dn, ok := body["displayUsername"].(string); ok {
		if _, given := body["username"]; !given && u.validate(dn) == "" {
			body["username"] = dn
		}
	}
	// Hook 2: validation and uniqueness.
	if err := c.usernameCheck(body, false); err != nil {
		return err
	}
	// Hook 3: displayUsername defaults to the username as sent.
	if u.displayUsername && truthy(body["username"]) && !truthy(body["displayUsername"]) {
		body["displayUsername"] = body["username"]
	}
	return nil
}

// usernameUpdateHook is the plugin's before hook on /update-user. It runs
// before the session middleware: a taken username is refused even
// without a session.
func (c *call) usernameUpdateHook() error {
	body := c.hookBody()
	if body == nil {
		return nil
	}
	return c.usernameCheck(body, true)
}

// hookBody is ctx.body as the hooks see it: an object they read and may
// change, or nil (other values have no properties). For an absent or null
// body Better Auth's hook throws a TypeError (an empty 500); here the
// endpoint's own validation answers it with 400, as every other malformed
// body.
func (c *call) hookBody() map[string]any {
	b, _ := c.body.(map[string]any)
	return b
}

// usernameCheck is hook 2: a string username must be valid (400) and not
// belong to another user. On update-user the caller's own username is
// allowed.
func (c *call) usernameCheck(body map[string]any, update bool) error {
	name, ok := body["username"].(string)
	if !ok {
		return nil
	}
	if code := c.rt.username.validate(name); code != "" {
		return usernameError(400, code)
	}
	st := c.rt.st
	existing, err := st.findOne(c.r.Context(), st.user, cond{"username", normalizeUsername(name)})
	if err != nil {
		return err
	}
	if existing == nil {
		return nil
	}
	if !update {
		return errUsernameTaken
	}
	s, err := c.session()
	if err != nil {
		return err
	}
	if s == nil || existing["id"] != s.userID() {
		return errUsernameTaken
	}
	return nil
}

// signInUsername is POST /sign-in/username.
func (c *call) signInUsername() ([]byte, error) {
	v := newValidator(c.body, false)
	name := v.str("username", false)
	password := v.str("password", false)
	rememberMe, rememberGiven := v.boolean("rememberMe")
	callbackURL := v.str("callbackURL", true)
	if err := v.err(); err != nil {
		return nil, err
	}
	if name == "" || password == "" {
		return nil, errInvalidUsernameOrPass
	}
	if code := c.rt.username.validate(name); code != "" {
		return nil, usernameError(422, code)
	}
	st := c.rt.st
	ctx := c.r.Context()
	user, err := st.findOne(ctx, st.user, cond{"username", normalizeUsername(name)})
	if err != nil {
		return nil, err
	}
	if user == nil {
		// Hash anyway, so the answer takes as long as a wrong password's.
		if _, err := HashPassword(password); err != nil {
			return nil, err
		}
		return nil, errInvalidUsernameOrPass
	}
	account, err := st.findOne(ctx, st.account, cond{"userId", user["id"]}, cond{"providerId", "credential"}, cond{"accountId", user["id"]})
	if err != nil {
		return nil, err
	}
	hash, _ := account["password"].(string)
	if hash == "" {
		return nil, errInvalidUsernameOrPass
	}
	ok, err := VerifyPassword(hash, password)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errInvalidUsernameOrPass
	}
	_, urlGiven := v.body["callbackURL"].(string)
	return c.finishSignIn(user, callbackURL, urlGiven, rememberGiven && !rememberMe)
}

// isUsernameAvailable is POST /is-username-available.
func (c *call) isUsernameAvailable() ([]byte, error) {
	v := newValidator(c.body, false)
	name := v.str("username", false)
	if err := v.err(); err != nil {
		return nil, err
	}
	if name == "" {
		return nil, usernameError(422, usernameInvalid)
	}
	if code := c.rt.username.validate(name); code != "" {
		return nil, usernameError(422, code)
	}
	st := c.rt.st
	user, err := st.findOne(c.r.Context(), st.user, cond{"username", normalizeUsername(name)})
	if err != nil {
		return nil, err
	}
	if user != nil {
		return []byte(`{"available":false}`), nil
	}
	return []byte(`{"available":true}`), nil
}

// usernameRoutes are served only with the username plugin.
var usernameRoutes = map[string]route{
	"POST /sign-in/username":      {[]string{mediaJSON}, (*call).signInUsername},
	"POST /is-username-available": {[]string{mediaJSON}, (*call).isUsernameAvailable},
}

package core

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/authctl/authctl/schema"
)

// Sign-up and sign-in with email and password, and the user input rules
// they share with update-user (Better Auth's sign-up.ts, sign-in.ts and
// parseUserInput).

// coreUserFields are the user fields sign-up and update-user set
// themselves; every other user field is "additional" input.
var coreUserFields = map[string]bool{"name": true, "email": true, "emailVerified": true, "image": true, "createdAt": true, "updatedAt": true}

func (c *call) signUpEmail() ([]byte, error) {
	v := newValidator(c.body, true)
	name := v.str("name", false)
	email := v.email("email")
	password := v.nonEmpty("password")
	image := v.str("image", true)
	_, hasImage := v.body["image"].(string)
	v.str("callbackURL", true)
	rememberMe, rememberGiven := v.boolean("rememberMe")
	if err := v.err(); err != nil {
		return nil, err
	}
	if err := c.rt.checkFormCSRF(c.r); err != nil {
		return nil, err
	}
	o := c.rt.opts.EmailAndPassword
	if !o.Enabled || o.DisableSignUp {
		return nil, errSignUpDisabled
	}
	if jsLength(password) < c.rt.minPassword {
		return nil, errPasswordTooShort
	}
	if jsLength(password) > c.rt.maxPassword {
		return nil, errPasswordTooLong
	}
	generic := o.RequireEmailVerification || (o.AutoSignIn != nil && !*o.AutoSignIn)
	extra, err := c.userInput(v.body, true)
	if err != nil {
		return nil, err
	}
	st := c.store()
	ctx := c.r.Context()
	email = strings.ToLower(email)
	existing, err := st.findOne(ctx, st.user, cond{"email", email})
	if err != nil {
		return nil, err
	}
	if existing != nil {
		if !generic {
			return nil, errUserExists
		}
		// Against enumeration: hash anyway and answer like a new user.
		if _, err := c.hashPassword(password); err != nil {
			return nil, err
		}
		if f := o.OnExistingUserSignUp; f != nil {
			c.background(f(ctx, userOf(existing), c.r))
		}
		fake := c.newUserRecord(name, email, image, hasImage, extra)
		if fake["id"], err = st.newID(); err != nil || fake["id"] == nil {
			fake["id"], err = randomString(32) // serial ids: Better Auth also falls back
		}
		if err != nil {
			return nil, err
		}
		return jsonBuf(`{"token":null,"user":`).object(st.user, fake).close(), nil
	}
	hash, err := c.hashPassword(password)
	if err != nil {
		return nil, err
	}
	dontRemember := rememberGiven && !rememberMe
	u := c.newUserRecord(name, email, image, hasImage, extra)
	var token string
	// The user, its account and its session are written together or not
	// at all: a sign-up that fails half-way must not leave a user who can
	// never sign up again.
	err = c.inTx(func() error {
		if _, err := c.insertRow(st.user, u); err != nil {
			if _, isAPI := err.(*APIError); isAPI {
				return err
			}
			// Better Auth answers a failed insert (a concurrent sign-up
			// with the same email, a constraint) with 422. The driver's
			// message may quote the email: it is not logged.
			c.rt.log.Error("better-auth: failed to create user", "err", redactDBError(err))
			return errCode(422, "FAILED_TO_CREATE_USER", "Failed to create user")
		}
		if _, err := c.insertRow(st.account, c.credentialAccount(u["id"].(string), hash)); err != nil {
			return fmt.Errorf("create account: %w", err)
		}
		// emailVerification.sendOnSignUp, by default requireEmailVerification.
		// Better Auth sends it as a background task: a failed send is
		// logged and the sign-up goes on. Without a send function nothing
		// is sent.
		if c.sendOnSignUp() && c.rt.opts.EmailVerification.SendVerificationEmail != nil {
			cb, _ := v.body["callbackURL"].(string)
			c.background(c.sendVerificationLink(u, cb))
		}
		if generic {
			return nil
		}
		token, err = c.createSession(u["id"].(string), dontRemember)
		return err
	})
	if err != nil {
		return nil, err
	}
	if generic {
		return jsonBuf(`{"token":null,"user":`).object(st.user, u).close(), nil
	}
	c.setSessionCookie(token, &dontRemember)
	b := jsonBuf(`{"token":`).str(token)
	return append(b, `,"user":`...).object(st.user, u).close(), nil
}

func (b jsonBuf) close() []byte { return append(b, '}') }

// newUserRecord is the user row sign-up inserts: every schema field with
// its value, its default, or NULL.
func (c *call) newUserRecord(name, email, image string, hasImage bool, extra record) record {
	u := record{"name": name, "email": email, "emailVerified": false, "createdAt": c.now, "updatedAt": c.now, "image": nil}
	if hasImage {
		u["image"] = image
	}
	for k, v := range extra {
		u[k] = v
	}
	for _, f := range c.store().user.fields {
		if _, ok := u[f.Name]; !ok {
			u[f.Name] = staticDefault(f, c)
		}
	}
	return u
}

// staticDefault is the value a field takes on insert when none is given.
func staticDefault(f schema.Field, c *call) any {
	if schema.IsNow(f.Default) {
		return c.now
	}
	switch d := f.Default.(type) {
	case nil:
		return nil
	case int:
		return int64(d)
	case int32:
		return int64(d)
	case float32:
		return float64(d)
	}
	return f.Default
}

func (c *call) credentialAccount(userID, hash string) record {
	a := record{"accountId": userID, "providerId": "credential", "userId": userID, "password": hash,
		"createdAt": c.now, "updatedAt": c.now}
	for _, f := range c.store().account.fields {
		if _, ok := a[f.Name]; !ok {
			a[f.Name] = staticDefault(f, c)
		}
	}
	return a
}

// userInput is Better Auth's parseUserInput over the additional and plugin
// user fields: values of the right type are kept, fields marked Input:
// false are refused (or take their default on create), and a required
// field without a value or default is an error on create.
func (c *call) userInput(body map[string]any, create bool) (record, error) {
	out := record{}
	for _, f := range c.store().user.fields {
		if coreUserFields[f.Name] {
			continue
		}
		raw, given := body[f.Name]
		if given && f.Input != nil && !*f.Input {
			if f.Default != nil && create {
				out[f.Name] = staticDefault(f, c)
				continue
			}
			if truthy(raw) {
				return nil, errCode(400, "FIELD_NOT_ALLOWED", f.Name+" is not allowed to be set")
			}
			continue
		}
		if given {
			v, err := inputValue(f, raw)
			if err != nil {
				return nil, err
			}
			out[f.Name] = v
			continue
		}
		if create && f.Default != nil {
			out[f.Name] = staticDefault(f, c)
			continue
		}
		if create && f.IsRequired() {
			return nil, errCode(400, "MISSING_FIELD", f.Name+" is required")
		}
	}
	return out, nil
}

func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case json.Number:
		// JavaScript: 0, -0 and 0.0 are falsy.
		f, err := x.Float64()
		return err != nil || f != 0
	}
	return true
}

// createSession inserts a session for userID and returns its token.
// dontRemember sessions last one day, as Better Auth's.
func (c *call) createSession(userID string, dontRemember bool) (string, error) {
	return c.createSessionWith(userID, dontRemember, nil)
}

// createSessionWith is createSession with fields overriding the row's
// defaults.
func (c *call) createSessionWith(userID string, dontRemember bool, override record) (string, error) {
	token, err := randomString(32)
	if err != nil {
		return "", err
	}
	exp := c.now.Add(c.rt.expiresIn)
	if dontRemember {
		exp = c.now.Add(24 * time.Hour)
	}
	s := record{"expiresAt": exp, "token": token, "createdAt": c.now, "updatedAt": c.now,
		"ipAddress": c.rt.clientIP(c.r), "userAgent": headerText(c.r.Header.Get("User-Agent")), "userId": userID}
	for k, v := range override {
		s[k] = v
	}
	for _, f := range c.store().session.fields {
		if _, ok := s[f.Name]; !ok {
			s[f.Name] = staticDefault(f, c)
		}
	}
	if _, err := c.insertRow(c.store().session, s); err != nil {
		if _, isAPI := err.(*APIError); isAPI {
			return "", err
		}
		return "", fmt.Errorf("create session: %w", err)
	}
	c.newSession = s
	return token, nil
}

// headerText is a header value as Node reads it and Better Auth stores
// it: each byte is one character (latin1), so a value that is not UTF-8
// is stored as the TypeScript server stores it instead of failing on
// PostgreSQL and MariaDB.
func headerText(v string) string {
	for i := 0; i < len(v); i++ {
		if v[i] >= 0x80 {
			r := make([]rune, len(v))
			for j := 0; j < len(v); j++ {
				r[j] = rune(v[j])
			}
			return string(r)
		}
	}
	return v
}

func (c *call) signInEmail() ([]byte, error) {
	v := newValidator(c.body, false)
	email := v.str("email", false)
	password := v.str("password", false)
	callbackURL := v.str("callbackURL", true)
	rememberMe, rememberGiven := v.boolean("rememberMe")
	if err := v.err(); err != nil {
		return nil, err
	}
	if err := c.rt.checkFormCSRF(c.r); err != nil {
		return nil, err
	}
	if !c.rt.opts.EmailAndPassword.Enabled {
		return nil, errEmailPasswordOff
	}
	if !validEmail(email) {
		return nil, errInvalidEmail
	}
	st := c.store()
	ctx := c.r.Context()
	user, err := st.findOne(ctx, st.user, cond{"email", strings.ToLower(email)})
	if err != nil {
		return nil, err
	}
	var hash any
	if user != nil {
		accounts, err := st.find(ctx, st.account, cond{"userId", user["id"]}, cond{"providerId", "credential"})
		if err != nil {
			return nil, err
		}
		for _, a := range accounts {
			if a["accountId"] == user["id"] {
				hash = a["password"]
				break
			}
		}
	}
	h, _ := hash.(string)
	if h == "" {
		// Unknown email or no password: hash anyway, so the answer takes
		// as long as a wrong password's.
		if _, err := c.hashPassword(password); err != nil {
			return nil, err
		}
		return nil, errInvalidEmailPassword
	}
	ok, err := c.verifyPassword(h, password)
	if err != nil {
		return nil, err // not a Better Auth hash: a 500, as Better Auth
	}
	if !ok {
		return nil, errInvalidEmailPassword
	}
	_, urlGiven := v.body["callbackURL"].(string)
	return c.finishSignIn(user, callbackURL, urlGiven, rememberGiven && !rememberMe)
}

// finishSignIn is the end of sign-in/email and sign-in/username once the
// password matched: the email-verification requirement, the session, its
// cookie and the answer. A callbackURL given as "" redirects nowhere but
// is echoed as "url", as Better Auth's `url: ctx.body.callbackURL`.
func (c *call) finishSignIn(user record, callbackURL string, urlGiven, dontRemember bool) ([]byte, error) {
	if c.rt.opts.EmailAndPassword.RequireEmailVerification && user["emailVerified"] != true {
		// emailVerification.sendOnSignIn: a new link (a background task:
		// a failed send is logged), then the 403.
		if ev := c.rt.opts.EmailVerification; ev.SendVerificationEmail != nil && ev.SendOnSignIn {
			c.background(c.sendVerificationLink(user, callbackURL))
		}
		return nil, errEmailNotVerified
	}
	st := c.store()
	token, err := c.createSession(user["id"].(string), dontRemember)
	if err != nil {
		return nil, err
	}
	c.setSessionCookie(token, &dontRemember)
	b := jsonBuf(`{"redirect":`)
	if callbackURL != "" {
		c.header.Set("Location", callbackURL)
		b = append(b, "true"...)
	} else {
		b = append(b, "false"...)
	}
	b = append(b, `,"token":`...).str(token)
	if urlGiven {
		b = append(b, `,"url":`...).str(callbackURL)
	}
	return append(b, `,"user":`...).object(st.user, user).close(), nil
}

// inputValue converts a JSON input value for an additional field. Better
// Auth stores whatever it is given; a value the column cannot hold is
// refused here with a validation error instead of failing in the database.
func inputValue(f schema.Field, raw any) (any, error) {
	if raw == nil {
		if f.IsRequired() {
			return nil, wrongType(f, "null")
		}
		return nil, nil
	}
	switch f.Type {
	case schema.TypeString, schema.TypeEnum:
		s, ok := raw.(string)
		if !ok {
			return nil, wrongType(f, jsType(raw))
		}
		if f.Type == schema.TypeEnum && len(f.Enum) > 0 && !slicesContains(f.Enum, s) {
			return nil, errCode(400, "VALIDATION_ERROR", "[body."+f.Name+"] Invalid option: expected one of "+quoteList(f.Enum))
		}
		return s, nil
	case schema.TypeBoolean:
		b, ok := raw.(bool)
		if !ok {
			return nil, wrongType(f, jsType(raw))
		}
		return b, nil
	case schema.TypeNumber:
		n, ok := raw.(json.Number)
		if !ok {
			return nil, wrongType(f, jsType(raw))
		}
		return integerInput(f, n)
	case schema.TypeDate:
		s, ok := raw.(string)
		if !ok {
			return nil, wrongType(f, jsType(raw))
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil, errCode(400, "VALIDATION_ERROR", "[body."+f.Name+"] Invalid input: expected date, received string")
		}
		return t.UTC(), nil
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return nil, wrongType(f, jsType(raw))
	}
	return json.RawMessage(b), nil
}

// integerInput checks a number against its column: Better Auth's number
// fields are integer columns (bigint when BigInt) on every engine, so a
// fraction or an out-of-range value is a client mistake, answered 400
// before the database would fail with a 500 (PostgreSQL, MySQL strict)
// or silently store something else (1.5 as 1, or as REAL on SQLite).
// 2.0 and 1e3 are integers.
func integerInput(f schema.Field, n json.Number) (int64, error) {
	lo, hi := int64(math.MinInt32), int64(math.MaxInt32)
	if f.BigInt {
		lo, hi = math.MinInt64, math.MaxInt64
	}
	i, err := n.Int64()
	if err != nil {
		x, ferr := n.Float64()
		// float64(MaxInt64) rounds up to 2^63, which is out of range;
		// -2^63 itself parsed as an int64 above, so a float that rounds
		// to it (-9223372036854775809) is out of range.
		if ferr != nil || x != math.Trunc(x) || x <= -(1<<63) || x >= 1<<63 {
			return 0, errCode(400, "VALIDATION_ERROR", fmt.Sprintf("[body.%s] Invalid input: expected an integer from %d to %d", f.Name, lo, hi))
		}
		i = int64(x)
	}
	if i < lo || i > hi {
		return 0, errCode(400, "VALIDATION_ERROR", fmt.Sprintf("[body.%s] Invalid input: expected an integer from %d to %d", f.Name, lo, hi))
	}
	return i, nil
}

func wrongType(f schema.Field, got string) error {
	want := string(f.Type)
	switch f.Type {
	case schema.TypeEnum:
		want = "string"
	case schema.TypeDate:
		want = "date"
	}
	return errCode(400, "VALIDATION_ERROR", "[body."+f.Name+"] Invalid input: expected "+want+", received "+got)
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = `"` + s + `"`
	}
	return strings.Join(q, "|")
}

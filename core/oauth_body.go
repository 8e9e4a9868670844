package core

import (
	"encoding/json"
	"sort"
	"strconv"
)

// The bodies of /sign-in/social and /link-social, validated as 1.7.5's
// schemas do, with the ID-token user fields and extra authorization
// parameters.

// socialBody is the validated body of sign-in/social and link-social.
type socialBody struct {
	m                     map[string]any
	provider              string
	callbackURL           string
	disableRedirect       bool
	idToken               map[string]any
	scopes                []string
	loginHint             string
	additionalParams      []Param
	requestSignUp, hasReq bool
}

// The body fields of sign-in/social and link-social in their schemas'
// order (zod reports issues in that order).
var (
	signInSocialFields = []string{"callbackURL", "newUserCallbackURL", "errorCallbackURL", "provider", "disableRedirect",
		"idToken", "scopes", "requestSignUp", "loginHint", "additionalParams", "additionalData"}
	linkSocialFields = []string{"callbackURL", "provider", "idToken", "requestSignUp", "scopes", "errorCallbackURL",
		"disableRedirect", "loginHint", "additionalParams", "additionalData"}
)

// readSocialBody validates socialSignInBodySchema or link-social's body.
func (c *call) readSocialBody(fields []string) (*socialBody, error) {
	v := newValidator(c.body, false)
	b := &socialBody{m: v.body}
	if v.body == nil {
		return b, v.err()
	}
	for _, f := range fields {
		switch f {
		case "callbackURL":
			b.callbackURL = v.str(f, true)
		case "newUserCallbackURL", "errorCallbackURL":
			v.str(f, true)
		case "provider":
			// z.enum(socialProviderList).or(z.string()): a union's issue.
			var ok bool
			if b.provider, ok = v.get(f).(string); !ok {
				v.fail(f, "Invalid input")
			}
		case "disableRedirect":
			b.disableRedirect, _ = v.boolean(f)
		case "requestSignUp":
			b.requestSignUp, b.hasReq = v.boolean(f)
		case "loginHint":
			b.loginHint = v.str(f, true)
		case "idToken":
			switch t := v.get(f).(type) {
			case undefinedBody:
			case map[string]any:
				b.idToken = t
				if _, ok := t["token"].(string); !ok {
					v.fail("idToken.token", "Invalid input: expected string, received "+jsType(orUndefined(t, "token")))
				}
				for _, k := range []string{"nonce", "accessToken", "refreshToken"} {
					if x, ok := t[k]; ok {
						if _, isStr := x.(string); !isStr {
							v.fail("idToken."+k, "Invalid input: expected string, received "+jsType(x))
						}
					}
				}
				if slicesContains(fields, "newUserCallbackURL") { // sign-in/social's schema: expiresAt and user
					idTokenUserFields(v, t)
				}
			default:
				v.fail(f, "Invalid input: expected object, received "+jsType(t))
			}
		case "scopes":
			switch sc := v.get(f).(type) {
			case undefinedBody:
			case []any:
				for i, x := range sc {
					str, ok := x.(string)
					if !ok {
						v.fail("scopes."+strconv.Itoa(i), "Invalid input: expected string, received "+jsType(x))
					}
					b.scopes = append(b.scopes, str)
				}
			default:
				v.fail(f, "Invalid input: expected array, received "+jsType(sc))
			}
		case "additionalParams":
			switch ap := v.get(f).(type) {
			case undefinedBody:
			case map[string]any:
				keys := make([]string, 0, len(ap))
				bad := false
				for k, x := range ap {
					if _, ok := x.(string); !ok {
						v.fail("additionalParams."+k, "Invalid input: expected string, received "+jsType(x))
						bad = true
					}
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					if reservedAuthParams[k] && !bad {
						v.fail(f, "additionalParams cannot include reserved OAuth parameters: state, client_id, redirect_uri, response_type, code_challenge, code_challenge_method, nonce, scope")
						break
					}
					s, _ := ap[k].(string)
					b.additionalParams = append(b.additionalParams, Param{Key: k, Value: s})
				}
			default:
				v.fail(f, "Invalid input: expected record, received "+jsType(ap))
			}
		case "additionalData":
			switch ad := v.get(f).(type) {
			case undefinedBody, map[string]any:
			default:
				v.fail(f, "Invalid input: expected record, received "+jsType(ad))
			}
		}
	}
	return b, v.err()
}

// idTokenUserFields validates sign-in/social's idToken.expiresAt (a
// number) and idToken.user ({name?: {firstName?, lastName?}, email?}).
func idTokenUserFields(v *validator, t map[string]any) {
	expect := func(path string, x any, kind string) bool {
		ok := false
		switch kind {
		case "number":
			_, ok = x.(json.Number)
		case "string":
			_, ok = x.(string)
		case "object":
			_, ok = x.(map[string]any)
		}
		if !ok {
			v.fail(path, "Invalid input: expected "+kind+", received "+jsType(x))
		}
		return ok
	}
	if x, ok := t["expiresAt"]; ok {
		expect("idToken.expiresAt", x, "number")
	}
	u, ok := t["user"]
	if !ok || !expect("idToken.user", u, "object") {
		return
	}
	um := u.(map[string]any)
	if n, ok := um["name"]; ok && expect("idToken.user.name", n, "object") {
		for _, k := range []string{"firstName", "lastName"} {
			if x, ok := n.(map[string]any)[k]; ok {
				expect("idToken.user.name."+k, x, "string")
			}
		}
	}
	if x, ok := um["email"]; ok {
		expect("idToken.user.email", x, "string")
	}
}

var reservedAuthParams = map[string]bool{"state": true, "client_id": true, "redirect_uri": true, "response_type": true,
	"code_challenge": true, "code_challenge_method": true, "nonce": true, "scope": true}

func orUndefined(m map[string]any, k string) any {
	if x, ok := m[k]; ok {
		return x
	}
	return undefined
}

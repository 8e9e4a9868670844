package core

// POST /update-session, following Better Auth 1.7.5's route
// (better-auth/dist/api/routes/update-session.mjs): the session's
// additional and plugin fields, never its core ones.

func init() {
	addRoutes(map[string]route{"POST /update-session": {[]string{mediaJSON}, (*call).updateSession}})
}

// coreSessionFields are the session fields update-session never takes
// from the body (parseSessionInput knows only the additional and plugin
// fields).
var coreSessionFields = map[string]bool{"id": true, "expiresAt": true, "token": true, "createdAt": true,
	"updatedAt": true, "ipAddress": true, "userAgent": true, "userId": true}

func (c *call) updateSession() ([]byte, error) {
	body, ok := c.body.(map[string]any)
	if !ok {
		return nil, errCode(400, "VALIDATION_ERROR", "[body] Invalid input: expected record, received "+jsType(c.body))
	}
	s, err := c.requireSession()
	if err != nil {
		return nil, err
	}
	set, err := c.fieldsInput(c.rt.st.session, coreSessionFields, body)
	if err != nil {
		return nil, err
	}
	if len(set) == 0 {
		return nil, errNoFieldsToUpdate
	}
	set["updatedAt"] = c.now
	st := c.rt.st
	n, err := c.updateRows(st.session, set, cond{"token", s.token()})
	if err != nil {
		return nil, err
	}
	if n == 0 { // revoked meanwhile
		c.deleteSessionCookie()
		return nil, errCode(401, "FAILED_TO_GET_SESSION", "Failed to get session")
	}
	row, _, err := c.rt.sessionAndUser(c.r.Context(), st, s.token())
	if err != nil {
		return nil, err
	}
	if row == nil {
		c.deleteSessionCookie()
		return nil, errCode(401, "FAILED_TO_GET_SESSION", "Failed to get session")
	}
	c.setSessionCookie(s.token(), nil)
	return append(jsonBuf(`{"session":`).object(st.session, row), '}'), nil
}

// fieldsInput is Better Auth's parseInputData for an update, over the
// fields of m that are not in skip (the additional and plugin fields):
// values of the right type are kept, a truthy value for a field marked
// Input: false is refused, other fields are ignored.
func (c *call) fieldsInput(m *model, skip map[string]bool, body map[string]any) (record, error) {
	out := record{}
	for _, f := range m.fields {
		raw, given := body[f.Name]
		if skip[f.Name] || !given {
			continue
		}
		if f.Input != nil && !*f.Input {
			if truthy(raw) {
				return nil, errCode(400, "FIELD_NOT_ALLOWED", f.Name+" is not allowed to be set")
			}
			continue
		}
		v, err := inputValue(f, raw)
		if err != nil {
			return nil, err
		}
		out[f.Name] = v
	}
	return out, nil
}

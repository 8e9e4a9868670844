package core

// The session and user endpoints, each following its Better Auth 1.7.5
// route step by step (better-auth/src/api/routes/*.ts): validation first,
// then the session middleware, then the handler. Sign-up and sign-in are
// in signin.go.

func (c *call) signOut() ([]byte, error) {
	if _, isUndefined := c.body.(undefinedBody); !isUndefined {
		v := newValidator(c.body, false)
		v.str("callbackURL", true)
		v.boolean("disableRedirect")
		v.str("state", true)
		if err := v.err(); err != nil {
			return nil, err
		}
	}
	if token, ok := c.signedCookie(c.rt.names.sessionToken); ok {
		if err := c.deleteRows(c.rt.st.session, cond{"token", token}); err != nil {
			c.rt.log.Error("better-auth: sign-out could not delete the session", "err", redactDBError(err))
		}
	}
	c.deleteSessionCookie()
	return []byte(`{"success":true}`), nil
}

func (c *call) getSession() ([]byte, error) {
	c.header.Set("Cache-Control", "no-store")
	c.header.Set("Pragma", "no-cache")
	s, err := c.resolveSession(c.queryBool("disableRefresh"))
	c.sess, c.sessDone = s, true // ctx.context.session for after hooks: none after an error
	if err != nil || s == nil {
		return []byte("null"), err
	}
	if s.cachedJSON != nil {
		return s.cachedJSON, nil
	}
	st := c.rt.st
	b := jsonBuf(`{"session":`).object(st.session, s.session)
	return append(b, `,"user":`...).object(st.user, s.user).close(), nil
}

func (c *call) listSessions() ([]byte, error) {
	s, err := c.requireSession()
	if err != nil {
		return nil, err
	}
	if !c.fresh(s) {
		return nil, errSessionNotFresh
	}
	st := c.rt.st
	rows, err := c.sessionRowsOf(s.userID())
	if err != nil {
		return nil, err
	}
	b := jsonBuf("[")
	n := 0
	for _, r := range rows {
		if !(&sessionRows{session: r}).expiresAt().After(c.now) {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		b = b.object(st.session, r)
		n++
	}
	return append(b, ']'), nil
}

// fresh is 1.7.5's freshSessionMiddleware test: the session was created
// less than Session.FreshAge ago (always, when FreshAge is negative).
func (c *call) fresh(s *sessionRows) bool {
	return c.rt.freshAge <= 0 || c.now.Before(s.createdAt().Add(c.rt.freshAge))
}

func (c *call) revokeSession() ([]byte, error) {
	v := newValidator(c.body, false)
	token := v.str("token", false)
	if err := v.err(); err != nil {
		return nil, err
	}
	s, err := c.requireAuthoritativeSession()
	if err != nil {
		return nil, err
	}
	st := c.rt.st
	ctx := c.r.Context()
	other, _, err := c.rt.sessionAndUser(ctx, st, token)
	if err != nil {
		return nil, err
	}
	if other != nil && other["userId"] == s.userID() {
		if err := c.deleteRows(st.session, cond{"token", token}); err != nil {
			return nil, err
		}
	}
	return []byte(`{"status":true}`), nil
}

func (c *call) revokeSessions() ([]byte, error) {
	if err := c.optionalObject(); err != nil {
		return nil, err
	}
	s, err := c.requireAuthoritativeSession()
	if err != nil {
		return nil, err
	}
	if err := c.deleteRows(c.rt.st.session, cond{"userId", s.userID()}); err != nil {
		return nil, err
	}
	return []byte(`{"status":true}`), nil
}

func (c *call) revokeOtherSessions() ([]byte, error) {
	if err := c.optionalObject(); err != nil {
		return nil, err
	}
	s, err := c.requireAuthoritativeSession()
	if err != nil {
		return nil, err
	}
	st := c.rt.st
	rows, err := c.sessionRowsOf(s.userID())
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		rs := &sessionRows{session: r}
		if rs.expiresAt().After(c.now) && rs.token() != s.token() {
			if err := c.deleteRows(st.session, cond{"token", rs.token()}); err != nil {
				return nil, err
			}
		}
	}
	return []byte(`{"status":true}`), nil
}

// optionalObject validates the body of routes that take none: absent, or
// an object.
func (c *call) optionalObject() error {
	if _, ok := c.body.(undefinedBody); ok {
		return nil
	}
	return newValidator(c.body, false).err()
}

func (c *call) updateUser() ([]byte, error) {
	body, ok := c.body.(map[string]any)
	if !ok {
		return nil, errCode(400, "VALIDATION_ERROR", "[body] Invalid input: expected record, received "+jsType(c.body))
	}
	s, err := c.requireSession()
	if err != nil {
		return nil, err
	}
	if truthy(body["email"]) {
		return nil, errEmailCannotUpdate
	}
	set := record{}
	if v, ok := body["name"]; ok {
		name, isStr := v.(string)
		if !isStr {
			return nil, errCode(400, "VALIDATION_ERROR", "[body.name] Invalid input: expected string, received "+jsType(v))
		}
		set["name"] = name
	}
	if v, ok := body["image"]; ok {
		switch x := v.(type) {
		case string:
			set["image"] = x
		case nil:
			set["image"] = nil
		default:
			return nil, errCode(400, "VALIDATION_ERROR", "[body.image] Invalid input: expected string, received "+jsType(v))
		}
	}
	extra, err := c.userInput(body, false)
	if err != nil {
		return nil, err
	}
	for k, v := range extra {
		set[k] = v
	}
	if len(set) == 0 {
		return nil, errNoFieldsToUpdate
	}
	set["updatedAt"] = c.now
	st := c.rt.st
	if _, err := c.updateRows(st.user, set, cond{"id", s.userID()}); err != nil {
		return nil, err
	}
	c.setSessionCookie(s.token(), nil)
	return []byte(`{"status":true}`), nil
}

func (c *call) changePassword() ([]byte, error) {
	v := newValidator(c.body, false)
	newPassword := v.str("newPassword", false)
	currentPassword := v.str("currentPassword", false)
	revokeOthers, _ := v.boolean("revokeOtherSessions")
	if err := v.err(); err != nil {
		return nil, err
	}
	s, err := c.requireAuthoritativeSession()
	if err != nil {
		return nil, err
	}
	if jsLength(newPassword) < c.rt.minPassword {
		return nil, errPasswordTooShort
	}
	if jsLength(newPassword) > c.rt.maxPassword {
		return nil, errPasswordTooLong
	}
	st := c.rt.st
	ctx := c.r.Context()
	account, err := st.findOne(ctx, st.account, cond{"userId", s.userID()}, cond{"providerId", "credential"})
	if err != nil {
		return nil, err
	}
	old, _ := account["password"].(string)
	if account == nil || old == "" {
		return nil, errCredentialNotFound
	}
	hash, err := c.hashPassword(newPassword)
	if err != nil {
		return nil, err
	}
	ok, err := c.verifyPassword(old, currentPassword)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errInvalidPassword
	}
	if _, err := c.updateRows(st.account, record{"password": hash, "updatedAt": c.now}, cond{"id", account["id"]}); err != nil {
		return nil, err
	}
	b := jsonBuf(`{"token":`)
	if revokeOthers {
		if err := c.deleteRows(st.session, cond{"userId", s.userID()}); err != nil {
			return nil, err
		}
		token, err := c.createSession(s.userID(), false)
		if err != nil {
			return nil, err
		}
		c.setSessionCookie(token, nil)
		b = b.str(token)
	} else {
		b = append(b, "null"...)
	}
	return append(b, `,"user":`...).object(st.user, s.user).close(), nil
}

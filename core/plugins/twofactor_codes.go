package plugins

import (
	"crypto/subtle"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/authctl/authctl/core"
)

// Backup codes (backup-codes/index.ts) and sent codes (otp/index.ts).

// newBackupCodes is generateBackupCodes: the codes ("xxxxx-xxxxx") and
// their stored form, JSON encrypted with the server's secrets (or plain).
func (t *twoFactorRuntime) newBackupCodes(x *core.Context) ([]string, string, error) {
	var codes []string
	if f := t.o.BackupCodeOptions.CustomBackupCodesGenerate; f != nil {
		codes = f()
	} else {
		for range t.backupAmount {
			c, err := randomString(t.backupLength, alphaBackup)
			if err != nil {
				return nil, "", err
			}
			codes = append(codes, c[:min(5, len(c))]+"-"+c[min(5, len(c)):])
		}
	}
	if codes == nil {
		codes = []string{}
	}
	stored, err := t.encodeBackupCodes(x, codes)
	return codes, stored, err
}

func (t *twoFactorRuntime) encodeBackupCodes(x *core.Context, codes []string) (string, error) {
	b, err := core.JSON(codes)
	if err != nil {
		return "", err
	}
	if t.backupPlain {
		return string(b), nil
	}
	return x.Encrypt(string(b))
}

// backupCodes is getBackupCodes: nil when the stored value is not a JSON
// array of strings (safeJSONParse).
func (t *twoFactorRuntime) backupCodes(x *core.Context, stored string) ([]string, error) {
	plain := stored
	if !t.backupPlain {
		var err error
		if plain, err = x.Decrypt(stored); err != nil {
			return nil, err
		}
	}
	var codes []string
	if json.Unmarshal([]byte(plain), &codes) != nil {
		return nil, nil
	}
	return codes, nil
}

// verifyBackupCode is POST /two-factor/verify-backup-code.
func (t *twoFactorRuntime) verifyBackupCode(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	code := v.String("code")
	disableSession, _ := v.Bool("disableSession")
	trust, _ := v.Bool("trustDevice")
	if err := v.Err(); err != nil {
		return nil, err
	}
	c, err := verifyTwoFactor(x)
	if err != nil {
		return nil, err
	}
	signIn := c.session == nil
	tf, err := twoFactorRow(x, c.userID())
	if err != nil {
		return nil, err
	}
	if tf == nil {
		return nil, tfError(400, "BACKUP_CODES_NOT_ENABLED")
	}
	if signIn {
		if err := t.assertNotLocked(x, tf); err != nil {
			return nil, err
		}
	}
	a, err := beginAttempt(x, c, 5)
	if err != nil {
		return nil, err
	}
	stored := str(tf["backupCodes"])
	codes, err := t.backupCodes(x, stored)
	if err != nil {
		a.restore()
		return nil, err
	}
	found := false
	var rest []string
	for _, s := range codes {
		if s == code {
			found = true
		} else {
			rest = append(rest, s)
		}
	}
	if !found {
		a.recordFailure()
		if signIn {
			if err := t.recordFailure(x, tf); err != nil {
				return nil, err
			}
		}
		return nil, tfError(401, "INVALID_BACKUP_CODE")
	}
	if rest == nil {
		rest = []string{}
	}
	updated, err := t.encodeBackupCodes(x, rest)
	if err != nil {
		return nil, err
	}
	n, err := x.Update("twoFactor", core.Record{"backupCodes": updated},
		core.Where{Field: "id", Value: tf["id"]}, core.Where{Field: "backupCodes", Value: stored})
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, core.NewAPIError(409, "", "Failed to verify backup code. Please try again.")
	}
	if signIn {
		if err := t.resetFailures(x, tf); err != nil {
			return nil, err
		}
	}
	if !disableSession {
		return t.valid(x, c, trust)
	}
	if c.session != nil {
		return tokenAndUser(x, c.session.Session.Token, true, c.user)
	}
	return tokenAndUser(x, "", false, c.user)
}

// generateBackupCodes is POST /two-factor/generate-backup-codes.
func (t *twoFactorRuntime) generateBackupCodes(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	password := readPassword(v, t.pwlessBackup)
	if err := v.Err(); err != nil {
		return nil, err
	}
	s, err := x.RequireSession()
	if err != nil {
		return nil, err
	}
	if s.User.Fields["twoFactorEnabled"] != true {
		return nil, tfError(400, "TWO_FACTOR_NOT_ENABLED")
	}
	if err := checkPassword(x, s.User.ID, password, t.pwlessBackup, true); err != nil {
		return nil, err
	}
	tf, err := twoFactorRow(x, s.User.ID)
	if err != nil {
		return nil, err
	}
	if tf == nil {
		return nil, tfError(400, "TWO_FACTOR_NOT_ENABLED")
	}
	codes, stored, err := t.newBackupCodes(x)
	if err != nil {
		return nil, err
	}
	if _, err := x.Update("twoFactor", core.Record{"backupCodes": stored}, core.Where{Field: "id", Value: tf["id"]}); err != nil {
		return nil, err
	}
	return core.JSON(struct {
		Status      bool     `json:"status"`
		BackupCodes []string `json:"backupCodes"`
	}{true, codes})
}

// sendOTP is POST /two-factor/send-otp.
func (t *twoFactorRuntime) sendOTP(x *core.Context) (json.RawMessage, error) {
	if b := x.Body(); b != nil {
		v := x.Validate()
		v.Bool("trustDevice")
		if err := v.Err(); err != nil {
			return nil, err
		}
	}
	if t.o.OTPOptions.SendOTP == nil {
		x.Logger().Error("send otp isn't configured. Please configure the send otp function on otp options.")
		return nil, core.NewAPIError(400, "OTP_NOT_CONFIGURED", "otp isn't configured")
	}
	c, err := verifyTwoFactor(x)
	if err != nil {
		return nil, err
	}
	code, err := randomString(t.otpDigits, alphaDigits)
	if err != nil {
		return nil, err
	}
	stored := code
	switch {
	case t.hashOTP:
		stored = sha256B64(code)
	case t.encryptOTP:
		if stored, err = x.Encrypt(code); err != nil {
			return nil, err
		}
	}
	if err := x.CreateVerification("2fa-otp-"+c.key, stored+":0", time.Now().Add(t.otpPeriod)); err != nil {
		return nil, err
	}
	if err := t.o.OTPOptions.SendOTP(x, c.user, code); err != nil {
		x.Logger().Error("Failed to send two-factor OTP", "err", err)
	}
	return json.RawMessage(`{"status":true}`), nil
}

// verifyOTP is POST /two-factor/verify-otp.
func (t *twoFactorRuntime) verifyOTP(x *core.Context) (json.RawMessage, error) {
	v := x.Validate()
	code := v.String("code")
	trust, _ := v.Bool("trustDevice")
	if err := v.Err(); err != nil {
		return nil, err
	}
	c, err := verifyTwoFactor(x)
	if err != nil {
		return nil, err
	}
	var tf core.Record
	if c.session == nil {
		if tf, err = twoFactorRow(x, c.userID()); err != nil {
			return nil, err
		}
		if tf != nil {
			if err := t.assertNotLocked(x, tf); err != nil {
				return nil, err
			}
		}
	}
	ident := "2fa-otp-" + c.key
	consumed, err := x.ConsumeVerification(ident)
	if err != nil {
		return nil, err
	}
	if consumed == nil {
		return nil, tfError(400, "OTP_HAS_EXPIRED")
	}
	parts := strings.Split(str(consumed["value"]), ":")
	stored := parts[0]
	attempts := 0
	if len(parts) > 1 {
		attempts = parseIntPrefix(parts[1])
	}
	if attempts >= t.otpAttempts {
		return nil, tfError(400, "TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE")
	}
	want, got := stored, code
	switch {
	case t.hashOTP:
		got = sha256B64(code)
	case t.encryptOTP:
		if want, err = x.Decrypt(stored); err != nil {
			return nil, err
		}
	}
	if subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1 {
		if tf != nil {
			if err := t.resetFailures(x, tf); err != nil {
				return nil, err
			}
		}
		if c.user["twoFactorEnabled"] != true {
			if c.session == nil {
				return nil, core.NewAPIError(400, "FAILED_TO_CREATE_SESSION", "Failed to create session")
			}
			user, err := setTwoFactorEnabled(x, c.session, true)
			if err != nil {
				return nil, err
			}
			token, _ := x.NewSession()["token"].(string)
			return tokenAndUser(x, token, true, user)
		}
		return t.valid(x, c, trust)
	}
	exp, _ := consumed["expiresAt"].(time.Time)
	if err := x.CreateVerification(ident, stored+":"+strconv.Itoa(attempts+1), exp); err != nil {
		return nil, err
	}
	if tf != nil {
		if err := t.recordFailure(x, tf); err != nil {
			return nil, err
		}
	}
	return nil, tfError(401, "INVALID_CODE")
}

// parseIntPrefix is parseInt(s, 10) || 0.
func parseIntPrefix(s string) int {
	s = strings.TrimLeft(s, " \t\n\r")
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	n, err := strconv.Atoi(s[:j])
	if err != nil || j == i {
		return 0
	}
	return n
}

package initcmd

// Plugins whose work ends in a message to the user (a sign-in link, a
// one-time code, an invitation) need a send function to work at all. The
// scaffold gives each one that calls deliver, a function at the end of
// auth.go where the app connects its mailer or SMS provider; until it
// does, deliver prints messages in development and fails elsewhere, so
// that a scaffolded server works end to end on localhost and never
// pretends to have sent anything in production.

// senderExprs are the constructor expressions of those plugins, with
// their send functions set. gofmt lays them out.
var senderExprs = map[string]string{
	"twoFactor": `plugins.TwoFactor(plugins.TwoFactorOptions{OTPOptions: plugins.OTPOptions{
		SendOTP: func(x *core.Context, user core.Record, otp string) error {
			return deliver(fmt.Sprint(user["email"]), "Your verification code: "+otp)
		},
	}})`,
	"organization": `plugins.Organization(plugins.OrganizationOptions{
		SendInvitationEmail: func(x *core.Context, inv plugins.OrganizationInvitation) error {
			return deliver(inv.Email, fmt.Sprintf("You are invited to join %v as %s (invitation %s)", inv.Organization["name"], inv.Role, inv.ID))
		},
	})`,
	"magicLink": `plugins.MagicLink(plugins.MagicLinkOptions{
		SendMagicLink: func(x *core.Context, m plugins.MagicLinkMessage) error {
			return deliver(m.Email, "Your sign-in link: "+m.URL)
		},
	})`,
	"emailOTP": `plugins.EmailOTP(plugins.EmailOTPOptions{
		SendVerificationOTP: func(x *core.Context, m plugins.EmailOTPMessage) error {
			return deliver(m.Email, "Your "+m.Type+" code: "+m.OTP)
		},
	})`,
	"phoneNumber": `plugins.PhoneNumber(plugins.PhoneNumberOptions{
		SendOTP: func(x *core.Context, phoneNumber, code string) error {
			return deliver(phoneNumber, "Your code: "+code)
		},
		SendPasswordResetOTP: func(x *core.Context, phoneNumber, code string) error {
			return deliver(phoneNumber, "Your password reset code: "+code)
		},
	})`,
}

// pluginExpr is the expression init writes for a catalog plugin, and
// whether it calls deliver.
func pluginExpr(info PluginInfo) (string, bool) {
	if e, ok := senderExprs[info.Name]; ok {
		return e, true
	}
	return constructorExpr(info), false
}

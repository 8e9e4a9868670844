package initcmd

import "strings"

// The data the templates in templates/init receive.

// authData renders init/auth/*.go.tmpl.
type authData struct {
	Package      string // the config package's name
	PackageDoc   bool   // write the package comment (a new package)
	AppName      string
	BasePath     string
	DBName       string // a database name for the DATABASE_URL example
	Plugins      []authPlugin
	MountPackage string
	// Deliver writes the deliver function the plugins' send functions
	// call (see senders.go).
	Deliver bool
}

// authPlugin is one entry of the config's Plugins list.
type authPlugin struct {
	Expr    string // plugins.TwoFactor()
	Summary string // one line
}

// mountData renders init/mount/*.go.tmpl.
type mountData struct {
	Package      string // the mount package's name
	ConfigImport string // the config package's import path
	ConfigName   string // the config package's name
	ConfigAlias  bool   // the name differs from the path's last element
	DriverImport string
	BasePath     string
}

// clientData renders init/client/*.ts.tmpl.
type clientData struct {
	BaseURL  string
	BasePath string
	Plugins  []string // client plugin functions from better-auth/client/plugins
}

// constructorExpr is the Go expression that builds a catalog plugin with
// its defaults. The catalog's Constructor is a function of core/plugins
// ("TwoFactor"), possibly written as a call or qualified.
func constructorExpr(info PluginInfo) string {
	c := strings.TrimSpace(info.Constructor)
	if !strings.HasPrefix(c, "plugins.") {
		c = "plugins." + c
	}
	if !strings.HasSuffix(c, ")") {
		c += "()"
	}
	return c
}

// oneLine makes s fit a // comment.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// clientPluginFuncs maps catalog names to the client plugins that
// better-auth 1.7.5 exports from "better-auth/client/plugins" and that work
// without arguments. Plugins without a client part, or whose client needs
// options (oneTap's clientId) or lives in another package, are left out.
var clientPluginFuncs = map[string]string{
	"admin":               "adminClient",
	"anonymous":           "anonymousClient",
	"deviceAuthorization": "deviceAuthorizationClient",
	"emailOTP":            "emailOTPClient",
	"jwt":                 "jwtClient",
	"lastLoginMethod":     "lastLoginMethodClient",
	"magicLink":           "magicLinkClient",
	"multiSession":        "multiSessionClient",
	"oneTimeToken":        "oneTimeTokenClient",
	"organization":        "organizationClient",
	"phoneNumber":         "phoneNumberClient",
	"siwe":                "siweClient",
	"twoFactor":           "twoFactorClient",
	"username":            "usernameClient",
}

// clientPlugins returns the client plugin functions for the chosen server
// plugins, in their order.
func clientPlugins(names []string) []string {
	var out []string
	for _, n := range names {
		if f, ok := clientPluginFuncs[n]; ok {
			out = append(out, f)
		}
	}
	return out
}

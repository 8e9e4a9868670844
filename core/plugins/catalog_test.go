package plugins_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// Better Auth's plugin ids, by plugin name.
var betterAuthIDs = map[string]string{
	"twoFactor": "two-factor", "username": "username", "anonymous": "anonymous", "phoneNumber": "phone-number",
	"admin": "admin", "organization": "organization", "jwt": "jwt", "siwe": "siwe",
	"deviceAuthorization": "device-authorization", "oauthDeviceAuthorization": "device-authorization",
	"lastLoginMethod": "last-login-method", "passkey": "passkey", "apiKey": "api-key", "sso": "sso",
	"stripe": "stripe", "oauthProvider": "oauth-provider", "scim": "scim", "bearer": "bearer",
	"magicLink": "magic-link", "emailOTP": "email-otp", "multiSession": "multi-session", "oneTap": "one-tap",
	"customSession": "custom-session", "genericOAuth": "generic-oauth", "openAPI": "open-api", "captcha": "captcha",
	"oneTimeToken": "one-time-token", "haveIBeenPwned": "have-i-been-pwned", "oAuthProxy": "oauth-proxy",
}

func TestCatalog(t *testing.T) {
	cat := plugins.Catalog()
	if !sort.SliceIsSorted(cat, func(i, j int) bool { return cat[i].Name < cat[j].Name }) {
		t.Error("Catalog is not sorted by Name")
	}
	if len(cat) != len(betterAuthIDs) {
		t.Errorf("Catalog has %d plugins, want %d", len(cat), len(betterAuthIDs))
	}
	ctors := constructors(t)
	for _, info := range cat {
		if _, ok := betterAuthIDs[info.Name]; !ok {
			t.Errorf("%s: not a Better Auth plugin name this test knows", info.Name)
		}
		if !ctors[info.Constructor] {
			t.Errorf("%s: no constructor func %s(opts ...%sOptions) core.Plugin in the package", info.Name, info.Constructor, info.Constructor)
		}
		if info.Summary == "" || strings.Contains(info.Summary, "\n") {
			t.Errorf("%s: summary %q", info.Name, info.Summary)
		}
		got, ok := plugins.Lookup(info.Name)
		if !ok || !reflect.DeepEqual(got, info) {
			t.Errorf("Lookup(%q) = %+v, %v", info.Name, got, ok)
		}
		if got, ok := plugins.Lookup(strings.ToLower(info.Name)); !ok || got.Name != info.Name {
			t.Errorf("Lookup(%q) = %+v, %v", strings.ToLower(info.Name), got, ok)
		}
	}
	for name, want := range map[string][]string{
		"twoFactor":    {"user", "twoFactor"},
		"organization": {"organization", "organizationRole", "team", "teamMember", "member", "invitation", "session"},
		"stripe":       {"user", "subscription", "organization"},
		"bearer":       {},
		"scim":         {"scimManagedConnection", "scimManagedCredential", "scimManagedConnectionEvent", "scimConnectionBinding", "scimIdentityTombstone", "scimSubject", "scimUser", "scimProjectionGrant", "scimGroup", "scimGroupMember"},
	} {
		if got, _ := plugins.Lookup(name); !reflect.DeepEqual(got.Tables, want) {
			t.Errorf("%s tables %v, want %v", name, got.Tables, want)
		}
	}
	for in, want := range map[string]string{"two-factor": "twoFactor", "api-key": "apiKey", "device-authorization": "deviceAuthorization", "APIKEY": "apiKey"} {
		if got, ok := plugins.Lookup(in); !ok || got.Name != want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", in, got.Name, ok, want)
		}
	}
	for _, bad := range []string{"", "oidcProvider", "two_factor", "mcp"} {
		if got, ok := plugins.Lookup(bad); ok {
			t.Errorf("Lookup(%q) = %+v", bad, got)
		}
	}
}

// Each catalog plugin, made the way `authctl init` writes it
// (plugins.X()), has Better Auth's id and is a valid config on its own.
func TestCatalogPluginsWithDefaults(t *testing.T) {
	byCtor := map[string]core.Plugin{
		"TwoFactor": plugins.TwoFactor(), "Username": plugins.Username(), "Anonymous": plugins.Anonymous(),
		"PhoneNumber": plugins.PhoneNumber(), "Admin": plugins.Admin(), "Organization": plugins.Organization(),
		"JWT": plugins.JWT(), "SIWE": plugins.SIWE(), "DeviceAuthorization": plugins.DeviceAuthorization(),
		"OAuthDeviceAuthorization": plugins.OAuthDeviceAuthorization(), "LastLoginMethod": plugins.LastLoginMethod(),
		"Passkey": plugins.Passkey(), "APIKey": plugins.APIKey(), "SSO": plugins.SSO(), "Stripe": plugins.Stripe(),
		"OAuthProvider": plugins.OAuthProvider(), "SCIM": plugins.SCIM(), "Bearer": plugins.Bearer(),
		"MagicLink": plugins.MagicLink(), "EmailOTP": plugins.EmailOTP(), "MultiSession": plugins.MultiSession(),
		"OneTap": plugins.OneTap(), "CustomSession": plugins.CustomSession(), "GenericOAuth": plugins.GenericOAuth(),
		"OpenAPI": plugins.OpenAPI(), "Captcha": plugins.Captcha(), "OneTimeToken": plugins.OneTimeToken(),
		"HaveIBeenPwned": plugins.HaveIBeenPwned(), "OAuthProxy": plugins.OAuthProxy(),
	}
	for _, info := range plugins.Catalog() {
		p, ok := byCtor[info.Constructor]
		if !ok {
			t.Errorf("%s: constructor %s not listed in this test", info.Name, info.Constructor)
			continue
		}
		if p.ID() != betterAuthIDs[info.Name] {
			t.Errorf("%s: ID %q, Better Auth's is %q", info.Name, p.ID(), betterAuthIDs[info.Name])
		}
		if err := configErr(p); err != nil {
			t.Errorf("%s: %v", info.Name, err)
		}
	}
}

// constructors returns the exported functions of the package shaped
// func X(opts ...XOptions) core.Plugin, read from its source.
func constructors(t *testing.T) map[string]bool {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, f := range pkgs["plugins"].Files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !fn.Name.IsExported() {
				continue
			}
			params, results := fn.Type.Params.List, fn.Type.Results
			if len(params) != 1 || results == nil || len(results.List) != 1 {
				continue
			}
			ell, ok := params[0].Type.(*ast.Ellipsis)
			if !ok {
				continue
			}
			opt, _ := ell.Elt.(*ast.Ident)
			res, _ := results.List[0].Type.(*ast.SelectorExpr)
			if opt == nil || res == nil || opt.Name != fn.Name.Name+"Options" || res.Sel.Name != "Plugin" {
				continue
			}
			out[fn.Name.Name] = true
		}
	}
	return out
}

// Every XOptions struct of the package has the generic Schema field.
func TestEveryOptionsHasSchema(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	ctors := constructors(t)
	seen := 0
	for _, f := range pkgs["plugins"].Files {
		ast.Inspect(f, func(n ast.Node) bool {
			ts, ok := n.(*ast.TypeSpec)
			if !ok || !ctors[strings.TrimSuffix(ts.Name.Name, "Options")] {
				return true
			}
			seen++
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				t.Errorf("%s is not a struct", ts.Name.Name)
				return false
			}
			for _, fl := range st.Fields.List {
				if id, ok := fl.Type.(*ast.Ident); ok && id.Name == "Schema" && len(fl.Names) == 1 && fl.Names[0].Name == "Schema" {
					return false
				}
			}
			t.Errorf("%s has no field Schema Schema", ts.Name.Name)
			return false
		})
	}
	if seen != len(ctors) || seen != len(plugins.Catalog()) {
		t.Errorf("%d options structs, %d constructors, %d catalog entries", seen, len(ctors), len(plugins.Catalog()))
	}
}

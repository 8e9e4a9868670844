package configload

import (
	"go/ast"
	"go/constant"
	"go/token"
	"reflect"
	"strconv"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// The evaluator models the subset of Go a literal config uses, with Go's
// typing rules where it accepts an expression: untyped constants are
// exact (go/constant) until assigned, typed values must be assignable
// (reflect's rules are the language's), and composite literal keys must
// name exported fields. Everything else is a fallback.

// sval is an evaluated expression: an untyped constant (c set, t nil), a
// typed constant (c and t set), untyped nil (isNil) or a typed run-time
// value (v valid).
type sval struct {
	c     constant.Value
	t     reflect.Type
	v     reflect.Value
	isNil bool
	rune_ bool // untyped rune constant (default type int32)
}

func (x sval) isConst() bool { return x.c != nil }

// pkgMember is an identifier exported by a package the reader knows.
type pkgMember struct {
	typ reflect.Type  // a type
	fn  reflect.Value // a function that may be called
	val *sval         // a constant or variable
}

func typeOf[T any]() pkgMember { return pkgMember{typ: reflect.TypeFor[T]()} }
func fnOf(f any) pkgMember     { return pkgMember{fn: reflect.ValueOf(f)} }
func constOf(v any) pkgMember {
	rv := reflect.ValueOf(v)
	var c constant.Value
	switch rv.Kind() {
	case reflect.String:
		c = constant.MakeString(rv.String())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		c = constant.MakeInt64(rv.Int())
	case reflect.Bool:
		c = constant.MakeBool(rv.Bool())
	default:
		panic("constOf " + rv.Type().String())
	}
	return pkgMember{val: &sval{c: c, t: rv.Type()}}
}

// staticPackages are the identifiers of the packages a static config may
// use. A name missing here makes the reader fall back, never misread.
var staticPackages = map[string]map[string]pkgMember{
	corePkgPath: {
		"Options":             typeOf[core.Options](),
		"EmailAndPassword":    typeOf[core.EmailAndPassword](),
		"UserOptions":         typeOf[core.UserOptions](),
		"AccountOptions":      typeOf[core.AccountOptions](),
		"ChangeEmail":         typeOf[core.ChangeEmail](),
		"DeleteUser":          typeOf[core.DeleteUser](),
		"AccountLinking":      typeOf[core.AccountLinking](),
		"EmailVerification":   typeOf[core.EmailVerification](),
		"PasswordFuncs":       typeOf[core.PasswordFuncs](),
		"CookieCache":         typeOf[core.CookieCache](),
		"DatabaseHook":        typeOf[core.DatabaseHook](),
		"SocialProvider":      typeOf[core.SocialProvider](),
		"SessionOptions":      typeOf[core.SessionOptions](),
		"VerificationOptions": typeOf[core.VerificationOptions](),
		"RateLimitOptions":    typeOf[core.RateLimitOptions](),
		"RateLimitRule":       typeOf[core.RateLimitRule](),
		"Advanced":            typeOf[core.Advanced](),
		"IPAddressOptions":    typeOf[core.IPAddressOptions](),
		"AdvancedDatabase":    typeOf[core.AdvancedDatabase](),
		"Database":            typeOf[core.Database](),
		"Adapter":             typeOf[core.Adapter](),
		"Plugin":              typeOf[core.Plugin](),
		"Field":               typeOf[core.Field](),
		"Reference":           typeOf[core.Reference](),
		"Index":               typeOf[core.Index](),
		"Table":               typeOf[core.Table](),
		"Auth":                typeOf[core.Auth](),
		"VersionedSecret":     typeOf[core.VersionedSecret](),

		"New":      fnOf(core.New),
		"SQLite":   fnOf(core.SQLite),
		"Postgres": fnOf(core.Postgres),
		"MySQL":    fnOf(core.MySQL),
		"Bool":     fnOf(core.Bool),

		"TypeString": constOf(core.TypeString), "TypeNumber": constOf(core.TypeNumber),
		"TypeBoolean": constOf(core.TypeBoolean), "TypeDate": constOf(core.TypeDate),
		"TypeJSON": constOf(core.TypeJSON), "TypeStringArray": constOf(core.TypeStringArray),
		"TypeNumberArray": constOf(core.TypeNumberArray), "TypeEnum": constOf(core.TypeEnum),
		"Required": constOf(core.Required), "Optional": constOf(core.Optional),
		"IDString": constOf(core.IDString), "IDUUID": constOf(core.IDUUID), "IDSerial": constOf(core.IDSerial),
		"Cascade": constOf(core.Cascade), "Restrict": constOf(core.Restrict), "NoAction": constOf(core.NoAction),
		"SetNull": constOf(core.SetNull), "SetDefault": constOf(core.SetDefault),
		// Untyped string constants in core, typed here: stricter, never wrong.
		"DialectSQLite": constOf(core.DialectSQLite), "DialectPostgres": constOf(core.DialectPostgres),
		"DialectMySQL": constOf(core.DialectMySQL),
		"AdapterSQL":   constOf(core.AdapterSQL), "AdapterPrisma": constOf(core.AdapterPrisma),
		"AdapterDrizzle": constOf(core.AdapterDrizzle), "AdapterGORM": constOf(core.AdapterGORM),
		"RateLimitMemory": constOf(core.RateLimitMemory), "RateLimitDatabase": constOf(core.RateLimitDatabase),
		"RateLimitSecondaryStorage": constOf(core.RateLimitSecondaryStorage),

		"Now": {val: &sval{t: reflect.TypeFor[any](), v: reflect.ValueOf(&core.Now).Elem()}},
	},
	corePkgPath + "/plugins": {
		"Admin": fnOf(plugins.Admin), "AdminOptions": typeOf[plugins.AdminOptions](),
		"Anonymous": fnOf(plugins.Anonymous), "AnonymousOptions": typeOf[plugins.AnonymousOptions](),
		"APIKey": fnOf(plugins.APIKey), "APIKeyOptions": typeOf[plugins.APIKeyOptions](),
		"APIKeyConfiguration": typeOf[plugins.APIKeyConfiguration](), "APIKeyRateLimit": typeOf[plugins.APIKeyRateLimit](),
		"Bearer": fnOf(plugins.Bearer), "BearerOptions": typeOf[plugins.BearerOptions](),
		"Captcha": fnOf(plugins.Captcha), "CaptchaOptions": typeOf[plugins.CaptchaOptions](),
		"CustomSession": fnOf(plugins.CustomSession), "CustomSessionOptions": typeOf[plugins.CustomSessionOptions](),
		"DeviceAuthorization": fnOf(plugins.DeviceAuthorization), "DeviceAuthorizationOptions": typeOf[plugins.DeviceAuthorizationOptions](),
		"EmailOTP": fnOf(plugins.EmailOTP), "EmailOTPOptions": typeOf[plugins.EmailOTPOptions](),
		"GenericOAuth": fnOf(plugins.GenericOAuth), "GenericOAuthOptions": typeOf[plugins.GenericOAuthOptions](),
		"HaveIBeenPwned": fnOf(plugins.HaveIBeenPwned), "HaveIBeenPwnedOptions": typeOf[plugins.HaveIBeenPwnedOptions](),
		"JWT": fnOf(plugins.JWT), "JWTOptions": typeOf[plugins.JWTOptions](),
		"LastLoginMethod": fnOf(plugins.LastLoginMethod), "LastLoginMethodOptions": typeOf[plugins.LastLoginMethodOptions](),
		"MagicLink": fnOf(plugins.MagicLink), "MagicLinkOptions": typeOf[plugins.MagicLinkOptions](),
		"MultiSession": fnOf(plugins.MultiSession), "MultiSessionOptions": typeOf[plugins.MultiSessionOptions](),
		"OAuthDeviceAuthorization": fnOf(plugins.OAuthDeviceAuthorization), "OAuthDeviceAuthorizationOptions": typeOf[plugins.OAuthDeviceAuthorizationOptions](),
		"OAuthProvider": fnOf(plugins.OAuthProvider), "OAuthProviderOptions": typeOf[plugins.OAuthProviderOptions](),
		"OAuthProxy": fnOf(plugins.OAuthProxy), "OAuthProxyOptions": typeOf[plugins.OAuthProxyOptions](),
		"OneTap": fnOf(plugins.OneTap), "OneTapOptions": typeOf[plugins.OneTapOptions](),
		"OneTimeToken": fnOf(plugins.OneTimeToken), "OneTimeTokenOptions": typeOf[plugins.OneTimeTokenOptions](),
		"OpenAPI": fnOf(plugins.OpenAPI), "OpenAPIOptions": typeOf[plugins.OpenAPIOptions](),
		"Organization": fnOf(plugins.Organization), "OrganizationOptions": typeOf[plugins.OrganizationOptions](),
		"Passkey": fnOf(plugins.Passkey), "PasskeyOptions": typeOf[plugins.PasskeyOptions](),
		"PhoneNumber": fnOf(plugins.PhoneNumber), "PhoneNumberOptions": typeOf[plugins.PhoneNumberOptions](),
		"SCIM": fnOf(plugins.SCIM), "SCIMOptions": typeOf[plugins.SCIMOptions](),
		"SIWE": fnOf(plugins.SIWE), "SIWEOptions": typeOf[plugins.SIWEOptions](),
		"SSO": fnOf(plugins.SSO), "SSOOptions": typeOf[plugins.SSOOptions](),
		"Stripe": fnOf(plugins.Stripe), "StripeOptions": typeOf[plugins.StripeOptions](),
		"TwoFactor": fnOf(plugins.TwoFactor), "TwoFactorOptions": typeOf[plugins.TwoFactorOptions](),
		"Username": fnOf(plugins.Username), "UsernameOptions": typeOf[plugins.UsernameOptions](),
		"Schema": typeOf[plugins.Schema](), "TableSchema": typeOf[plugins.TableSchema](),
	},
	"os": {"Getenv": {}}, // handled by the evaluator: reads the loader's environment
	"time": {
		"Duration":    typeOf[time.Duration](),
		"Nanosecond":  constOf(time.Nanosecond),
		"Microsecond": constOf(time.Microsecond),
		"Millisecond": constOf(time.Millisecond),
		"Second":      constOf(time.Second),
		"Minute":      constOf(time.Minute),
		"Hour":        constOf(time.Hour),
	},
}

var predeclaredTypes = map[string]reflect.Type{
	"string": reflect.TypeFor[string](), "bool": reflect.TypeFor[bool](),
	"int": reflect.TypeFor[int](), "int8": reflect.TypeFor[int8](), "int16": reflect.TypeFor[int16](),
	"int32": reflect.TypeFor[int32](), "int64": reflect.TypeFor[int64](), "rune": reflect.TypeFor[int32](),
	"uint": reflect.TypeFor[uint](), "uint8": reflect.TypeFor[uint8](), "byte": reflect.TypeFor[uint8](),
	"uint16": reflect.TypeFor[uint16](), "uint32": reflect.TypeFor[uint32](), "uint64": reflect.TypeFor[uint64](),
	"float64": reflect.TypeFor[float64](), "any": reflect.TypeFor[any](),
}

// predeclared names a package may not redeclare for this reader (Go allows
// it; the reader would then misread them).
var predeclared = map[string]bool{"true": true, "false": true, "nil": true, "iota": true,
	"append": true, "cap": true, "len": true, "make": true, "new": true, "complex": true, "real": true, "imag": true,
	"copy": true, "delete": true, "panic": true, "recover": true, "print": true, "println": true, "min": true,
	"max": true, "clear": true, "close": true, "error": true, "comparable": true, "complex64": true,
	"complex128": true, "float32": true, "uintptr": true}

func init() {
	for n := range predeclaredTypes {
		predeclared[n] = true
	}
}

type declKind int

const (
	declVar declKind = iota
	declConst
)

type decl struct {
	kind  declKind
	name  string
	file  *fileScope
	typ   ast.Expr
	value ast.Expr // nil: the zero value (vars only)
	state int      // 0 new, 1 evaluating, 2 done
	val   sval
}

type fileScope struct {
	imports map[string]string // name → path
}

type evaluator struct {
	env   []string
	decls map[string]*decl
	order []*decl
}

func newEvaluator(files []*ast.File, env []string) (*evaluator, error) {
	ev := &evaluator{env: env, decls: map[string]*decl{}}
	var scopes []*fileScope
	for _, f := range files {
		fs := &fileScope{imports: map[string]string{}}
		scopes = append(scopes, fs)
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				return nil, fallback("import %s", imp.Path.Value)
			}
			name, ok := staticImports[path]
			if !ok {
				return nil, fallback("imports %s", path)
			}
			if imp.Name != nil {
				name = imp.Name.Name
				if name == "_" || name == "." {
					return nil, fallback("import %s %q", name, path)
				}
			}
			if _, dup := fs.imports[name]; dup || predeclared[name] {
				return nil, fallback("import name %s", name)
			}
			fs.imports[name] = path
		}
		used := map[string]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			if s, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := s.X.(*ast.Ident); ok {
					used[id.Name] = true
				}
			}
			return true
		})
		for name := range fs.imports {
			if !used[name] {
				return nil, fallback("import %s is not used", name)
			}
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok {
				return nil, fallback("declares a function")
			}
			switch g.Tok {
			case token.IMPORT:
				continue
			case token.VAR, token.CONST:
			default:
				return nil, fallback("declares a %s", g.Tok)
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				if len(vs.Values) != 0 && len(vs.Values) != len(vs.Names) {
					return nil, fallback("multi-value declaration")
				}
				if g.Tok == token.CONST && len(vs.Values) == 0 {
					return nil, fallback("implicit constant repetition")
				}
				if g.Tok == token.VAR && len(vs.Values) == 0 && vs.Type == nil {
					return nil, fallback("declaration without type or value")
				}
				for i, n := range vs.Names {
					kind := declVar
					if g.Tok == token.CONST {
						kind = declConst
					}
					dd := &decl{kind: kind, name: n.Name, file: fs, typ: vs.Type}
					if len(vs.Values) > 0 {
						dd.value = vs.Values[i]
					}
					ev.order = append(ev.order, dd)
					if n.Name == "_" {
						continue
					}
					if n.Name == "init" || n.Name == "main" || predeclared[n.Name] || ev.decls[n.Name] != nil {
						return nil, fallback("declares %s", n.Name)
					}
					ev.decls[n.Name] = dd
				}
			}
		}
	}
	for _, fs := range scopes {
		for name := range fs.imports {
			if ev.decls[name] != nil {
				return nil, fallback("%s is both an import and a declaration", name)
			}
		}
	}
	return ev, nil
}

// run evaluates every declaration (as the package's initialisation would)
// and returns the export, which must be a *core.Auth variable.
func (ev *evaluator) run(export string) (a *core.Auth, err error) {
	defer func() {
		if r := recover(); r != nil {
			if f, ok := r.(*staticFallback); ok {
				err = f
				return
			}
			err = fallback("panic while evaluating: %v", r)
		}
	}()
	for _, d := range ev.order {
		ev.eval(d)
	}
	d := ev.decls[export]
	if d == nil || d.kind != declVar {
		return nil, fallback("no variable %s", export)
	}
	if d.val.t != reflect.TypeFor[*core.Auth]() {
		return nil, fallback("%s is not a *core.Auth", export)
	}
	return d.val.v.Interface().(*core.Auth), nil
}

func fail(format string, args ...any) { panic(fallback(format, args...)) }

func (ev *evaluator) eval(d *decl) sval {
	switch d.state {
	case 2:
		return d.val
	case 1:
		fail("initialisation cycle at %s", d.name)
	}
	d.state = 1
	var typ reflect.Type
	if d.typ != nil {
		typ = ev.typeExpr(d.file, d.typ)
	}
	var v sval
	if d.value == nil {
		v = sval{t: typ, v: reflect.Zero(typ)}
	} else {
		v = ev.expr(d.file, d.value, typ)
		if d.kind == declConst {
			if !v.isConst() {
				fail("constant %s is not constant", d.name)
			}
			if typ != nil {
				v = ev.convertConst(v, typ, false)
			}
		} else {
			if typ == nil {
				typ = defaultType(v)
			}
			v = sval{t: typ, v: ev.assign(v, typ)}
		}
	}
	d.val, d.state = v, 2
	return v
}

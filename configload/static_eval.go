package configload

import (
	"go/ast"
	"go/constant"
	"go/token"
	"math"
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
		"TableOptions":        typeOf[core.TableOptions](),
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

// defaultType is the type a variable declared without one gets.
func defaultType(x sval) reflect.Type {
	if x.isNil {
		fail("use of untyped nil")
	}
	if x.t != nil {
		return x.t
	}
	switch x.c.Kind() {
	case constant.Bool:
		return reflect.TypeFor[bool]()
	case constant.String:
		return reflect.TypeFor[string]()
	case constant.Int:
		if x.rune_ {
			return reflect.TypeFor[int32]()
		}
		return reflect.TypeFor[int]()
	case constant.Float:
		return reflect.TypeFor[float64]()
	}
	fail("constant of kind %v", x.c.Kind())
	return nil
}

// assign returns x as a value of type t, with Go's assignability rules.
func (ev *evaluator) assign(x sval, t reflect.Type) reflect.Value {
	if x.isNil {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface, reflect.Func:
			return reflect.Zero(t)
		}
		fail("nil assigned to %s", t)
	}
	if x.isConst() {
		if x.t == nil {
			if t.Kind() == reflect.Interface {
				if t.NumMethod() != 0 {
					fail("constant assigned to %s", t)
				}
				c := ev.convertConst(x, defaultType(x), false)
				return boxed(c, t)
			}
			return ev.convertConst(x, t, false).v
		}
		c := ev.convertConst(x, x.t, false)
		x = c
	}
	if !x.v.IsValid() {
		fail("no value")
	}
	if x.t != t {
		if !x.t.AssignableTo(t) {
			fail("%s is not assignable to %s", x.t, t)
		}
		return boxed(x, t)
	}
	return x.v
}

func boxed(x sval, t reflect.Type) reflect.Value {
	r := reflect.New(t).Elem()
	r.Set(x.v)
	return r
}

// convertConst converts constant x to type t; explicit is a conversion
// T(x) rather than an assignment. The result holds both the constant and
// its run-time value.
func (ev *evaluator) convertConst(x sval, t reflect.Type, explicit bool) sval {
	if x.t != nil && x.t != t && !explicit {
		fail("constant of type %s used as %s", x.t, t)
	}
	c := x.c
	out := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.Bool:
		if c.Kind() != constant.Bool {
			fail("cannot use constant as %s", t)
		}
		out.SetBool(constant.BoolVal(c))
	case reflect.String:
		if c.Kind() != constant.String {
			fail("cannot use constant as %s", t)
		}
		out.SetString(constant.StringVal(c))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		ic := constant.ToInt(c)
		if ic.Kind() != constant.Int || (c.Kind() != constant.Int && c.Kind() != constant.Float) {
			fail("constant not an integer")
		}
		i, exact := constant.Int64Val(ic)
		if !exact || out.OverflowInt(i) {
			fail("constant overflows %s", t)
		}
		out.SetInt(i)
		c = ic
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		ic := constant.ToInt(c)
		if ic.Kind() != constant.Int || (c.Kind() != constant.Int && c.Kind() != constant.Float) {
			fail("constant not an integer")
		}
		u, exact := constant.Uint64Val(ic)
		if !exact || constant.Sign(ic) < 0 || out.OverflowUint(u) {
			fail("constant overflows %s", t)
		}
		out.SetUint(u)
		c = ic
	case reflect.Float64:
		if c.Kind() != constant.Int && c.Kind() != constant.Float {
			fail("cannot use constant as %s", t)
		}
		f, _ := constant.Float64Val(c)
		if math.IsInf(f, 0) {
			fail("constant overflows float64")
		}
		out.SetFloat(f)
		c = constant.MakeFloat64(f)
	default:
		fail("constant as %s", t)
	}
	return sval{c: c, t: t, v: out}
}

func (ev *evaluator) typeExpr(fs *fileScope, e ast.Expr) reflect.Type {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return ev.typeExpr(fs, e.X)
	case *ast.Ident:
		if t, ok := predeclaredTypes[e.Name]; ok && ev.decls[e.Name] == nil {
			return t
		}
	case *ast.SelectorExpr:
		if m, ok := ev.member(fs, e); ok && m.typ != nil {
			return m.typ
		}
	case *ast.StarExpr:
		return reflect.PointerTo(ev.typeExpr(fs, e.X))
	case *ast.ArrayType:
		if e.Len == nil {
			return reflect.SliceOf(ev.typeExpr(fs, e.Elt))
		}
	case *ast.MapType:
		k := ev.typeExpr(fs, e.Key)
		if !k.Comparable() || k.Kind() == reflect.Interface {
			fail("map key type %s", k)
		}
		return reflect.MapOf(k, ev.typeExpr(fs, e.Value))
	}
	fail("type expression %T", e)
	return nil
}

// member resolves pkg.Name for an imported package.
func (ev *evaluator) member(fs *fileScope, e *ast.SelectorExpr) (pkgMember, bool) {
	id, ok := e.X.(*ast.Ident)
	if !ok {
		return pkgMember{}, false
	}
	path, ok := fs.imports[id.Name]
	if !ok {
		return pkgMember{}, false
	}
	m, ok := staticPackages[path][e.Sel.Name]
	if !ok {
		fail("%s.%s is not known to the static reader", id.Name, e.Sel.Name)
	}
	return m, true
}

// isType reports whether e denotes a type (for conversions T(x)).
func (ev *evaluator) isType(fs *fileScope, e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return ev.isType(fs, e.X)
	case *ast.Ident:
		_, ok := predeclaredTypes[e.Name]
		return ok && ev.decls[e.Name] == nil
	case *ast.SelectorExpr:
		m, ok := ev.member(fs, e)
		return ok && m.typ != nil
	case *ast.StarExpr, *ast.ArrayType, *ast.MapType:
		return true
	}
	return false
}

// expr evaluates e; want is the type the context expects (for elided
// composite literal types), or nil.
func (ev *evaluator) expr(fs *fileScope, e ast.Expr, want reflect.Type) sval {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return ev.expr(fs, e.X, want)
	case *ast.BasicLit:
		c := constant.MakeFromLiteral(e.Value, e.Kind, 0)
		if c.Kind() == constant.Unknown || e.Kind == token.IMAG {
			fail("literal %s", e.Value)
		}
		return sval{c: c, rune_: e.Kind == token.CHAR}
	case *ast.Ident:
		switch e.Name {
		case "true", "false":
			return sval{c: constant.MakeBool(e.Name == "true")}
		case "nil":
			return sval{isNil: true}
		}
		d := ev.decls[e.Name]
		if d == nil || e.Name == "_" {
			fail("unknown identifier %s", e.Name)
		}
		v := ev.eval(d)
		if d.kind == declVar {
			return sval{t: v.t, v: v.v} // a variable is never constant
		}
		return v
	case *ast.SelectorExpr:
		m, ok := ev.member(fs, e)
		if !ok || m.val == nil {
			fail("selector %s", e.Sel.Name)
		}
		return *m.val
	case *ast.CompositeLit:
		// An elided type is valid only as an element (see element).
		if e.Type == nil {
			fail("composite literal without type")
		}
		t := ev.typeExpr(fs, e.Type)
		v := ev.composite(fs, e, t)
		return sval{t: t, v: v}
	case *ast.UnaryExpr:
		return ev.unary(fs, e, want)
	case *ast.BinaryExpr:
		return ev.binary(fs, e)
	case *ast.CallExpr:
		return ev.call(fs, e)
	}
	fail("expression %T", e)
	return sval{}
}

func (ev *evaluator) unary(fs *fileScope, e *ast.UnaryExpr, want reflect.Type) sval {
	if e.Op == token.AND {
		cl, ok := e.X.(*ast.CompositeLit)
		if !ok || cl.Type == nil {
			fail("& of a non-literal")
		}
		x := ev.expr(fs, cl, nil)
		p := reflect.New(x.t)
		p.Elem().Set(x.v)
		return sval{t: p.Type(), v: p}
	}
	x := ev.expr(fs, e.X, nil)
	if !x.isConst() {
		if e.Op == token.NOT && x.t.Kind() == reflect.Bool {
			r := reflect.New(x.t).Elem()
			r.SetBool(!x.v.Bool())
			return sval{t: x.t, v: r}
		}
		fail("unary %s of a variable", e.Op)
	}
	switch e.Op {
	case token.SUB, token.ADD:
		if k := x.c.Kind(); k != constant.Int && k != constant.Float {
			fail("unary %s", e.Op)
		}
	case token.NOT:
		if x.c.Kind() != constant.Bool {
			fail("unary !")
		}
	default:
		fail("unary %s", e.Op)
	}
	r := sval{c: constant.UnaryOp(e.Op, x.c, 0), t: x.t, rune_: x.rune_}
	if r.t != nil {
		r = ev.convertConst(r, r.t, false)
	}
	return r
}

func (ev *evaluator) binary(fs *fileScope, e *ast.BinaryExpr) sval {
	x := ev.expr(fs, e.X, nil)
	y := ev.expr(fs, e.Y, nil)
	if x.isNil || y.isNil {
		fail("nil in a binary expression")
	}
	switch e.Op {
	case token.ADD, token.SUB, token.MUL, token.QUO, token.REM,
		token.EQL, token.NEQ, token.LAND, token.LOR:
	default:
		fail("operator %s", e.Op)
	}
	if x.isConst() && y.isConst() {
		t := x.t
		if t == nil {
			t = y.t
		} else if y.t != nil && y.t != t {
			fail("mismatched types %s and %s", x.t, y.t)
		}
		xc, yc := x.c, y.c
		if t != nil { // the untyped operand converts to the typed one's type
			xc = ev.convertConst(sval{c: xc, rune_: x.rune_}, t, false).c
			yc = ev.convertConst(sval{c: yc, rune_: y.rune_}, t, false).c
		}
		kx, ky := xc.Kind(), yc.Kind()
		num := func(k constant.Kind) bool { return k == constant.Int || k == constant.Float }
		switch e.Op {
		case token.EQL, token.NEQ:
			if !(kx == ky || (num(kx) && num(ky))) {
				fail("comparison of mismatched constants")
			}
			return sval{c: constant.MakeBool(constant.Compare(xc, e.Op, yc))}
		case token.LAND, token.LOR:
			if kx != constant.Bool || ky != constant.Bool {
				fail("%s of non-booleans", e.Op)
			}
			r := sval{c: constant.BinaryOp(xc, e.Op, yc), t: t}
			if t != nil {
				r = ev.convertConst(r, t, false)
			}
			return r
		}
		if kx == constant.String && ky == constant.String {
			if e.Op != token.ADD {
				fail("string %s", e.Op)
			}
		} else if !num(kx) || !num(ky) {
			fail("%s of mismatched constants", e.Op)
		}
		op := e.Op
		intOp := (kx == constant.Int && ky == constant.Int) || (t != nil && isIntKind(t.Kind()))
		if op == token.QUO || op == token.REM {
			if constant.Sign(yc) == 0 {
				fail("division by zero")
			}
			if op == token.REM && !intOp {
				fail("%% of non-integers")
			}
			if intOp && op == token.QUO {
				op = token.QUO_ASSIGN
				xc, yc = constant.ToInt(xc), constant.ToInt(yc)
			}
		}
		if t != nil && t.Kind() == reflect.Float64 && (op == token.QUO || op == token.MUL) {
			fail("typed float arithmetic")
		}
		r := sval{c: constant.BinaryOp(xc, op, yc), t: t, rune_: x.rune_ || y.rune_}
		if t != nil {
			r = ev.convertConst(r, t, false)
		}
		return r
	}
	// Run-time operands: string concatenation and comparisons only.
	t := x.t
	if t == nil {
		t = y.t
	}
	if x.t != nil && y.t != nil && x.t != y.t {
		fail("mismatched types %s and %s", x.t, y.t)
	}
	xv, yv := ev.assign(x, t), ev.assign(y, t)
	switch {
	case e.Op == token.ADD && t.Kind() == reflect.String:
		r := reflect.New(t).Elem()
		r.SetString(xv.String() + yv.String())
		return sval{t: t, v: r}
	case (e.Op == token.EQL || e.Op == token.NEQ) && (t.Kind() == reflect.String || t.Kind() == reflect.Bool || isIntKind(t.Kind())):
		eq := xv.Interface() == yv.Interface()
		return sval{t: reflect.TypeFor[bool](), v: reflect.ValueOf(eq == (e.Op == token.EQL))}
	case (e.Op == token.LAND || e.Op == token.LOR) && t.Kind() == reflect.Bool:
		var b bool
		if e.Op == token.LAND {
			b = xv.Bool() && yv.Bool()
		} else {
			b = xv.Bool() || yv.Bool()
		}
		r := reflect.New(t).Elem()
		r.SetBool(b)
		return sval{t: t, v: r}
	}
	fail("operator %s on %s", e.Op, t)
	return sval{}
}

func isIntKind(k reflect.Kind) bool {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

func (ev *evaluator) call(fs *fileScope, e *ast.CallExpr) sval {
	if ev.isType(fs, e.Fun) {
		t := ev.typeExpr(fs, e.Fun)
		if len(e.Args) != 1 || e.Ellipsis.IsValid() {
			fail("conversion with %d arguments", len(e.Args))
		}
		x := ev.expr(fs, e.Args[0], nil)
		if x.isConst() {
			if x.rune_ || (x.t != nil && x.t.Kind() != t.Kind() && !(isIntKind(x.t.Kind()) && isIntKind(t.Kind()))) {
				fail("constant conversion to %s", t)
			}
			if x.c.Kind() == constant.Int && t.Kind() == reflect.String {
				fail("integer to string conversion")
			}
			return ev.convertConst(x, t, true)
		}
		if x.isNil || x.t.Kind() != t.Kind() || t.Kind() == reflect.Interface || !x.t.ConvertibleTo(t) {
			fail("conversion of %s to %s", x.t, t)
		}
		switch t.Kind() {
		case reflect.String, reflect.Bool, reflect.Int, reflect.Int64, reflect.Int32:
		default:
			fail("conversion to %s", t)
		}
		return sval{t: t, v: x.v.Convert(t)}
	}
	sel, ok := e.Fun.(*ast.SelectorExpr)
	if !ok {
		fail("call of %T", e.Fun)
	}
	m, ok := ev.member(fs, sel)
	if !ok {
		fail("method call %s", sel.Sel.Name)
	}
	if e.Ellipsis.IsValid() {
		fail("call with ...")
	}
	if fs.imports[sel.X.(*ast.Ident).Name] == "os" && sel.Sel.Name == "Getenv" {
		if len(e.Args) != 1 {
			fail("os.Getenv with %d arguments", len(e.Args))
		}
		k := ev.assign(ev.expr(fs, e.Args[0], nil), reflect.TypeFor[string]())
		return sval{t: reflect.TypeFor[string](), v: reflect.ValueOf(getenv(ev.env, k.String()))}
	}
	if !m.fn.IsValid() {
		fail("%s is not a function", sel.Sel.Name)
	}
	ft := m.fn.Type()
	n := ft.NumIn()
	if (!ft.IsVariadic() && len(e.Args) != n) || (ft.IsVariadic() && len(e.Args) < n-1) {
		fail("%s: wrong number of arguments", sel.Sel.Name)
	}
	args := make([]reflect.Value, len(e.Args))
	for i, a := range e.Args {
		pt := ft.In(min(i, n-1))
		if ft.IsVariadic() && i >= n-1 {
			pt = pt.Elem()
		}
		args[i] = ev.assign(ev.expr(fs, a, pt), pt)
	}
	out := m.fn.Call(args)
	if len(out) != 1 {
		fail("%s returns %d values", sel.Sel.Name, len(out))
	}
	return sval{t: ft.Out(0), v: out[0]}
}

// composite evaluates a composite literal of type t (a pointer type
// means &T{…}, as elided element literals may).
func (ev *evaluator) composite(fs *fileScope, e *ast.CompositeLit, t reflect.Type) reflect.Value {
	if t.Kind() == reflect.Pointer && e.Type == nil {
		p := reflect.New(t.Elem())
		p.Elem().Set(ev.composite(fs, e, t.Elem()))
		return p
	}
	out := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.Struct:
		seen := map[string]bool{}
		for _, el := range e.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				fail("positional struct literal")
			}
			key, ok := kv.Key.(*ast.Ident)
			if !ok || seen[key.Name] || !token.IsExported(key.Name) {
				fail("struct literal key")
			}
			seen[key.Name] = true
			sf, ok := t.FieldByName(key.Name)
			if !ok || len(sf.Index) != 1 {
				fail("%s has no field %s", t, key.Name)
			}
			out.Field(sf.Index[0]).Set(ev.element(fs, kv.Value, sf.Type))
		}
	case reflect.Slice:
		out = reflect.MakeSlice(t, 0, len(e.Elts))
		for _, el := range e.Elts {
			if _, ok := el.(*ast.KeyValueExpr); ok {
				fail("indexed slice literal")
			}
			out = reflect.Append(out, ev.element(fs, el, t.Elem()))
		}
	case reflect.Map:
		out = reflect.MakeMapWithSize(t, len(e.Elts))
		seen := map[any]bool{}
		for _, el := range e.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				fail("map literal element without key")
			}
			if cl, ok := kv.Key.(*ast.CompositeLit); ok && cl.Type == nil {
				fail("elided map key literal")
			}
			k := ev.expr(fs, kv.Key, nil)
			kval := ev.assign(k, t.Key())
			if k.isConst() {
				if seen[kval.Interface()] {
					fail("duplicate map key")
				}
				seen[kval.Interface()] = true
			}
			out.SetMapIndex(kval, ev.element(fs, kv.Value, t.Elem()))
		}
	default:
		fail("composite literal of %s", t)
	}
	return out
}

// element evaluates a composite literal element of type t: an elided
// literal takes t (or *t's element).
func (ev *evaluator) element(fs *fileScope, e ast.Expr, t reflect.Type) reflect.Value {
	if cl, ok := e.(*ast.CompositeLit); ok && cl.Type == nil {
		return ev.composite(fs, cl, t)
	}
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		if cl, ok := u.X.(*ast.CompositeLit); ok && cl.Type == nil {
			fail("&{…} in a literal")
		}
	}
	return ev.assign(ev.expr(fs, e, t), t)
}

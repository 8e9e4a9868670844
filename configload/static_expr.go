package configload

import (
	"go/ast"
	"go/constant"
	"go/token"
	"math"
	"reflect"
)

// Expressions, conversions and composite literals of the static reader's
// evaluator (static_eval.go), with Go's rules for constants and
// assignability.

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

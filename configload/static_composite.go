package configload

import (
	"go/ast"
	"go/constant"
	"go/token"
	"reflect"
)

// Calls (conversions and the few functions the static reader knows) and
// composite literals: struct, slice and map values of the config.

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

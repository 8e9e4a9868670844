package generate

// The few TypeScript expression shapes a Drizzle schema is made of, and
// how prettier 3 (default options: 80 columns, two-space indent, double
// quotes, trailing commas) prints each: the rules of its call-arguments,
// member-chain, object, array, arrow-function and assignment printers,
// restricted to these shapes.

type atomKind int

const (
	atomIdent   atomKind = iota // identifier
	atomString                  // "string literal"
	atomLiteral                 // number or boolean literal
	atomMember                  // a.b, printed as is
	atomTagged                  // sql`...`
	atomNew                     // /* @__PURE__ */ new Date()
)

type jsAtom struct {
	text string
	kind atomKind
}

type jsCall struct {
	callee any // jsAtom (identifier) or jsMember
	args   []any
}

type jsMember struct {
	obj  any
	prop string
}

type jsProp struct {
	key   string
	value any
}

type jsObject struct {
	props []jsProp
	// expand keeps the object broken over lines, as prettier does for an
	// object whose source had a newline after "{" (Better Auth's generator
	// writes the column objects and relation objects that way).
	expand bool
}

// jsShorthand is the value of a shorthand property (`{ user }`): an
// identifier named like its key.
type jsShorthand struct{}

type jsArray struct{ elems []any }

type jsArrow struct {
	params string
	body   any
}

func ident(s string) jsAtom   { return jsAtom{s, atomIdent} }
func member(s string) jsAtom  { return jsAtom{s, atomMember} }
func literal(s string) jsAtom { return jsAtom{s, atomLiteral} }
func call(callee any, args ...any) jsCall {
	if s, ok := callee.(string); ok {
		callee = ident(s)
	}
	return jsCall{callee: callee, args: args}
}

// method chains .name(args) onto recv.
func method(recv any, name string, args ...any) jsCall {
	return jsCall{callee: jsMember{obj: recv, prop: name}, args: args}
}

// nodeType is the node type prettier compares in its heuristics.
func nodeType(e any) string {
	switch v := e.(type) {
	case jsAtom:
		switch v.kind {
		case atomIdent:
			return "Identifier"
		case atomString:
			return "StringLiteral"
		case atomLiteral:
			return "Literal"
		case atomMember:
			return "MemberExpression"
		case atomTagged:
			return "TaggedTemplateExpression"
		}
		return "NewExpression"
	case jsCall:
		return "CallExpression"
	case jsMember:
		return "MemberExpression"
	case jsObject:
		return "ObjectExpression"
	case jsArray:
		return "ArrayExpression"
	case jsArrow:
		return "ArrowFunctionExpression"
	}
	return ""
}

// isSimpleCallArgument is prettier's test of the same name.
func isSimpleCallArgument(e any, depth int) bool {
	if depth >= 2 {
		return false
	}
	switch v := e.(type) {
	case jsAtom:
		return v.kind == atomIdent || v.kind == atomString || v.kind == atomLiteral || v.kind == atomMember
	case jsObject:
		for _, p := range v.props {
			if _, ok := p.value.(jsShorthand); ok {
				continue
			}
			if !isSimpleCallArgument(p.value, depth+1) {
				return false
			}
		}
		return true
	case jsArray:
		for _, x := range v.elems {
			if !isSimpleCallArgument(x, depth+1) {
				return false
			}
		}
		return true
	case jsCall:
		if !isSimpleCallArgument(v.callee, depth) {
			return false
		}
		for _, a := range v.args {
			if !isSimpleCallArgument(a, depth+1) {
				return false
			}
		}
		return true
	case jsMember:
		return isSimpleCallArgument(v.obj, depth)
	}
	return false
}

// isLoneShortArgument is prettier's test: a literal or identifier of at
// most a quarter of the print width.
func isLoneShortArgument(e any) bool {
	switch v := e.(type) {
	case jsAtom:
		switch v.kind {
		case atomIdent, atomString:
			return jsLength(v.text) <= printWidth/4
		case atomLiteral:
			return true
		}
	case jsObject:
		return len(v.props) == 0
	}
	return false
}

const printWidth = 80

func couldExpandArg(e any) bool {
	switch v := e.(type) {
	case jsObject:
		return len(v.props) > 0
	case jsArray:
		return len(v.elems) > 0
	case jsArrow:
		switch v.body.(type) {
		case jsObject, jsArray:
			return true
		case jsCall:
			return true
		case jsArrow:
			return couldExpandArg(v.body)
		}
	}
	return false
}

// printExpr returns the doc of e.
func printExpr(e any) doc {
	d, _ := printExprLabel(e, false)
	return d
}

// printExprLabel also reports whether e printed as a member chain of more
// than two groups (prettier's memberChain label).
func printExprLabel(e any, expandLastArg bool) (doc, bool) {
	switch v := e.(type) {
	case jsAtom:
		return v.text, false
	case jsMember:
		return []doc{printExpr(v.obj), "." + v.prop}, false
	case jsCall:
		if _, ok := v.callee.(jsMember); ok {
			return printMemberChain(v)
		}
		return []doc{printExpr(v.callee), printCallArguments(v.args)}, false
	case jsObject:
		return printObject(v), false
	case jsArray:
		return printArray(v), false
	case jsArrow:
		return printArrow(v, expandLastArg), false
	}
	return "", false
}

func printCallArguments(args []any) doc {
	if len(args) == 0 {
		return "()"
	}
	n := len(args)
	printed := make([]doc, n)
	for i, a := range args {
		d := printExpr(a)
		if i < n-1 {
			d = []doc{d, ",", line}
		}
		printed[i] = d
	}
	allBrokenOut := func() doc {
		return groupBreak([]doc{"(", indent(append([]doc{line}, printed...)), ",", line, ")"})
	}
	arrows := 0
	for _, a := range args {
		if _, ok := a.(jsArrow); ok {
			arrows++
		}
	}
	if arrows > 1 {
		return allBrokenOut()
	}
	last := args[n-1]
	var penultimate any
	if n > 1 {
		penultimate = args[n-2]
	}
	_, penArrow := penultimate.(jsArrow)
	_, lastArray := last.(jsArray)
	if couldExpandArg(last) && (penultimate == nil || nodeType(penultimate) != nodeType(last)) && (n != 2 || !penArrow || !lastArray) {
		head := printed[:n-1]
		for _, h := range head {
			if willBreak(h) {
				return allBrokenOut()
			}
		}
		lastDoc, _ := printExprLabel(last, true)
		hugged := append(append([]doc{"("}, head...), groupBreak(lastDoc), ")")
		if willBreak(lastDoc) {
			return []doc{breakPrnt, conditionalGroup(hugged, allBrokenOut())}
		}
		flat := append(append([]doc{"("}, head...), lastDoc, ")")
		return conditionalGroup(flat, hugged, allBrokenOut())
	}
	g := group([]doc{"(", indent(append([]doc{softline}, printed...)), ifBreak(",", ""), softline, ")"})
	for _, p := range printed {
		if willBreak(p) {
			g.brk = true
		}
	}
	return g
}

// chainNode is one printed node of a member chain.
type chainNode struct {
	call    *jsCall // set for call nodes
	printed doc
}

// printMemberChain is prettier's printMemberChain for a chain whose head is
// an identifier or a call of one: `text("id").notNull().unique()`.
func printMemberChain(c jsCall) (doc, bool) {
	// Linearise: head, then .member and (args) nodes.
	var nodes []chainNode
	var rec func(e any)
	rec = func(e any) {
		switch v := e.(type) {
		case jsCall:
			if m, ok := v.callee.(jsMember); ok {
				rec(m.obj)
				nodes = append(nodes, chainNode{printed: "." + m.prop})
				vv := v
				nodes = append(nodes, chainNode{call: &vv, printed: printCallArguments(v.args)})
				return
			}
			vv := v
			nodes = append(nodes, chainNode{call: &vv, printed: printExpr(v)})
		default:
			nodes = append(nodes, chainNode{printed: printExpr(e)})
		}
	}
	rec(c)

	// groups[0] is the head plus directly following calls; then each group
	// is a member followed by its calls.
	var groups [][]chainNode
	i := 1
	first := []chainNode{nodes[0]}
	for ; i < len(nodes) && nodes[i].call != nil; i++ {
		first = append(first, nodes[i])
	}
	if nodes[0].call == nil {
		for ; i+1 < len(nodes) && nodes[i].call == nil && nodes[i+1].call == nil; i++ {
			first = append(first, nodes[i])
		}
	}
	groups = append(groups, first)
	var cur []chainNode
	seenCall := false
	for ; i < len(nodes); i++ {
		if seenCall && nodes[i].call == nil {
			groups = append(groups, cur)
			cur, seenCall = nil, false
		}
		if nodes[i].call != nil {
			seenCall = true
		}
		cur = append(cur, nodes[i])
	}
	if len(cur) > 0 {
		groups = append(groups, cur)
	}

	printGroup := func(g []chainNode) doc {
		out := make([]doc, len(g))
		for i, n := range g {
			out[i] = n.printed
		}
		return out
	}
	printed := make([]doc, len(groups))
	for i, g := range groups {
		printed[i] = printGroup(g)
	}
	oneLine := doc(printed)
	// The heads authctl writes (text(...), authSchema) never merge with the
	// first call group: cutoff 2.
	if len(groups) <= 2 {
		return group(oneLine), false
	}
	rest := make([]doc, 0, len(groups)-1)
	for _, p := range printed[1:] {
		rest = append(rest, p)
	}
	expanded := []doc{printed[0], indent([]doc{hardline, join(hardline, rest)})}

	var calls []*jsCall
	for _, n := range nodes {
		if n.call != nil {
			calls = append(calls, n.call)
		}
	}
	nonSimple := false
	for _, c := range calls {
		for _, a := range c.args {
			if !isSimpleCallArgument(a, 0) {
				nonSimple = true
			}
		}
	}
	breaksEarly := false
	for _, p := range printed[:len(printed)-1] {
		if willBreak(p) {
			breaksEarly = true
		}
	}
	lastGroupBreaks := func() bool {
		lg := groups[len(groups)-1]
		if lg[len(lg)-1].call == nil || !willBreak(printed[len(printed)-1]) {
			return false
		}
		for _, c := range calls[:len(calls)-1] {
			for _, a := range c.args {
				if _, ok := a.(jsArrow); ok {
					return true
				}
			}
		}
		return false
	}
	if len(calls) > 2 && nonSimple || breaksEarly || lastGroupBreaks() {
		return group(expanded), true
	}
	var bp doc = ""
	if willBreak(oneLine) {
		bp = breakPrnt
	}
	return []doc{bp, conditionalGroup(oneLine, expanded)}, true
}

func printObject(o jsObject) doc {
	if len(o.props) == 0 {
		return "{}"
	}
	props := make([]doc, len(o.props))
	for i, p := range o.props {
		if _, ok := p.value.(jsShorthand); ok {
			props[i] = p.key
			continue
		}
		props[i] = printAssignment(propKey(p.key), ":", p.value, true)
	}
	g := group([]doc{"{", indent([]doc{line, join([]doc{",", line}, props)}), ifBreak(",", ""), line, "}"})
	g.brk = o.expand
	return g
}

func printArray(a jsArray) doc {
	if len(a.elems) == 0 {
		return "[]"
	}
	elems := make([]doc, len(a.elems))
	for i, e := range a.elems {
		elems[i] = printExpr(e)
	}
	return group([]doc{"[", indent([]doc{softline, join([]doc{",", line}, elems)}), ifBreak(",", ""), softline, "]"})
}

func printArrow(a jsArrow, expandLastArg bool) doc {
	switch b := a.body.(type) {
	case jsObject:
		return group([]doc{a.params, " =>", " ", "(", printObject(b), ")"})
	case jsArray, jsArrow:
		return group([]doc{a.params, " =>", " ", printExpr(b)})
	}
	var tail doc = ""
	if expandLastArg {
		tail = []doc{ifBreak(",", ""), softline}
	}
	return group([]doc{a.params, " =>", group([]doc{indent([]doc{line, printExpr(a.body)}), tail})})
}

var assignmentIDs int

// printAssignment prints `left op value` (a property when property is
// true, else a variable declarator) with prettier's layout choice.
func printAssignment(left, op string, value any, property bool) doc {
	shortKey := property && strWidth(left) < 2+3
	valueDoc, chain := printExprLabel(value, false)
	breakAfterOp := false
	if !shortKey {
		if a, ok := value.(jsAtom); ok && a.kind == atomString {
			breakAfterOp = true
		} else if !chain && isPoorlyBreakable(value, false) {
			breakAfterOp = true
		}
	}
	switch {
	case breakAfterOp:
		return group([]doc{group(left), op, group(indent([]doc{line, valueDoc}))})
	case shortKey || isTaggedOrLiteral(value):
		return group([]doc{group(left), op, " ", valueDoc})
	}
	assignmentIDs++
	id := assignmentIDs
	return group([]doc{group(left), op, &docGroup{contents: indent(line), id: id}, docIndentIfBreak{contents: valueDoc, groupID: id}})
}

func isTaggedOrLiteral(e any) bool {
	a, ok := e.(jsAtom)
	return ok && (a.kind == atomTagged || a.kind == atomLiteral)
}

// isPoorlyBreakable is prettier's isPoorlyBreakableMemberOrCallChain: a
// chain whose calls have no arguments or one short one.
func isPoorlyBreakable(e any, deep bool) bool {
	switch v := e.(type) {
	case jsCall:
		if _, ok := v.callee.(jsMember); ok && !deep {
			if _, label := printMemberChain(v); label {
				return false
			}
		}
		if len(v.args) > 1 || len(v.args) == 1 && !isLoneShortArgument(v.args[0]) {
			return false
		}
		return isPoorlyBreakable(v.callee, true)
	case jsMember:
		return isPoorlyBreakable(v.obj, true)
	case jsAtom:
		return deep && v.kind == atomIdent
	}
	return false
}

package generate

import "strings"

// A port of the part of prettier's document printer (prettier 3,
// src/document/printer.js) that the Drizzle output needs: groups with
// break propagation, conditional groups, indentation, if-break and
// indent-if-break. Formatting the generated TypeScript with the same
// algorithm, rather than with hand-made line-breaking rules, is what makes
// the output byte-identical to `prettier --parser typescript` (the tests
// check it with the real prettier).

// doc is a prettier document.
type doc interface{}

type docGroup struct {
	contents doc
	brk      bool
	states   []doc // expandedStates of a conditional group
	id       int
}

type docIndent struct{ contents doc }

type docLine struct{ soft, hard bool }

type docIfBreak struct {
	breakContents, flatContents doc
	groupID                     int
}

type docIndentIfBreak struct {
	contents doc
	groupID  int
}

type docBreakParent struct{}

var (
	line      = docLine{}
	softline  = docLine{soft: true}
	hardline  = []doc{docLine{hard: true}, docBreakParent{}}
	breakPrnt = docBreakParent{}
)

func group(d doc) *docGroup { return &docGroup{contents: d} }

func groupBreak(d doc) *docGroup { return &docGroup{contents: d, brk: true} }

func conditionalGroup(states ...doc) *docGroup {
	return &docGroup{contents: states[0], states: states}
}

func indent(d doc) docIndent { return docIndent{contents: d} }

func ifBreak(b, f doc) docIfBreak { return docIfBreak{breakContents: b, flatContents: f} }

func join(sep doc, docs []doc) []doc {
	var out []doc
	for i, d := range docs {
		if i > 0 {
			out = append(out, sep)
		}
		out = append(out, d)
	}
	return out
}

// willBreak reports whether d contains a forced break (prettier's
// willBreak: before propagation, it sees groups made with shouldBreak,
// hard lines and break-parents; conditional groups are searched through
// their first state).
func willBreak(d doc) bool {
	switch v := d.(type) {
	case []doc:
		for _, x := range v {
			if willBreak(x) {
				return true
			}
		}
	case *docGroup:
		return v.brk || willBreak(v.contents)
	case docIndent:
		return willBreak(v.contents)
	case docIndentIfBreak:
		return willBreak(v.contents)
	case docIfBreak:
		return willBreak(v.breakContents) || willBreak(v.flatContents)
	case docLine:
		return v.hard
	case docBreakParent:
		return true
	}
	return false
}

// propagateBreaks marks every group that contains a forced break as
// broken, except conditional groups (which choose a state instead).
func propagateBreaks(d doc) {
	var stack []*docGroup
	visited := map[*docGroup]bool{}
	breakParent := func() {
		if n := len(stack); n > 0 {
			if g := stack[n-1]; g.states == nil && !g.brk {
				g.brk = true
			}
		}
	}
	var walk func(d doc)
	walk = func(d doc) {
		switch v := d.(type) {
		case []doc:
			for _, x := range v {
				walk(x)
			}
		case *docGroup:
			stack = append(stack, v)
			if !visited[v] {
				visited[v] = true
				if v.states != nil {
					for _, s := range v.states {
						walk(s)
					}
				} else {
					walk(v.contents)
				}
			}
			stack = stack[:len(stack)-1]
			if v.brk {
				breakParent()
			}
		case docIndent:
			walk(v.contents)
		case docIndentIfBreak:
			walk(v.contents)
		case docIfBreak:
			walk(v.breakContents)
			walk(v.flatContents)
		case docBreakParent:
			breakParent()
		}
	}
	walk(d)
}

type printMode int

const (
	modeBreak printMode = iota
	modeFlat
)

type printCmd struct {
	ind  int
	mode printMode
	d    doc
}

// printDoc lays d out in width columns with two-space indentation.
func printDoc(d doc, width int) string {
	propagateBreaks(d)
	var out []byte
	pos := 0
	groupModes := map[int]printMode{}
	cmds := []printCmd{{0, modeBreak, d}}
	shouldRemeasure := false
	for len(cmds) > 0 {
		c := cmds[len(cmds)-1]
		cmds = cmds[:len(cmds)-1]
		switch v := c.d.(type) {
		case nil:
		case string:
			out = append(out, v...)
			pos += strWidth(v)
		case []doc:
			for i := len(v) - 1; i >= 0; i-- {
				cmds = append(cmds, printCmd{c.ind, c.mode, v[i]})
			}
		case docIndent:
			cmds = append(cmds, printCmd{c.ind + 2, c.mode, v.contents})
		case *docGroup:
			mode := c.mode
			if mode == modeFlat && !shouldRemeasure {
				m := modeFlat
				if v.brk {
					m = modeBreak
				}
				cmds = append(cmds, printCmd{c.ind, m, v.contents})
			} else {
				shouldRemeasure = false
				next := printCmd{c.ind, modeFlat, v.contents}
				rem := width - pos
				switch {
				case !v.brk && fits(next, cmds, rem, groupModes):
					cmds = append(cmds, next)
				case v.states != nil:
					most := v.states[len(v.states)-1]
					if v.brk {
						cmds = append(cmds, printCmd{c.ind, modeBreak, most})
						break
					}
					chosen := false
					for i := 1; i < len(v.states); i++ {
						cmd := printCmd{c.ind, modeFlat, v.states[i]}
						if fits(cmd, cmds, rem, groupModes) {
							cmds = append(cmds, cmd)
							chosen = true
							break
						}
					}
					if !chosen {
						cmds = append(cmds, printCmd{c.ind, modeBreak, most})
					}
				default:
					cmds = append(cmds, printCmd{c.ind, modeBreak, v.contents})
				}
			}
			if v.id != 0 {
				groupModes[v.id] = cmds[len(cmds)-1].mode
			}
		case docLine:
			if c.mode == modeFlat && !v.hard {
				if !v.soft {
					out = append(out, ' ')
					pos++
				}
				continue
			}
			if c.mode == modeFlat && v.hard {
				shouldRemeasure = true
			}
			// Trim trailing spaces, then break.
			for len(out) > 0 && (out[len(out)-1] == ' ' || out[len(out)-1] == '\t') {
				out = out[:len(out)-1]
			}
			out = append(out, '\n')
			out = append(out, strings.Repeat(" ", c.ind)...)
			pos = c.ind
		case docIfBreak:
			m := c.mode
			if v.groupID != 0 {
				m = groupModes[v.groupID]
			}
			if m == modeBreak {
				cmds = append(cmds, printCmd{c.ind, c.mode, v.breakContents})
			} else {
				cmds = append(cmds, printCmd{c.ind, c.mode, v.flatContents})
			}
		case docIndentIfBreak:
			if groupModes[v.groupID] == modeBreak {
				cmds = append(cmds, printCmd{c.ind, c.mode, indent(v.contents)})
			} else {
				cmds = append(cmds, printCmd{c.ind, c.mode, v.contents})
			}
		case docBreakParent:
		}
	}
	return string(out)
}

// fits reports whether next, followed by the rest of the commands, fits in
// width columns up to its first line break.
func fits(next printCmd, rest []printCmd, width int, groupModes map[int]printMode) bool {
	restIdx := len(rest)
	cmds := []printCmd{next}
	for width >= 0 {
		if len(cmds) == 0 {
			if restIdx == 0 {
				return true
			}
			restIdx--
			cmds = append(cmds, rest[restIdx])
			continue
		}
		c := cmds[len(cmds)-1]
		cmds = cmds[:len(cmds)-1]
		switch v := c.d.(type) {
		case string:
			width -= strWidth(v)
		case []doc:
			for i := len(v) - 1; i >= 0; i-- {
				cmds = append(cmds, printCmd{c.ind, c.mode, v[i]})
			}
		case docIndent:
			cmds = append(cmds, printCmd{c.ind, c.mode, v.contents})
		case docIndentIfBreak:
			cmds = append(cmds, printCmd{c.ind, c.mode, v.contents})
		case *docGroup:
			m := c.mode
			if v.brk {
				m = modeBreak
			}
			contents := v.contents
			if v.states != nil && m == modeBreak {
				contents = v.states[len(v.states)-1]
			}
			cmds = append(cmds, printCmd{c.ind, m, contents})
		case docIfBreak:
			m := c.mode
			if v.groupID != 0 {
				if gm, ok := groupModes[v.groupID]; ok {
					m = gm
				} else {
					m = modeFlat
				}
			}
			if m == modeBreak {
				cmds = append(cmds, printCmd{c.ind, c.mode, v.breakContents})
			} else {
				cmds = append(cmds, printCmd{c.ind, c.mode, v.flatContents})
			}
		case docLine:
			if c.mode == modeBreak || v.hard {
				return true
			}
			if !v.soft {
				width--
			}
		}
	}
	return false
}

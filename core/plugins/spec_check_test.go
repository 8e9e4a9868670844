package plugins_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// specTable is one "Table key … → modelName …" block of spec §3.
type specTable struct {
	key, model string
	fields     []string
	indexes    string // JSON, as printed in the spec
}

// TestSpecTables compares every case that has a §3 table with the spec,
// field by field and in order: type, required, unique, index, sortable,
// onUpdate, default, reference and onDelete, input/returned; the table
// order; the model names; the table-level indexes; and that the plugin
// adds nothing the spec does not list.
func TestSpecTables(t *testing.T) {
	base := schemaOf(t, core.Options{EmailAndPassword: core.EmailAndPassword{Enabled: true}})
	covered := map[string]bool{}
	for _, c := range cases {
		if c.spec == "" {
			continue
		}
		want, ok := specTables[c.spec]
		if !ok {
			t.Fatalf("%s: no spec table %q", c.name, c.spec)
		}
		covered[c.spec] = true
		t.Run(c.name, func(t *testing.T) {
			s := schemaOf(t, c.options())
			got := added(base, s)
			var gotKeys, wantKeys []string
			for _, tb := range got {
				gotKeys = append(gotKeys, tb.Key)
			}
			for _, w := range want {
				wantKeys = append(wantKeys, w.key)
			}
			if !reflect.DeepEqual(gotKeys, wantKeys) {
				t.Fatalf("tables with plugin fields = %v, spec lists %v", gotKeys, wantKeys)
			}
			for i, w := range want {
				compareTable(t, got[i], w)
			}
		})
	}
	for name := range specTables {
		if !covered[name] {
			t.Errorf("spec case %q has no test case", name)
		}
	}
}

// added returns, in schema order, the tables of s that the plugins added
// or extended: plugin tables whole, core tables with only the fields that
// base (the same config without plugins) does not have.
func added(base, s *schema.Schema) []*schema.Table {
	var out []*schema.Table
	for _, t := range s.Tables {
		bt := base.Table(t.Key)
		if bt == nil {
			out = append(out, t)
			continue
		}
		c := *t
		c.Fields = nil
		for _, f := range t.Fields {
			if bt.Field(f.Name) == nil {
				c.Fields = append(c.Fields, f)
			}
		}
		if len(c.Fields) > 0 || len(c.Indexes) > 0 {
			out = append(out, &c)
		}
	}
	return out
}

func compareTable(t *testing.T, got *schema.Table, w specTable) {
	t.Helper()
	if got.Name() != w.model {
		t.Errorf("%s: model name %q, spec %q", w.key, got.Name(), w.model)
	}
	var names []string
	for _, f := range got.Fields {
		names = append(names, f.Name)
	}
	var wantNames []string
	for _, row := range w.fields {
		wantNames = append(wantNames, strings.TrimSpace(strings.SplitN(row, "|", 2)[0]))
	}
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("%s: fields\n got %v\nspec %v", w.key, names, wantNames)
		return
	}
	for i, row := range w.fields {
		want, err := parseRow(row)
		if err != nil {
			t.Fatalf("%s: spec row %q: %v", w.key, row, err)
		}
		if diff := diffField(got.Fields[i], want); diff != "" {
			t.Errorf("%s.%s differs from the spec row %q: %s", w.key, want.Name, row, diff)
		}
	}
	var wantIx []schema.Index
	if w.indexes != "" {
		if err := json.Unmarshal([]byte(w.indexes), &wantIx); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(got.Indexes, wantIx) && len(got.Indexes)+len(wantIx) > 0 {
		t.Errorf("%s: indexes %+v, spec %+v", w.key, got.Indexes, wantIx)
	}
}

// specField is what a spec row says about a field. input/returned are nil
// when the row does not set them to false.
type specField struct {
	schema.Field
	defaultCell string
}

var refRE = regexp.MustCompile(`^(\w+)\.(\w+)(?: \(onDelete default cascade\)| onDelete=(.+))$`)

func parseRow(row string) (specField, error) {
	cells := strings.Split(row, "|")
	for len(cells) < 7 {
		cells = append(cells, "")
	}
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	f := specField{Field: schema.Field{Name: cells[0], Type: schema.Type(cells[1])}, defaultCell: cells[4]}
	switch cells[2] {
	case "true", "(omitted→true)":
	case "false":
		f.Required = schema.Optional
	default:
		return f, fmt.Errorf("required %q", cells[2])
	}
	if cells[3] != "" {
		for _, flag := range strings.Split(cells[3], ",") {
			switch strings.TrimSpace(flag) {
			case "unique":
				f.Unique = true
			case "index":
				f.Index = true
			case "sortable":
				f.Sortable = true
			case "onUpdate":
				f.OnUpdateNow = true
			default:
				return f, fmt.Errorf("flag %q", flag)
			}
		}
	}
	switch d := cells[4]; {
	case d == "":
	case d == "fn: new Date()":
		f.Default = schema.Now
	case d == "true" || d == "false":
		f.Default = d == "true"
	case strings.HasPrefix(d, `"`):
		f.Default = strings.Trim(d, `"`)
	case d == "[]":
		// An array default; schema.Field.Default carries scalars only
		// (see OAuthProvider's doc), so none is expected.
	default:
		n, err := strconv.Atoi(d)
		if err != nil {
			return f, fmt.Errorf("default %q", d)
		}
		f.Default = n
	}
	if cells[5] != "" {
		m := refRE.FindStringSubmatch(cells[5])
		if m == nil {
			return f, fmt.Errorf("references %q", cells[5])
		}
		f.References = &schema.Reference{Model: m[1], Field: m[2], OnDelete: schema.OnDelete(m[3])}
	}
	for _, a := range strings.Split(cells[6], ",") {
		switch strings.TrimSpace(a) {
		case "input:false":
			f.Input = core.Bool(false)
		case "returned:false":
			f.Returned = core.Bool(false)
		case "", "transform":
		default:
			return f, fmt.Errorf("input/returned %q", a)
		}
	}
	return f, nil
}

// diffField lists the attributes of got that differ from the spec row.
func diffField(got schema.Field, want specField) string {
	var d []string
	add := func(what string, g, w any) { d = append(d, fmt.Sprintf("%s %v, spec %v", what, g, w)) }
	if got.Type != want.Type {
		add("type", got.Type, want.Type)
	}
	if got.Required != want.Required {
		add("required", got.IsRequired(), want.IsRequired())
	}
	if got.Unique != want.Unique || got.Index != want.Index || got.Sortable != want.Sortable || got.OnUpdateNow != want.OnUpdateNow || got.BigInt {
		add("flags", fmt.Sprintf("unique=%v index=%v sortable=%v onUpdate=%v bigint=%v", got.Unique, got.Index, got.Sortable, got.OnUpdateNow, got.BigInt),
			fmt.Sprintf("unique=%v index=%v sortable=%v onUpdate=%v bigint=false", want.Unique, want.Index, want.Sortable, want.OnUpdateNow))
	}
	switch {
	case schema.IsNow(want.Default) != schema.IsNow(got.Default):
		add("default", got.Default, want.defaultCell)
	case !schema.IsNow(want.Default) && !reflect.DeepEqual(got.Default, want.Default):
		add("default", fmt.Sprintf("%#v", got.Default), want.defaultCell)
	}
	switch g, w := got.References, want.References; {
	case (g == nil) != (w == nil):
		add("references", g, w)
	case g != nil && (g.Model != w.Model || g.Field != w.Field || g.Action() != w.Action()):
		add("references", *g, *w)
	}
	isOff := func(b *bool) bool { return b != nil && !*b }
	if isOff(got.Input) != isOff(want.Input) {
		add("input:false", isOff(got.Input), isOff(want.Input))
	}
	if isOff(got.Returned) != isOff(want.Returned) {
		add("returned:false", isOff(got.Returned), isOff(want.Returned))
	}
	if got.Column != "" || len(got.Enum) > 0 {
		add("column/enum", got.Column+fmt.Sprint(got.Enum), "none")
	}
	return strings.Join(d, "; ")
}

// The parser itself must reject what it does not understand, or a typo in
// a row would silently compare as "no attribute".
func TestSpecRowParser(t *testing.T) {
	for _, bad := range []string{
		"a | string | maybe",
		"a | string | true | uniq",
		"a | string | true |  | 1.5",
		"a | string | true |  |  | user",
		"a | string | true |  |  |  | input:true",
	} {
		if _, err := parseRow(bad); err == nil {
			t.Errorf("parseRow(%q) accepted it", bad)
		}
	}
	f, err := parseRow("userId | string | true | index |  | session.id onDelete=set null | returned:false")
	if err != nil || f.References.Action() != schema.SetNull || !f.Index || *f.Returned {
		t.Fatalf("parseRow = %+v, %v", f, err)
	}
	// A field that differs in one attribute is reported.
	got := f.Field
	got.Sortable = true
	if diffField(got, f) == "" {
		t.Fatal("diffField missed sortable")
	}
}

package plugins_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/authctl/authctl/schema"
)

// The differential test: Better Auth 1.7.5's own getAuthTables, run by
// testdata/npm-schema/tables.mjs on the real npm packages, against
// core.New(opts).Schema() for every case, table by table and field by
// field. The spec tests check our reading of a document; this one checks
// the thing the document describes. It skips when node or `npm ci` in
// testdata/npm-schema is missing, and fails then under CI.

// goOnly lists the cases tables.mjs does not build, with the reason. Every
// other case must be in its output.
var goOnly = map[string]string{}

// knownDiffs are the differences from 1.7.5 we keep, keyed
// "table.field attribute", with the reason. Each must still show up
// wherever that field is compared (the test fails when one is gone, so a
// stale entry cannot hide a new one).
var knownDiffs = map[string]string{
	// @better-auth/oauth-provider dist/authorize-*.mjs: defaultValue: [].
	// schema.Field.Default carries scalars only (see OAuthProvider's doc).
	// Kysely's CREATE TABLE never writes it; the reference's Prisma
	// (@default([])) and Drizzle (.default([])) generators would (spec
	// §4.2, §4.3), so those outputs differ for oauthProvider.
	"oauthClient.clientCredentialsScopes default": "array defaults are not in the schema model",
}

// refTable and refField are tables.mjs's JSON: Better Auth's attributes
// with its defaults made explicit (required unless false, cascade).
type refTable struct {
	Key               string     `json:"key"`
	ModelName         string     `json:"modelName"`
	Order             int        `json:"order"`
	DisableMigrations bool       `json:"disableMigrations"`
	Indexes           []refIndex `json:"indexes"`
	Fields            []refField `json:"fields"`
}

type refIndex struct {
	Fields []string `json:"fields"`
	Unique bool     `json:"unique"`
	Name   string   `json:"name"`
}

type refField struct {
	Name       string            `json:"name"`
	Column     string            `json:"column"`
	Type       string            `json:"type"`
	Enum       []string          `json:"enum"`
	Required   bool              `json:"required"`
	Unique     bool              `json:"unique"`
	Index      bool              `json:"index"`
	Sortable   bool              `json:"sortable"`
	BigInt     bool              `json:"bigint"`
	OnUpdate   bool              `json:"onUpdate"`
	References *schema.Reference `json:"references"`
	Default    *struct {
		Now   bool            `json:"now"`
		Value json.RawMessage `json:"value"`
		Fn    bool            `json:"fn"`
	} `json:"default"`
	Input    *bool `json:"input"`
	Returned *bool `json:"returned"`
}

// betterAuthTables runs tables.mjs once for all cases.
func betterAuthTables(t *testing.T) map[string][]refTable {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "npm-schema"))
	if err != nil {
		t.Fatal(err)
	}
	missing := func(what string, err error) {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s (CI is set, so this is a failure; .ci/run runs npm ci in testdata/npm-schema): %v", what, err)
		}
		t.Skipf("%s; run `npm ci` in testdata/npm-schema to compare the plugin schemas with Better Auth 1.7.5: %v", what, err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node is not on PATH", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "better-auth")); err != nil {
		missing("testdata/npm-schema/node_modules is missing", err)
	}
	cmd := exec.Command(node, "tables.mjs")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node tables.mjs: %v\n%s", err, stderr.Bytes())
	}
	var ref map[string][]refTable
	if err := json.Unmarshal(out, &ref); err != nil {
		t.Fatalf("tables.mjs output: %v", err)
	}
	return ref
}

func TestBetterAuthTables(t *testing.T) {
	ref := betterAuthTables(t)
	// seen[d] records, for each known difference whose field was compared,
	// whether the difference was there.
	seen := map[string]bool{}
	known := map[string]bool{}
	for _, c := range cases {
		known[c.name] = true
		want, ok := ref[c.name]
		if reason, skip := goOnly[c.name]; skip {
			if ok {
				t.Errorf("case %s is in goOnly (%s) but tables.mjs builds it; drop it from goOnly", c.name, reason)
			}
			continue
		}
		if !ok {
			t.Errorf("case %s: tables.mjs does not build it; add it there (or to goOnly with the reason)", c.name)
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			s := schemaOf(t, c.options())
			var got, wantKeys []string
			for _, tb := range s.Tables {
				got = append(got, tb.Key)
			}
			for _, tb := range want {
				wantKeys = append(wantKeys, tb.Key)
			}
			if !reflect.DeepEqual(got, wantKeys) {
				t.Fatalf("case %s: tables\n ours %v\n 1.7.5 %v", c.name, got, wantKeys)
			}
			for i, w := range want {
				compareRefTable(t, c.name, s.Tables[i], w, seen)
			}
		})
	}
	for d, why := range knownDiffs {
		if found, compared := seen[d]; compared && !found {
			t.Errorf("known difference %q (%s) no longer occurs; remove it from knownDiffs", d, why)
		}
	}
	for name := range ref {
		if !known[name] {
			t.Errorf("tables.mjs builds %q, which is no case in cases_test.go", name)
		}
	}
}

// compareRefTable compares one table; differences listed in knownDiffs
// are recorded in seen instead of failing.
func compareRefTable(t *testing.T, name string, got *schema.Table, w refTable, seen map[string]bool) {
	t.Helper()
	at := fmt.Sprintf("case %s, table %s", name, w.Key)
	if got.Name() != w.ModelName {
		t.Errorf("%s: model name ours %q, 1.7.5 %q", at, got.Name(), w.ModelName)
	}
	if got.Order != w.Order || got.DisableMigrations != w.DisableMigrations {
		t.Errorf("%s: order/disableMigrations ours %d/%v, 1.7.5 %d/%v", at, got.Order, got.DisableMigrations, w.Order, w.DisableMigrations)
	}
	var gotIx []refIndex
	for _, ix := range got.Indexes {
		gotIx = append(gotIx, refIndex{Fields: ix.Fields, Unique: ix.Unique, Name: ix.Name})
	}
	if len(gotIx)+len(w.Indexes) > 0 && !reflect.DeepEqual(gotIx, w.Indexes) {
		t.Errorf("%s: table-level indexes\n ours %+v\n 1.7.5 %+v", at, gotIx, w.Indexes)
	}
	var gotNames, wantNames []string
	for _, f := range got.Fields {
		gotNames = append(gotNames, f.Name)
	}
	for _, f := range w.Fields {
		wantNames = append(wantNames, f.Name)
	}
	if !reflect.DeepEqual(gotNames, wantNames) {
		t.Errorf("%s: fields\n ours %v\n 1.7.5 %v", at, gotNames, wantNames)
		return
	}
	for i, wf := range w.Fields {
		for key := range knownDiffs {
			if strings.HasPrefix(key, w.Key+"."+wf.Name+" ") && !seen[key] {
				seen[key] = false
			}
		}
		for _, d := range diffRefField(got.Fields[i], wf) {
			if key := w.Key + "." + wf.Name + " " + d.attr; knownDiffs[key] != "" {
				seen[key] = true
				continue
			}
			t.Errorf("%s, field %s: %s: ours %s, 1.7.5 %s", at, wf.Name, d.attr, d.ours, d.ref)
		}
	}
}

type fieldDiff struct{ attr, ours, ref string }

// diffRefField lists every attribute where f differs from w.
func diffRefField(f schema.Field, w refField) []fieldDiff {
	var out []fieldDiff
	cmp := func(attr string, ours, ref any) {
		if !reflect.DeepEqual(ours, ref) {
			out = append(out, fieldDiff{attr, fmt.Sprint(ours), fmt.Sprint(ref)})
		}
	}
	cmp("column", f.ColumnName(), w.Column)
	cmp("type", string(f.Type), w.Type)
	cmp("enum", nilIfEmpty(f.Enum), nilIfEmpty(w.Enum))
	cmp("required", f.IsRequired(), w.Required)
	cmp("unique", f.Unique, w.Unique)
	cmp("index", f.Index, w.Index)
	cmp("sortable", f.Sortable, w.Sortable)
	cmp("bigint", f.BigInt, w.BigInt)
	cmp("onUpdate", f.OnUpdateNow, w.OnUpdate)
	cmp("references", refString(f.References), refString(w.References))
	cmp("default", ourDefault(f), refDefault(w))
	cmp("input", boolOr(f.Input, true), boolOr(w.Input, true))
	cmp("returned", boolOr(f.Returned, true), boolOr(w.Returned, true))
	return out
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func refString(r *schema.Reference) string {
	if r == nil {
		return "none"
	}
	return fmt.Sprintf("%s.%s on delete %s", r.Model, r.Field, r.Action())
}

// ourDefault and refDefault spell a default the same way on both sides:
// "none", "now" or the value's JSON.
func ourDefault(f schema.Field) string {
	switch {
	case f.Default == nil:
		return "none"
	case schema.IsNow(f.Default):
		return "now"
	}
	b, err := json.Marshal(f.Default)
	if err != nil {
		return fmt.Sprintf("unencodable %v", f.Default)
	}
	return string(b)
}

func refDefault(w refField) string {
	switch {
	case w.Default == nil:
		return "none"
	case w.Default.Now:
		return "now"
	}
	v := strings.TrimSpace(string(w.Default.Value))
	if w.Default.Fn {
		return "function returning " + v
	}
	return v
}

func boolOr(b *bool, def bool) bool {
	if b == nil {
		return def
	}
	return *b
}

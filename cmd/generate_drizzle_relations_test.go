package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/authctl/authctl/configload"
	"github.com/authctl/authctl/core"
)

// The relations API of the Drizzle output comes from
// Database.Adapter.DrizzleRelations, and --drizzle-relations wins.
func TestGenerateDrizzleRelations(t *testing.T) {
	// The manifest a config with the field set gives: the core writes it.
	var buf bytes.Buffer
	if err := core.WriteJSON(&buf, core.New(core.Options{Database: core.Database{Dialect: "sqlite", Adapter: core.Adapter{Name: core.AdapterDrizzle, DrizzleRelations: "v2"}}})); err != nil {
		t.Fatal(err)
	}
	var m core.Manifest
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	if m.Database.Adapter.DrizzleRelations != "v2" || !strings.Contains(buf.String(), `"drizzleRelations":"v2"`) {
		t.Fatalf("manifest: %s", buf.String())
	}
	cases := []struct {
		config string
		args   []string
		code   int
		want   string // in stdout, or in stderr when code != 0
	}{
		{"", nil, ExitOK, "import { relations, sql } from \"drizzle-orm\";"},
		{"v2", nil, ExitOK, "export const authRelations = defineRelations("},
		{"v1", nil, ExitOK, "export const userRelations = relations(user,"},
		{"", []string{"--drizzle-relations", "v2"}, ExitOK, "import { defineRelations, sql } from \"drizzle-orm\";"},
		{"v2", []string{"--drizzle-relations", "v1"}, ExitOK, "export const sessionRelations = relations(session,"},
		{"", []string{"--drizzle-relations", "2"}, ExitError, `authctl: --drizzle-relations: unknown Drizzle relations API "2": use "v1" (relations(), drizzle-orm 0.x) or "v2" (defineRelations, drizzle-orm 1.0)`},
		{"V2", nil, ExitError, `authctl: auth.go: Database.Adapter.DrizzleRelations: unknown Drizzle relations API "V2"`},
		{"v2", []string{"--adapter", "prisma", "--drizzle-relations", "v2"}, ExitError, "authctl: --drizzle-relations applies to --adapter drizzle only, and the adapter here is prisma"},
	}
	for _, c := range cases {
		dir := t.TempDir()
		f, out, errOut := testFactory(t, dir, &fakePrompter{})
		load := f.LoadConfig
		f.LoadConfig = func(ctx context.Context, o configload.Options) (*configload.Config, error) {
			cfg, err := load(ctx, o)
			if err == nil {
				cfg.Manifest.Database.Adapter = m.Database.Adapter
				cfg.Manifest.Database.Adapter.DrizzleRelations = c.config
			}
			return cfg, err
		}
		args := append([]string{"generate", "-o", "-"}, c.args...)
		code := run(context.Background(), f, args)
		got := out.String()
		if code != ExitOK {
			got = errOut.String()
		}
		if code != c.code || !strings.Contains(got, c.want) {
			t.Errorf("config %q, %v: exit %d (want %d)\nstdout: %s\nstderr: %s\nwant %q", c.config, args, code, c.code, out, errOut, c.want)
		}
	}
}

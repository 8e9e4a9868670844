package core_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
	"github.com/authctl/authctl/schema"
)

// A plugin whose required plugin is missing still yields its schema (as
// Better Auth's getAuthTables does), with a warning in the manifest, and
// the server refuses to start.
func TestMissingRequiredPluginWarns(t *testing.T) {
	a := core.New(core.Options{Plugins: []core.Plugin{plugins.OAuthProvider()}})
	if _, err := a.Schema(); err != nil {
		t.Fatal(err)
	}
	want := "plugin oauth-provider needs the jwt plugin; add it to Plugins"
	if w := a.Warnings(); len(w) != 1 || w[0] != want {
		t.Fatalf("warnings = %q", w)
	}
	var buf bytes.Buffer
	if err := core.WriteJSON(&buf, a); err != nil {
		t.Fatal(err)
	}
	var m core.Manifest
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil || len(m.Warnings) != 1 || m.Schema == nil {
		t.Fatalf("manifest = %+v, %v", m, err)
	}
	if err := a.Open(context.Background()); err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Open err = %v", err)
	}
	ok := core.New(core.Options{Plugins: []core.Plugin{plugins.JWT(), plugins.OAuthProvider()}})
	if w := ok.Warnings(); len(w) != 0 {
		t.Fatalf("warnings with jwt = %q", w)
	}
}

func TestDuplicatePluginIsAnError(t *testing.T) {
	a := core.New(core.Options{Plugins: []core.Plugin{plugins.DeviceAuthorization(), plugins.OAuthDeviceAuthorization(), plugins.OAuthProvider(), plugins.JWT()}})
	_, err := a.Schema()
	if err == nil || !strings.Contains(err.Error(), "plugins[0] and plugins[1] are both the device-authorization plugin; list it once") {
		t.Fatalf("err = %v", err)
	}
}

// badPlugin reports two problems; each line must name the plugin.
type badPlugin struct{}

func (badPlugin) ID() string             { return "mine" }
func (badPlugin) Schema() []schema.Table { return nil }
func (badPlugin) Validate() error        { return errorsJoin("first problem", "second problem") }

func errorsJoin(msgs ...string) error {
	return stringError(strings.Join(msgs, "\n"))
}

type stringError string

func (e stringError) Error() string { return string(e) }

func TestPluginErrorsNameThePluginOnEveryLine(t *testing.T) {
	_, err := core.New(core.Options{Plugins: []core.Plugin{badPlugin{}}}).Schema()
	if err == nil || err.Error() != "plugin mine: first problem\nplugin mine: second problem" {
		t.Fatalf("err = %q", err)
	}
}

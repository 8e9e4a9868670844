package schema_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
	"github.com/authctl/authctl/schema"
)

// Merge's spec §2.3 rules, exercised with the real built-in plugins.

func merged(t *testing.T, o core.Options) *schema.Schema {
	t.Helper()
	s, err := core.New(o).Schema()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func keysAndNames(s *schema.Schema) (keys, names []string) {
	for _, t := range s.Tables {
		keys = append(keys, t.Key)
		names = append(names, t.Name())
	}
	return keys, names
}

func columns(t *schema.Table) []string {
	var out []string
	for _, f := range t.Fields {
		out = append(out, f.ColumnName())
	}
	return out
}

// §2.3: the model name of a plugin table comes from the last plugin that
// lists it, falling back to the key: stripe({organization}) after
// organization({schema: {organization: {modelName: "workspace"}}}) names the
// table "organization" again, and foreign keys follow the table.
func TestPluginMergeLastModelNameWins(t *testing.T) {
	org := plugins.Organization(plugins.OrganizationOptions{Schema: plugins.Schema{"organization": {ModelName: "workspace"}}})
	s := merged(t, core.Options{Plugins: []core.Plugin{org, plugins.Stripe(plugins.StripeOptions{Organization: true})}})
	if got := s.Table("organization").Name(); got != "organization" {
		t.Errorf("organization table %q, want the reference's reset to %q", got, "organization")
	}
	if table, _ := s.ReferenceTarget(*s.Table("member").Field("organizationId").References); table != "organization" {
		t.Errorf("member.organizationId references %q", table)
	}
	// Repeating the name in the last plugin keeps it.
	s = merged(t, core.Options{Plugins: []core.Plugin{org, plugins.Stripe(plugins.StripeOptions{Organization: true,
		Schema: plugins.Schema{"organization": {ModelName: "workspace"}}})}})
	if got := s.Table("organization").Name(); got != "workspace" {
		t.Errorf("organization table %q, want workspace", got)
	}
	if table, _ := s.ReferenceTarget(*s.Table("member").Field("organizationId").References); table != "workspace" {
		t.Errorf("member.organizationId references %q", table)
	}
}

// §2.3: plugin order decides field order in shared tables and table order;
// a table first listed by stripe comes before organization's other tables.
func TestPluginMergeOrder(t *testing.T) {
	s := merged(t, core.Options{Plugins: []core.Plugin{
		plugins.Stripe(plugins.StripeOptions{Organization: true}),
		plugins.Organization(),
	}})
	keys, _ := keysAndNames(s)
	want := []string{"user", "session", "account", "verification", "organization", "member", "invitation"}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("tables %v, want %v", keys, want)
	}
	if got := columns(s.Table("organization")); !reflect.DeepEqual(got, []string{"stripeCustomerId", "name", "slug", "logo", "createdAt", "metadata"}) {
		t.Errorf("organization columns %v", got)
	}
}

// §2.3: a field a later plugin lists again keeps its place and takes the
// later attributes; the table's indexes are de-duplicated. Both Better Auth
// and core refuse deviceAuthorization with oauthDeviceAuthorization (one
// plugin id twice), so the second one is given another id here to show how
// their schemas merge.
func TestPluginMergeInPlaceAndIndexDedup(t *testing.T) {
	s := merged(t, core.Options{Plugins: []core.Plugin{
		plugins.DeviceAuthorization(plugins.DeviceAuthorizationOptions{Schema: plugins.Schema{"deviceCode": {Fields: map[string]string{"scope": "scopes"}}}}),
		otherID{plugins.OAuthDeviceAuthorization()},
	}})
	dc := s.Table("deviceCode")
	if got := columns(dc); !reflect.DeepEqual(got, []string{"deviceCode", "userCode", "userId", "expiresAt", "status", "lastPolledAt", "pollingInterval", "clientId", "scope", "resources", "oauthClientId"}) {
		t.Errorf("deviceCode columns %v (the later plugin's scope, without the rename, replaces the earlier in place)", got)
	}
	if len(dc.Indexes) != 2 {
		t.Errorf("deviceCode indexes %+v, want the two unique ones once", dc.Indexes)
	}
}

// otherID gives a plugin another id; its tables are unchanged.
type otherID struct{ core.Plugin }

func (otherID) ID() string { return "other-device-authorization" }

type memStore struct{}

func (memStore) Get(context.Context, string) (string, error)              { return "", nil }
func (memStore) Set(context.Context, string, string, time.Duration) error { return nil }
func (memStore) Delete(context.Context, string) error                     { return nil }

// §2.3: plugin fields for a core table the config drops (session with
// secondary storage) are discarded, not turned into a plugin table.
func TestPluginMergeDroppedSession(t *testing.T) {
	s := merged(t, core.Options{SecondaryStorage: memStore{}, Plugins: []core.Plugin{
		plugins.Admin(), plugins.Organization(plugins.OrganizationOptions{Teams: true}),
	}})
	keys, _ := keysAndNames(s)
	want := []string{"user", "account", "organization", "team", "teamMember", "member", "invitation"}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("tables %v, want %v", keys, want)
	}
}

package plugins

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
)

// Options the Go runtime cannot honour make Open fail, naming them.
func TestOrganizationRefusesUnservedOptions(t *testing.T) {
	yes, one := true, 1
	for _, c := range []struct {
		o    OrganizationOptions
		want string
	}{
		// Teams and DynamicAccessControl are served; their options'
		// refusals are in core/organization_teams_init_test.go.
		{OrganizationOptions{TeamOptions: OrganizationTeamOptions{MaximumTeams: 1}}, "OrganizationOptions.TeamOptions needs OrganizationOptions.Teams"},
		{OrganizationOptions{AllowUserToCreateOrganization: &yes, CanCreateOrganization: func(*core.Context, core.Record) (bool, error) { return true, nil }},
			"AllowUserToCreateOrganization or CanCreateOrganization"},
		{OrganizationOptions{OrganizationLimit: &one, OrganizationLimitReached: func(*core.Context, core.Record) (bool, error) { return true, nil }},
			"OrganizationLimit or OrganizationLimitReached"},
		{OrganizationOptions{MembershipLimit: -1}, "cannot be negative"},
		{OrganizationOptions{Hooks: OrganizationHooks{AfterDeleteTeam: func(*core.Context, core.Record, core.Record, core.Record) error { return nil }}},
			"OrganizationOptions.Hooks.AfterDeleteTeam"},
	} {
		a := core.New(core.Options{Secret: strings.Repeat("s", 32), Database: core.SQLite(filepath.Join(t.TempDir(), "a.db")),
			Plugins: []core.Plugin{Organization(c.o)}})
		err := a.Open(context.Background())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: Open = %v, want an error naming %q", c.o, err, c.want)
		}
		a.Close()
	}
}

// The default roles authorize as access/statement.ts defines them, with
// role(statements).authorize's "AND" over resources and actions; any of
// several comma-separated roles is enough.
func TestOrganizationDefaultRoles(t *testing.T) {
	for _, c := range []struct {
		role  string
		perms map[string][]string
		want  bool
	}{
		{"owner", map[string][]string{"organization": {"delete"}}, true},
		{"admin", map[string][]string{"organization": {"delete"}}, false},
		{"admin", map[string][]string{"organization": {"update"}, "member": {"create", "delete"}}, true},
		{"admin", map[string][]string{"organization": {"update"}, "billing": {"read"}}, false},
		{"member", map[string][]string{"ac": {"read"}}, true},
		{"member", map[string][]string{"member": {"create"}}, false},
		{"member", map[string][]string{"member": {}}, false},
		{"member,admin", map[string][]string{"invitation": {"cancel"}}, true},
		{"member, admin", map[string][]string{"invitation": {"cancel"}}, false}, // " admin" is no role
		{"nope", map[string][]string{"ac": {"read"}}, false},
		{"owner", map[string][]string{}, false},
	} {
		if got := authorizeOrgRoles(orgDefaultRoles, c.role, c.perms); got != c.want {
			t.Errorf("%q %v: %v, want %v", c.role, c.perms, got, c.want)
		}
	}
}

// setField replaces a member's value in place or removes the member.
func TestOrganizationSetField(t *testing.T) {
	for _, c := range []struct{ in, key, val, want string }{
		{`{"a":1,"metadata":"{\"x\":1}","id":"i"}`, "metadata", `{"x":1}`, `{"a":1,"metadata":{"x":1},"id":"i"}`},
		{`{"a":1,"metadata":null,"id":"i"}`, "metadata", "", `{"a":1,"id":"i"}`},
		{`{"metadata":null,"id":"i"}`, "metadata", "", `{"id":"i"}`},
		{`{"a":1,"metadata":null}`, "metadata", "", `{"a":1}`},
		{`{"metadata":null}`, "metadata", "", `{}`},
		{`{"a":1}`, "metadata", "", `{"a":1}`},
	} {
		var v []byte
		if c.val != "" {
			v = []byte(c.val)
		}
		if got := string(setField([]byte(c.in), c.key, v)); got != c.want {
			t.Errorf("setField(%s, %s, %s) = %s, want %s", c.in, c.key, c.val, got, c.want)
		}
	}
}

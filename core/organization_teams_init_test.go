package core_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestOrganizationTeamsOptionsChecked: teams and dynamic access control
// options that cannot apply, or contradict each other, stop Open with an
// error naming them; teams and dynamic access control themselves start.
func TestOrganizationTeamsOptionsChecked(t *testing.T) {
	limit := func(*core.Context, string, *core.SessionData) (int, error) { return 1, nil }
	roles := func(*core.Context, string) (int, error) { return 1, nil }
	for _, c := range []struct {
		name string
		o    plugins.OrganizationOptions
		want string // "" starts
	}{
		{"teams and dynamic access control", plugins.OrganizationOptions{Teams: true, DynamicAccessControl: true,
			AccessControl: plugins.OrganizationAccessControl{Statements: plugins.OrganizationDefaultStatements()}}, ""},
		{"team options without teams", plugins.OrganizationOptions{TeamOptions: plugins.OrganizationTeamOptions{MaximumTeams: 3}},
			"OrganizationOptions.TeamOptions needs OrganizationOptions.Teams"},
		{"access control without dynamic access control", plugins.OrganizationOptions{AccessControl: plugins.OrganizationAccessControl{Statements: map[string][]string{"x": {"y"}}}},
			"OrganizationOptions.AccessControl needs OrganizationOptions.DynamicAccessControl"},
		{"a number and a function", plugins.OrganizationOptions{Teams: true, TeamOptions: plugins.OrganizationTeamOptions{MaximumTeams: 2, MaximumTeamsFunc: limit}},
			"set MaximumTeams or MaximumTeamsFunc, not both"},
		{"role limits", plugins.OrganizationOptions{DynamicAccessControl: true, AccessControl: plugins.OrganizationAccessControl{MaximumRolesPerOrganization: 2, MaximumRolesPerOrganizationFunc: roles}},
			"set MaximumRolesPerOrganization or MaximumRolesPerOrganizationFunc, not both"},
		{"negative", plugins.OrganizationOptions{Teams: true, TeamOptions: plugins.OrganizationTeamOptions{MaximumMembersPerTeam: -1}},
			"cannot be negative"},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := enabled(core.Options{Plugins: []core.Plugin{plugins.Organization(c.o)}})
			o.Secret, o.Database = testSecret, core.SQLite(wireSQLite(t, o, filepath.Base(t.Name())))
			a := core.New(o)
			t.Cleanup(func() { a.Close() })
			err := a.Open(context.Background())
			if c.want == "" {
				if err != nil {
					t.Fatalf("Open: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "plugin organization") {
				t.Fatalf("Open = %v, want an error with %q", err, c.want)
			}
		})
	}
}

package core_test

import (
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// apiKey with the organization plugin alongside, against 1.7.5: list's
// organizationId answers 403 to a non-member and to a member whose role
// lacks apiKey read, and the organization's (empty: every configuration
// is user-owned) list to its owner (allowCreatorAllPermissions) and to a
// role granted apiKey read.
func TestDifferentialAPIKeyWithOrganization(t *testing.T) {
	roles := map[string]plugins.OrganizationRole{
		"owner":  {"organization": {"update", "delete"}, "member": {"create", "update", "delete"}, "invitation": {"create", "cancel"}},
		"member": {},
		"keyer":  {"apiKey": {"read"}},
	}
	base := core.Options{Plugins: []core.Plugin{plugins.Organization(plugins.OrganizationOptions{Roles: roles})}}
	env := []string{`PLUGINS={"apiKey":{},"organization":{"roles":{"owner":{"organization":["update","delete"],"member":["create","update","delete"],"invitation":["create","cancel"]},"member":{},"keyer":{"apiKey":["read"]}}}}`}
	steps := []akStep{
		{who: "alice", method: "POST", path: "/organization/create", body: map[string]any{"name": "Org", "slug": "org"}, save: "org"},
		{who: "alice", method: "POST", path: "/api-key/create", body: map[string]any{"name": "mine"}, save: "k1"},
		{who: "bob", method: "GET", path: "/api-key/list?organizationId={org}"},
		{sql: `INSERT INTO "member" ("id", "organizationId", "userId", "role", "createdAt") VALUES ('m-bob', '{org}', '{bob}', 'member', {past})`},
		{who: "bob", method: "GET", path: "/api-key/list?organizationId={org}"},
		{who: "alice", method: "GET", path: "/api-key/list?organizationId={org}"},
		{who: "alice", method: "GET", path: "/api-key/list?organizationId={org}&sortBy=nope"},
		{who: "alice", method: "GET", path: "/api-key/list?organizationId=elsewhere"},
		{sql: `UPDATE "member" SET "role" = 'keyer' WHERE "id" = 'm-bob'`},
		{who: "bob", method: "GET", path: "/api-key/list?organizationId={org}&configId=default"},
		{who: "alice", method: "GET", path: "/api-key/list"},
	}
	forEachDialect(t, func(t *testing.T, d string) {
		runAPIKeyDifferentialWith(t, d, base, env, plugins.APIKeyOptions{}, `{}`, steps)
	})
}

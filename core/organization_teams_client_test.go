package core_test

import (
	"strings"
	"testing"
)

// TestOrganizationTeamsWithOfficialClient: Better Auth 1.7.5's
// better-auth/client with organizationClient({teams, dynamicAccessControl})
// (testdata/organization-teams-client.mjs, run with node) goes through
// teams, an invitation to a team and dynamic roles against the Go
// handler, as an owner and a member.
func TestOrganizationTeamsWithOfficialClient(t *testing.T) {
	h := startClientHarness(t, "organization-teams-client.mjs", enabled(orgTeamsGo), nil)
	checkTeamsClient(t, h.script, h.origin+"/api/auth")
}

// TestOrganizationTeamsClientScriptOnTypeScript runs the same journey
// against Better Auth 1.7.5 itself, so that what the script expects is
// 1.7.5's behaviour.
func TestOrganizationTeamsClientScriptOnTypeScript(t *testing.T) {
	s := clientScript(t, "organization-teams-client.mjs")
	dir, node := npmWire(t)
	base := startTS(t, dir, node, wireSQLite(t, enabled(orgTeamsGo), "ts-client"), `PLUGINS={"organizationTeams":`+orgTeamsTS+`}`)
	checkTeamsClient(t, s, base+"/api/auth")
}

// checkTeamsClient runs organization-teams-client.mjs against base and
// checks its summary.
func checkTeamsClient(t *testing.T, s *nodeScript, base string) {
	t.Helper()
	out, err := s.run(base)
	if err != nil {
		t.Fatalf("organization-teams-client.mjs: %v\n%s", err, out)
	}
	want := `{"teams":["Acme","Engineering"],"activeTeam":true,"role":{"team":["create","update"]}}`
	if last := out[strings.LastIndexByte(out, '\n')+1:]; last != want {
		t.Fatalf("organization-teams-client.mjs printed %s, want %s", out, want)
	}
}

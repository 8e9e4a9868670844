package core_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// TestOrganizationWithOfficialClient: Better Auth 1.7.5's
// better-auth/client with organizationClient()
// (testdata/organization-client.mjs, run with node) goes through the
// organization journey against the Go handler; the invitation id reaches
// the script through SendInvitationEmail and /__test/outbox.
func TestOrganizationWithOfficialClient(t *testing.T) {
	type sent struct {
		To string `json:"to"`
		ID string `json:"id"`
	}
	var (
		mu     sync.Mutex
		outbox []sent
	)
	org := plugins.Organization(plugins.OrganizationOptions{SendInvitationEmail: func(_ *core.Context, inv plugins.OrganizationInvitation) error {
		mu.Lock()
		defer mu.Unlock()
		outbox = append(outbox, sent{inv.Email, inv.ID})
		return nil
	}})
	h := startClientHarness(t, "organization-client.mjs", enabled(core.Options{Plugins: []core.Plugin{org}}), func() any {
		mu.Lock()
		defer mu.Unlock()
		list := outbox
		outbox = nil
		return list
	})
	var got struct {
		Role             string
		Members          []string
		Total            int
		Invitations      []string
		FullMembers      int
		ActiveAfterClear any
		List             []string
	}
	h.runJSON(&got)
	want := `{member [ada@example.com:owner bob@example.com:member] 2 [bob@example.com:accepted] 1 <nil> [Beta Two]}`
	if s := fmt.Sprint(got); s != want {
		t.Fatalf("summary %s\nwant    %s", s, want)
	}
}

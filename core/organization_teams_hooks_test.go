package core_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// teamHookLog records the Go handler's team hooks as the TypeScript
// builder (testdata/npm-wire/plugins/organizationTeams.mjs,
// recordTeamHooks) keeps them: "hook:<name>|<user email>|<detail>".
type teamHookLog struct {
	mu   sync.Mutex
	list []string
}

func (l *teamHookLog) rec(name string, user core.Record, detail string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	email := "<nil>"
	if user != nil {
		email = fmt.Sprint(user["email"])
	}
	l.list = append(l.list, "hook:"+name+"|"+email+"|"+detail)
}

func (l *teamHookLog) hooks() plugins.OrganizationHooks {
	str := func(r core.Record, k string) string { return fmt.Sprint(r[k]) }
	return plugins.OrganizationHooks{
		BeforeCreateTeam: func(_ *core.Context, team, user, org core.Record) (core.Record, error) {
			l.rec("beforeCreateTeam", user, str(team, "name")+"|"+str(org, "slug"))
			if team["name"] == "Hooked" {
				return core.Record{"name": "Hooked!"}, nil
			}
			return nil, nil
		},
		AfterCreateTeam: func(_ *core.Context, team, user, _ core.Record) error {
			_, has := team["memberCount"]
			l.rec("afterCreateTeam", user, str(team, "name")+"|"+fmt.Sprint(has))
			return nil
		},
		BeforeUpdateTeam: func(_ *core.Context, team, updates, user, _ core.Record) (core.Record, error) {
			name := "undefined"
			if n, ok := updates["name"]; ok {
				name = fmt.Sprint(n)
			}
			l.rec("beforeUpdateTeam", user, str(team, "name")+">"+name)
			if updates["name"] == "Swap" {
				return core.Record{"name": "Swapped"}, nil
			}
			return nil, nil
		},
		AfterUpdateTeam: func(_ *core.Context, team, user, _ core.Record) error {
			l.rec("afterUpdateTeam", user, str(team, "name"))
			return nil
		},
		BeforeDeleteTeam: func(_ *core.Context, team, user, _ core.Record) error {
			l.rec("beforeDeleteTeam", user, str(team, "name"))
			if team["name"] == "Keep" {
				return core.NewAPIError(http.StatusBadRequest, "KEEP_IT", "Keep it")
			}
			return nil
		},
		AfterDeleteTeam: func(_ *core.Context, team, user, _ core.Record) error {
			l.rec("afterDeleteTeam", user, str(team, "name"))
			return nil
		},
		BeforeAddTeamMember: func(_ *core.Context, tm, team, user, _ core.Record) (core.Record, error) {
			l.rec("beforeAddTeamMember", user, str(team, "name")+"|"+fmt.Sprint(tm["userId"] == user["id"]))
			return core.Record{"userId": "ignored"}, nil
		},
		AfterAddTeamMember: func(_ *core.Context, tm, team, user, _ core.Record) error {
			l.rec("afterAddTeamMember", user, str(team, "name")+"|"+fmt.Sprint(tm["teamId"] == team["id"]))
			return nil
		},
		BeforeRemoveTeamMember: func(_ *core.Context, tm, team, user, _ core.Record) error {
			l.rec("beforeRemoveTeamMember", user, str(team, "name")+"|"+fmt.Sprint(tm["userId"] == user["id"]))
			return nil
		},
		AfterRemoveTeamMember: func(_ *core.Context, _, team, user, _ core.Record) error {
			l.rec("afterRemoveTeamMember", user, str(team, "name"))
			return nil
		},
	}
}

// TestDifferentialOrganizationTeamHooks compares the team hooks of
// organizationHooks with 1.7.5's: where they run, what they see, a
// before hook's data (merged on create, in place of the updates on
// update, ignored on add) and a refusal.
func TestDifferentialOrganizationTeamHooks(t *testing.T) {
	log := &teamHookLog{}
	o := core.Options{Plugins: []core.Plugin{plugins.Organization(plugins.OrganizationOptions{Teams: true, Hooks: log.hooks()})}}
	p := startTeamPair(t, core.DialectSQLite, o, `{"teams":{"enabled":true},"recordTeamHooks":true}`, "alice", "bob")
	p.run([]teamStep{
		{who: "alice", method: "POST", path: "/organization/create", body: map[string]any{"name": "Hooked", "slug": "acme"}, save: "org"},
		{who: "alice", method: "GET", path: "/organization/list-teams", save: "main=0.id"},
		addMemberSQL("bob", "member"),
		{who: "alice", method: "POST", path: "/organization/create-team", body: map[string]any{"name": "Keep"}, save: "keep"},
		{who: "alice", method: "POST", path: "/organization/update-team", body: map[string]any{"teamId": "{keep}", "data": map[string]any{"name": "Swap"}}},
		{who: "alice", method: "POST", path: "/organization/update-team", body: map[string]any{"teamId": "{keep}", "data": map[string]any{}}},
		{who: "alice", method: "POST", path: "/organization/update-team", body: map[string]any{"teamId": "{keep}", "data": map[string]any{"name": "Keep"}}},
		{who: "alice", method: "POST", path: "/organization/add-team-member", body: map[string]any{"teamId": "{keep}", "userId": "{bob}"}},
		{who: "alice", method: "POST", path: "/organization/remove-team-member", body: map[string]any{"teamId": "{keep}", "userId": "{bob}"}},
		{who: "alice", method: "POST", path: "/organization/remove-team", body: map[string]any{"teamId": "{keep}"}},
		{who: "alice", method: "POST", path: "/organization/create-team", body: map[string]any{"name": "Gone"}, save: "gone"},
		{who: "alice", method: "POST", path: "/organization/remove-team", body: map[string]any{"teamId": "{gone}"}},
		{who: "alice", method: "GET", path: "/organization/list-teams", sort: true},
	})
	p.sameRows()
	var ts []string
	for _, m := range tsMailbox(t, p.sides[1].base.origin) {
		if strings.HasPrefix(m.Kind, "hook:") {
			to := m.To
			if to == "" {
				to = "<nil>"
			}
			ts = append(ts, m.Kind+"|"+to+"|"+m.Token)
		}
	}
	g, w := strings.Join(log.list, "\n"), strings.Join(ts, "\n")
	if testing.Verbose() {
		t.Logf("team hooks:\n%s", g)
	}
	if g != w || len(ts) < 10 {
		t.Errorf("team hooks differ\n--- go\n%s\n--- typescript\n%s", g, w)
	}
}

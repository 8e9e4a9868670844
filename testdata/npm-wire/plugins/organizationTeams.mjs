// PLUGINS builder "organizationTeams": Better Auth 1.7.5's organization()
// with options that JSON cannot carry, for the teams and dynamic access
// control tests (the key differs from "organization" so that it leaves
// that name to the organization core's own builder):
//   ac: "default"      createAccessControl(defaultStatements), the
//                      statements of the default roles
//   ac: {resource: [actions]}  createAccessControl of those statements
//   roles: {name: {resource: [actions]}}  ac.newRole of each
//   recordTeamHooks: true  the team hooks of organizationHooks keep
//                      {kind: "hook:<name>", to: the user's email (or
//                      null), token: a detail}; beforeCreateTeam renames
//                      "Hooked" to "Hooked!", beforeUpdateTeam writes
//                      {name: "Swapped"} for the name "Swap",
//                      beforeDeleteTeam refuses a team named "Keep"
//                      (400 KEEP_IT)
// Invitation emails are kept in the outbox as
// {kind: "organization-invitation", to, token: invitation id}.
import { organization } from "better-auth/plugins";
import { APIError } from "better-auth/api";
import { createAccessControl } from "better-auth/plugins/access";
import { defaultStatements } from "better-auth/plugins/organization/access";

const teamHooks = (keep) => {
  const rec = (name, user, detail) => keep({ kind: "hook:" + name, to: user?.email ?? null, url: null, token: detail, newEmail: null });
  return {
    beforeCreateTeam: async ({ team, user, organization }) => {
      rec("beforeCreateTeam", user, team.name + "|" + organization.slug);
      if (team.name === "Hooked") return { data: { name: "Hooked!" } };
    },
    afterCreateTeam: async ({ team, user }) => rec("afterCreateTeam", user, team.name + "|" + ("memberCount" in team)),
    beforeUpdateTeam: async ({ team, updates, user }) => {
      rec("beforeUpdateTeam", user, team.name + ">" + updates.name);
      if (updates.name === "Swap") return { data: { name: "Swapped" } };
    },
    afterUpdateTeam: async ({ team, user }) => rec("afterUpdateTeam", user, team.name),
    beforeDeleteTeam: async ({ team, user }) => {
      rec("beforeDeleteTeam", user, team.name);
      if (team.name === "Keep") throw new APIError("BAD_REQUEST", { message: "Keep it", code: "KEEP_IT" });
    },
    afterDeleteTeam: async ({ team, user }) => rec("afterDeleteTeam", user, team.name),
    beforeAddTeamMember: async ({ teamMember, team, user }) => rec("beforeAddTeamMember", user, team.name + "|" + (teamMember.userId === user.id)),
    afterAddTeamMember: async ({ teamMember, team, user }) => rec("afterAddTeamMember", user, team.name + "|" + (teamMember.teamId === team.id)),
    beforeRemoveTeamMember: async ({ teamMember, team, user }) => rec("beforeRemoveTeamMember", user, team.name + "|" + (teamMember.userId === user.id)),
    afterRemoveTeamMember: async ({ team, user }) => rec("afterRemoveTeamMember", user, team.name),
  };
};
export default function (options, keep) {
  const { recordTeamHooks, ...o } = options;
  if (recordTeamHooks) o.organizationHooks = teamHooks(keep);
  if (o.ac !== undefined) {
    o.ac = createAccessControl(o.ac === "default" ? defaultStatements : o.ac);
  }
  if (o.roles !== undefined) {
    const ac = o.ac ?? createAccessControl(defaultStatements);
    o.roles = Object.fromEntries(Object.entries(o.roles).map(([name, s]) => [name, ac.newRole(s)]));
  }
  o.sendInvitationEmail = async (data) => {
    keep({ kind: "organization-invitation", to: data.email, url: null, token: data.id, newEmail: null });
  };
  return organization(o);
}

// PLUGINS builder "organizationTeams": Better Auth 1.7.5's organization()
// with options that JSON cannot carry, for the teams and dynamic access
// control tests (the key differs from "organization" so that it leaves
// that name to the organization core's own builder):
//   ac: "default"      createAccessControl(defaultStatements), the
//                      statements of the default roles
//   ac: {resource: [actions]}  createAccessControl of those statements
//   roles: {name: {resource: [actions]}}  ac.newRole of each
// Invitation emails are kept in the outbox as
// {kind: "organization-invitation", to, token: invitation id}.
import { organization } from "better-auth/plugins";
import { createAccessControl } from "better-auth/plugins/access";
import { defaultStatements } from "better-auth/plugins/organization/access";

export default function (options, keep) {
  const o = { ...options };
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

// organization() for the differential tests: sendInvitationEmail keeps
// {kind: "organization-invitation", to, token: invitation id, role,
// organization: slug, inviter: the inviter's email, inviterRole, status}
// in the outbox; roles given as plain statements ({role: {resource:
// [actions]}}) become access-control roles.
import { organization } from "better-auth/plugins";
import { role } from "better-auth/plugins/access";

export default (options, keep) => {
  const roles = options.roles
    ? Object.fromEntries(Object.entries(options.roles).map(([name, statements]) => [name, role(statements)]))
    : undefined;
  return organization({
    ...options,
    ...(roles ? { roles } : {}),
    sendInvitationEmail: async (data) => {
      keep({
        kind: "organization-invitation",
        to: data.email,
        token: data.id,
        role: data.role,
        organization: data.organization.slug,
        inviter: data.inviter.user.email,
        inviterRole: data.inviter.role,
        status: data.invitation.status,
      });
    },
  });
};

// organization() for the differential tests: sendInvitationEmail keeps
// {kind: "organization-invitation", to, token: invitation id, role,
// organization: slug, inviter: the inviter's email, inviterRole, status}
// in the outbox.
import { organization } from "better-auth/plugins";

export default (options, keep) =>
  organization({
    ...options,
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

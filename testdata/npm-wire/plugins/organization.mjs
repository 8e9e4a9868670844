// organization() for the differential tests: sendInvitationEmail keeps
// {kind: "organization-invitation", to, token: invitation id, role,
// organization: slug, inviter: the inviter's email, inviterRole, status}
// in the outbox; roles given as plain statements ({role: {resource:
// [actions]}}) become access-control roles. With options.recordHooks
// every organizationHooks hook (but the team ones) keeps {kind:
// "hook:<name>", to: the user's email, detail}; beforeCreateOrganization
// sets logo "hooked.png", beforeUpdateMemberRole turns "member" into
// "admin", beforeDeleteOrganization refuses the slug "keep" (400
// KEEP_IT).
import { organization } from "better-auth/plugins";
import { role } from "better-auth/plugins/access";
import { APIError } from "better-auth/api";

const hooks = (keep) => {
  const rec = (name, to, detail) => keep({ kind: "hook:" + name, to, detail });
  return {
    beforeCreateOrganization: async ({ organization, user }) => {
      rec("beforeCreateOrganization", user.email, organization.slug);
      return { data: { logo: "hooked.png" } };
    },
    afterCreateOrganization: async ({ organization, member, user }) => rec("afterCreateOrganization", user.email, organization.slug + "|" + member.role),
    beforeUpdateOrganization: async ({ organization, user, member }) => rec("beforeUpdateOrganization", user.email, String(organization.name) + "|" + member.role),
    afterUpdateOrganization: async ({ organization, user }) => rec("afterUpdateOrganization", user.email, organization.name),
    beforeDeleteOrganization: async ({ organization, user }) => {
      rec("beforeDeleteOrganization", user.email, organization.slug);
      if (organization.slug === "keep") throw new APIError("BAD_REQUEST", { message: "Keep it", code: "KEEP_IT" });
    },
    afterDeleteOrganization: async ({ organization, user }) => rec("afterDeleteOrganization", user.email, organization.slug),
    beforeAddMember: async ({ member, user, organization }) => rec("beforeAddMember", user.email, member.role + "|" + organization.slug),
    afterAddMember: async ({ member, user, organization }) => rec("afterAddMember", user.email, member.role + "|" + organization.slug),
    beforeRemoveMember: async ({ member, user, organization }) => rec("beforeRemoveMember", user.email, member.role + "|" + organization.slug),
    afterRemoveMember: async ({ member, user, organization }) => rec("afterRemoveMember", user.email, member.role + "|" + organization.slug),
    beforeUpdateMemberRole: async ({ member, newRole, user, organization }) => {
      rec("beforeUpdateMemberRole", user.email, member.role + ">" + newRole + "|" + organization.slug);
      if (newRole === "member") return { data: { role: "admin" } };
    },
    afterUpdateMemberRole: async ({ member, previousRole, user }) => rec("afterUpdateMemberRole", user.email, previousRole + ">" + member.role),
    beforeCreateInvitation: async ({ invitation, inviter, organization }) => rec("beforeCreateInvitation", inviter.email, invitation.email + "|" + invitation.role + "|" + organization.slug),
    afterCreateInvitation: async ({ invitation, inviter }) => rec("afterCreateInvitation", inviter.email, invitation.email + "|" + invitation.status),
    beforeAcceptInvitation: async ({ invitation, user, organization }) => rec("beforeAcceptInvitation", user.email, invitation.status + "|" + organization.slug),
    afterAcceptInvitation: async ({ invitation, member, user }) => rec("afterAcceptInvitation", user.email, invitation.status + "|" + member.role),
    beforeRejectInvitation: async ({ invitation, user }) => rec("beforeRejectInvitation", user.email, invitation.status),
    afterRejectInvitation: async ({ invitation, user }) => rec("afterRejectInvitation", user.email, invitation.status),
    beforeCancelInvitation: async ({ invitation, cancelledBy }) => rec("beforeCancelInvitation", cancelledBy.email, invitation.status),
    afterCancelInvitation: async ({ invitation, cancelledBy }) => rec("afterCancelInvitation", cancelledBy.email, invitation.status),
  };
};

export default (options, keep) => {
  const roles = options.roles
    ? Object.fromEntries(Object.entries(options.roles).map(([name, statements]) => [name, role(statements)]))
    : undefined;
  const { recordHooks, ...rest } = options;
  return organization({
    ...rest,
    ...(roles ? { roles } : {}),
    ...(recordHooks ? { organizationHooks: hooks(keep) } : {}),
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

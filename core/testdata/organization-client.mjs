// The official better-auth/client with organizationClient() through the
// organization journey against the server at argv[2] (its auth base
// URL): ada signs up, creates an organization (checkSlug before and
// after), invites bob (the invitation id taken from the test's outbox at
// <origin>/__test/outbox); bob signs up, reads and accepts it, checks his
// permissions (hasPermission on the server, checkRolePermission on the
// client); ada changes his role and lists members and invitations; bob
// leaves; ada switches, updates and deletes organizations; the
// useActiveOrganization atom reads the active one. Node's fetch keeps no cookies, so
// each user's fetch keeps them, as a browser would. Prints a JSON summary
// on success, "FAIL: …" otherwise.
import { createAuthClient } from "better-auth/client";
import { organizationClient } from "better-auth/client/plugins";
import { argv, browser, fail, must, message } from "./browser.mjs";

const { base, origin } = argv();

const newClient = () =>
  createAuthClient({ baseURL: base, plugins: [organizationClient()], fetchOptions: { customFetchImpl: browser(base).fetch } });
const ada = newClient();
const bob = newClient();
const password = "client password 123";

must("ada signUp", await ada.signUp.email({ name: "Ada", email: "ada@example.com", password }));
must("checkSlug free", await ada.organization.checkSlug({ slug: "acme" }));
const org = must("create", await ada.organization.create({ name: "Acme", slug: "acme", metadata: { plan: "pro" } }));
if (org.metadata?.plan !== "pro" || org.members?.[0]?.role !== "owner") fail("create answered " + JSON.stringify(org));
const taken = await ada.organization.checkSlug({ slug: "acme" });
if (taken.error?.code !== "ORGANIZATION_SLUG_ALREADY_TAKEN") fail("checkSlug taken: " + JSON.stringify(taken));
const session = must("getSession", await ada.getSession());
if (session.session.activeOrganizationId !== org.id) fail("active organization after create: " + JSON.stringify(session.session));

const invitation = must("inviteMember", await ada.organization.inviteMember({ email: "bob@example.com", role: "admin" }));
const invited = await message(origin, { to: "bob@example.com", id: invitation.id });

must("bob signUp", await bob.signUp.email({ name: "Bob", email: "bob@example.com", password }));
const got = must("getInvitation", await bob.organization.getInvitation({ query: { id: invited.id } }));
if (got.organizationName !== "Acme" || got.inviterEmail !== "ada@example.com") fail("getInvitation answered " + JSON.stringify(got));
const accepted = must("acceptInvitation", await bob.organization.acceptInvitation({ invitationId: invited.id }));
if (accepted.invitation.status !== "accepted" || accepted.member.role !== "admin") fail("acceptInvitation answered " + JSON.stringify(accepted));
const active = must("getActiveMember", await bob.organization.getActiveMember());
if (active.user.email !== "bob@example.com") fail("getActiveMember answered " + JSON.stringify(active));
const can = must("hasPermission", await bob.organization.hasPermission({ permissions: { member: ["create"] } }));
if (can.success !== true) fail("hasPermission as admin: " + JSON.stringify(can));
if (!bob.organization.checkRolePermission({ role: "admin", permissions: { member: ["create"] } })) fail("checkRolePermission admin");
if (bob.organization.checkRolePermission({ role: "member", permissions: { member: ["create"] } })) fail("checkRolePermission member");

must("updateMemberRole", await ada.organization.updateMemberRole({ memberId: accepted.member.id, role: "member" }));
const cannot = must("hasPermission", await bob.organization.hasPermission({ permissions: { member: ["create"] } }));
if (cannot.success !== false) fail("hasPermission as member: " + JSON.stringify(cannot));
const role = must("getActiveMemberRole", await bob.organization.getActiveMemberRole());
const members = must("listMembers", await ada.organization.listMembers({ query: { sortBy: "role", sortDirection: "desc" } }));
const invitations = must("listInvitations", await ada.organization.listInvitations());
must("leave", await bob.organization.leave({ organizationId: org.id }));
const full = must("getFullOrganization", await ada.organization.getFullOrganization());

const beta = must("create beta", await ada.organization.create({ name: "Beta", slug: "beta", keepCurrentActiveOrganization: true }));
must("setActive beta", await ada.organization.setActive({ organizationSlug: "beta" }));
// The atom does not fetch by itself outside a browser (isServer); its
// refetch reads /organization/get-full-organization as in one.
const atomStore = ada.useActiveOrganization;
await atomStore.get().refetch();
const atom = atomStore.get().data;
if (atom?.slug !== "beta") fail("useActiveOrganization: " + JSON.stringify(atomStore.get()));
must("update", await ada.organization.update({ organizationId: beta.id, data: { name: "Beta Two" } }));
must("setActive null", await ada.organization.setActive({ organizationId: null }));
const cleared = must("getSession", await ada.getSession({ query: { disableCookieCache: true } }));
must("delete", await ada.organization.delete({ organizationId: org.id }));
const list = must("list", await ada.organization.list());

console.log(JSON.stringify({
  role: role.role,
  members: members.members.map((m) => m.user.email + ":" + m.role),
  total: members.total,
  invitations: invitations.map((i) => i.email + ":" + i.status),
  fullMembers: full.members.length,
  activeAfterClear: cleared.session.activeOrganizationId,
  list: list.map((o) => o.name),
}));

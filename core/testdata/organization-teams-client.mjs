// The official better-auth/client with organizationClient({teams,
// dynamicAccessControl}) through teams and dynamic roles against the
// server at argv[2] (its auth base URL), as two browsers: the owner
// creates an organization (its default team), a team, invites the member
// to it; the member accepts (joining the team, which becomes active),
// lists the team's members and their teams; the owner renames the team,
// adds and removes the member on the default team, creates, reads and
// updates a role, gives it to the member, who may then create a team and
// has the permission; the role in use cannot be deleted; the owner
// removes the team. Node's fetch keeps no cookies, so each client's fetch
// keeps them, as a browser would. Prints a JSON summary on success,
// "FAIL: …" otherwise.
import { createAuthClient } from "better-auth/client";
import { organizationClient } from "better-auth/client/plugins";
import { argv, browser as cookieBrowser, fail, must } from "./browser.mjs";

const { base } = argv();

const browser = () =>
  createAuthClient({
    baseURL: base,
    plugins: [organizationClient({ teams: { enabled: true }, dynamicAccessControl: { enabled: true } })],
    fetchOptions: { customFetchImpl: cookieBrowser(base).fetch },
  });

// ok returns a call's data, failing on an error.
const ok = async (what, p) => must(what, await p);

// refused requires a call to fail with code.
async function refused(what, p, code) {
  const r = await p;
  if (!r.error || r.error.code !== code) fail(what + ": want " + code + ", got " + JSON.stringify(r.error ?? r.data));
}

const owner = browser(), member = browser();
await ok("owner signUp", owner.signUp.email({ name: "Owner", email: "owner@example.com", password: "owner password 1" }));
const memberUser = (await ok("member signUp", member.signUp.email({ name: "Member", email: "member@example.com", password: "member password 1" }))).user;

const org = await ok("organization.create", owner.organization.create({ name: "Acme", slug: "acme" }));
const defaults = await ok("listTeams", owner.organization.listTeams());
if (defaults.length !== 1 || defaults[0].name !== "Acme") fail("default team: " + JSON.stringify(defaults));
const ownerSession = await ok("owner getSession", owner.getSession());
if (ownerSession.session.activeTeamId !== defaults[0].id) fail("owner's active team: " + JSON.stringify(ownerSession.session));
const eng = await ok("createTeam", owner.organization.createTeam({ name: "Eng" }));

const inv = await ok("inviteMember", owner.organization.inviteMember({ email: "member@example.com", role: "member", teamId: eng.id }));
if (inv.teamId !== eng.id) fail("invitation teamId: " + JSON.stringify(inv));
await ok("acceptInvitation", member.organization.acceptInvitation({ invitationId: inv.id }));
const memberSession = await ok("member getSession", member.getSession());
if (memberSession.session.activeTeamId !== eng.id || memberSession.session.activeOrganizationId !== org.id) {
  fail("member's session after accepting: " + JSON.stringify(memberSession.session));
}
const teamMembers = await ok("listTeamMembers", member.organization.listTeamMembers());
if (teamMembers.length !== 1 || teamMembers[0].userId !== memberUser.id) fail("listTeamMembers: " + JSON.stringify(teamMembers));
const userTeams = await ok("listUserTeams", member.organization.listUserTeams());
if (userTeams.length !== 1 || userTeams[0].id !== eng.id) fail("listUserTeams: " + JSON.stringify(userTeams));

const renamed = await ok("updateTeam", owner.organization.updateTeam({ teamId: eng.id, data: { name: "Engineering" } }));
if (renamed.name !== "Engineering") fail("updateTeam: " + JSON.stringify(renamed));
await ok("addTeamMember", owner.organization.addTeamMember({ teamId: defaults[0].id, userId: memberUser.id }));
await ok("removeTeamMember", owner.organization.removeTeamMember({ teamId: defaults[0].id, userId: memberUser.id }));
await refused("owner setActiveTeam", owner.organization.setActiveTeam({ teamId: eng.id }), "USER_IS_NOT_A_MEMBER_OF_THE_TEAM");
await refused("member createTeam", member.organization.createTeam({ name: "Nope" }), "YOU_ARE_NOT_ALLOWED_TO_CREATE_TEAMS_IN_THIS_ORGANIZATION");

const created = await ok("createRole", owner.organization.createRole({ role: "Builder", permission: { team: ["create"] } }));
if (created.roleData.role !== "builder" || created.statements.team[0] !== "create") fail("createRole: " + JSON.stringify(created));
const roles = await ok("listRoles", owner.organization.listRoles());
if (roles.length !== 1 || roles[0].permission.team[0] !== "create") fail("listRoles: " + JSON.stringify(roles));
const role = await ok("getRole", owner.organization.getRole({ query: { roleName: "builder" } }));
if (role.id !== created.roleData.id) fail("getRole: " + JSON.stringify(role));
const updated = await ok("updateRole", owner.organization.updateRole({ roleName: "builder", data: { permission: { team: ["create", "update"] } } }));
if (updated.roleData.permission.team.length !== 2) fail("updateRole: " + JSON.stringify(updated));

const members = await ok("listMembers", owner.organization.listMembers());
const m = members.members.find((x) => x.userId === memberUser.id);
await ok("updateMemberRole", owner.organization.updateMemberRole({ memberId: m.id, role: "builder" }));
const perm = await ok("hasPermission", member.organization.hasPermission({ permissions: { team: ["create", "update"] } }));
if (perm.success !== true) fail("hasPermission with the dynamic role: " + JSON.stringify(perm));
const byMember = await ok("member createTeam", member.organization.createTeam({ name: "Built" }));
await refused("deleteRole in use", owner.organization.deleteRole({ roleName: "builder" }), "ROLE_IS_ASSIGNED_TO_MEMBERS");

await ok("removeTeam", owner.organization.removeTeam({ teamId: byMember.id }));
const left = await ok("listTeams", owner.organization.listTeams());
console.log(JSON.stringify({ teams: left.map((t) => t.name).sort(), activeTeam: memberSession.session.activeTeamId === eng.id, role: updated.roleData.permission }));

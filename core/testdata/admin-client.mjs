// The official better-auth/client with adminClient() against the server
// at argv[2] (its auth base URL), signed in as the admin argv[3] (password
// argv[4]; the test made that user an admin): admin.listUsers →
// admin.createUser (argv[5]) → admin.setRole (admin, then user) →
// admin.banUser (the user's own sign-in, in another browser, refused with
// BANNED_USER) → admin.unbanUser (that sign-in succeeds) →
// admin.impersonateUser (the session is the user's, impersonatedBy the
// admin) → admin.stopImpersonating (the admin's session again) →
// admin.removeUser → admin.listUsers (the admin alone). Node's fetch
// keeps no cookies, so the client's fetch keeps them, as a browser would.
// Prints {"admin", "userId", "impersonatedBy"} as JSON on success,
// "FAIL: …" otherwise.
import { createAuthClient } from "better-auth/client";
import { adminClient } from "better-auth/client/plugins";
import { argv, browser, fail, must } from "./browser.mjs";

const { base, args: [adminEmail, adminPassword, email] } = argv();
const newClient = () => createAuthClient({ baseURL: base, plugins: [adminClient()], fetchOptions: { customFetchImpl: browser(base).fetch } });
const client = newClient();
const password = "client password 2";

const me = must("signIn.email", await client.signIn.email({ email: adminEmail, password: adminPassword }));
let list = must("admin.listUsers", await client.admin.listUsers({ query: { limit: 10 } }));
if (list?.total !== 1 || list.users?.[0]?.id !== me.user.id || list.users[0].role !== "admin") fail("admin.listUsers answered " + JSON.stringify(list));

const created = must("admin.createUser", await client.admin.createUser({ email, password, name: "Managed Client", role: "user" }));
const userId = created?.user?.id;
if (!userId || created.user.email !== email || created.user.role !== "user") fail("admin.createUser answered " + JSON.stringify(created));
let r = must("admin.setRole", await client.admin.setRole({ userId, role: "admin" }));
if (r?.user?.role !== "admin") fail("admin.setRole answered " + JSON.stringify(r));
r = must("admin.setRole", await client.admin.setRole({ userId, role: "user" }));
if (r?.user?.role !== "user") fail("admin.setRole answered " + JSON.stringify(r));

r = must("admin.banUser", await client.admin.banUser({ userId, banReason: "client test" }));
if (r?.user?.banned !== true || r.user.banReason !== "client test") fail("admin.banUser answered " + JSON.stringify(r));
const banned = await newClient().signIn.email({ email, password });
if (banned.error?.code !== "BANNED_USER" || banned.error.status !== 403) fail("signIn.email of the banned user: " + JSON.stringify(banned));
r = must("admin.unbanUser", await client.admin.unbanUser({ userId }));
if (r?.user?.banned !== false) fail("admin.unbanUser answered " + JSON.stringify(r));
must("signIn.email of the unbanned user", await newClient().signIn.email({ email, password }));

must("admin.impersonateUser", await client.admin.impersonateUser({ userId }));
let s = await client.getSession();
if (s.error || s.data?.user?.id !== userId || s.data.session?.impersonatedBy !== me.user.id) fail("getSession while impersonating: " + JSON.stringify(s));
const impersonatedBy = s.data.session.impersonatedBy;
must("admin.stopImpersonating", await client.admin.stopImpersonating());
s = await client.getSession();
if (s.error || s.data?.user?.id !== me.user.id || s.data.session?.impersonatedBy) fail("getSession after stopImpersonating: " + JSON.stringify(s));

r = must("admin.removeUser", await client.admin.removeUser({ userId }));
if (r?.success !== true) fail("admin.removeUser answered " + JSON.stringify(r));
list = must("admin.listUsers", await client.admin.listUsers({ query: {} }));
if (list?.total !== 1 || list.users?.[0]?.id !== me.user.id) fail("admin.listUsers after removeUser: " + JSON.stringify(list));
console.log(JSON.stringify({ admin: s.data.user, userId, impersonatedBy }));

// The official better-auth/client with multiSessionClient() against the
// server at argv[2] (its auth base URL), one browser: signUp.email of two
// users (argv[3], argv[4]) → multiSession.listDeviceSessions (both) →
// multiSession.setActive(first) → getSession (the first) →
// multiSession.revoke(second) → listDeviceSessions (the first only) →
// signOut → listDeviceSessions (none). Prints {"user": …} of the session
// after setActive on success, "FAIL: …" otherwise.
import { createAuthClient } from "better-auth/client";
import { multiSessionClient } from "better-auth/client/plugins";
import { argv, browser as cookieBrowser, fail } from "./browser.mjs";

const { base, args: [first, second] } = argv();
const emails = [first, second];

// browser returns a client whose fetch keeps cookies, as a browser would.
const browser = () => createAuthClient({ baseURL: base, plugins: [multiSessionClient()], fetchOptions: { customFetchImpl: cookieBrowser(base).fetch } });

const client = browser();
const tokens = [];
for (const email of emails) {
  const up = await client.signUp.email({ name: "Multi " + email, email, password: "multi password 123" });
  if (up.error) fail("signUp.email: " + JSON.stringify(up.error));
  tokens.push(up.data.token);
}
const list = await client.multiSession.listDeviceSessions();
if (list.error || list.data?.length !== 2) fail("listDeviceSessions: " + JSON.stringify(list));
if (!emails.every((e) => list.data.some((s) => s.user.email === e))) fail("listDeviceSessions users: " + JSON.stringify(list.data));
const bad = await client.multiSession.setActive({ sessionToken: "not-remembered" });
if (bad.error?.code !== "INVALID_SESSION_TOKEN") fail("setActive(not remembered): " + JSON.stringify(bad));
const act = await client.multiSession.setActive({ sessionToken: tokens[0] });
if (act.error || act.data?.user?.email !== emails[0]) fail("setActive: " + JSON.stringify(act));
const s = await client.getSession();
if (s.error || s.data?.user?.email !== emails[0]) fail("getSession after setActive: " + JSON.stringify(s));
const rev = await client.multiSession.revoke({ sessionToken: tokens[1] });
if (rev.error || rev.data?.status !== true) fail("revoke: " + JSON.stringify(rev));
const after = await client.multiSession.listDeviceSessions();
if (after.error || after.data?.length !== 1 || after.data[0].user.email !== emails[0]) fail("listDeviceSessions after revoke: " + JSON.stringify(after));
const out = await client.signOut();
if (out.error) fail("signOut: " + JSON.stringify(out.error));
const none = await client.multiSession.listDeviceSessions();
if (none.error || none.data?.length !== 0) fail("listDeviceSessions after signOut: " + JSON.stringify(none));
console.log(JSON.stringify({ user: s.data.user }));

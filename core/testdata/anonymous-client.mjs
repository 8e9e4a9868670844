// The official better-auth/client with anonymousClient() against the
// server at argv[2] (its auth base URL): signIn.anonymous → getSession
// (an anonymous user) → signIn.anonymous again (refused with
// ANONYMOUS_USERS_CANNOT_SIGN_IN_AGAIN_ANONYMOUSLY) → deleteAnonymousUser
// → getSession (none) → signIn.anonymous → signUp.email (argv[3]) →
// getSession (the new user, not anonymous). Node's fetch keeps no
// cookies, so the client's fetch keeps them, as a browser would. Prints
// {"anonymousId", "user"} as JSON on success, "FAIL: …" otherwise.
import { createAuthClient } from "better-auth/client";
import { anonymousClient } from "better-auth/client/plugins";
import { argv, browser, fail } from "./browser.mjs";

const { base, args: [email] } = argv();
const { fetch: browserFetch } = browser(base);

const client = createAuthClient({ baseURL: base, plugins: [anonymousClient()], fetchOptions: { customFetchImpl: browserFetch } });

const first = await client.signIn.anonymous();
if (first.error) fail("signIn.anonymous: " + JSON.stringify(first.error));
if (!first.data?.token || first.data.user?.isAnonymous !== true) fail("signIn.anonymous answered " + JSON.stringify(first.data));
let s = await client.getSession();
if (s.error || s.data?.user?.id !== first.data.user.id || s.data.user.isAnonymous !== true) fail("getSession: " + JSON.stringify(s));

const again = await client.signIn.anonymous();
if (again.error?.code !== "ANONYMOUS_USERS_CANNOT_SIGN_IN_AGAIN_ANONYMOUSLY" || again.error.status !== 400) {
  fail("signIn.anonymous again: " + JSON.stringify(again));
}

const del = await client.deleteAnonymousUser();
if (del.error || del.data?.success !== true) fail("deleteAnonymousUser: " + JSON.stringify(del));
s = await client.getSession();
if (s.error || s.data !== null) fail("getSession after delete: " + JSON.stringify(s));

const anon = await client.signIn.anonymous();
if (anon.error) fail("signIn.anonymous: " + JSON.stringify(anon.error));
const up = await client.signUp.email({ name: "Linked Client", email, password: "client password 1" });
if (up.error) fail("signUp.email: " + JSON.stringify(up.error));
s = await client.getSession();
if (s.error || s.data?.user?.email !== email || s.data.user.isAnonymous !== false) fail("getSession after sign-up: " + JSON.stringify(s));
console.log(JSON.stringify({ anonymousId: anon.data.user.id, user: s.data.user }));

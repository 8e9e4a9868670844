// The official better-auth/client with magicLinkClient() against the
// server at argv[2] (its auth base URL): signIn.magicLink({email: argv[3],
// name, callbackURL, newUserCallbackURL}) → the link (from the test's
// outbox at <origin>/__test/outbox), opened as a browser would: a 302 to
// newUserCallbackURL with the session cookie → getSession → signOut →
// signIn.magicLink again → magicLink.verify({query: {token}}) (JSON, no
// callbackURL) → getSession → magicLink.verify with the used token
// (refused: a redirect to ?error=INVALID_TOKEN, which the client
// follows no further). Node's fetch keeps no cookies, so the client's
// fetch keeps them. Prints the session's user as JSON on success,
// "FAIL: …" otherwise.
import { createAuthClient } from "better-auth/client";
import { magicLinkClient } from "better-auth/client/plugins";
import { argv, browser, fail, message } from "./browser.mjs";

const { base, origin, args: [email] } = argv();
const { fetch: browserFetch } = browser(base);

const client = createAuthClient({ baseURL: base, plugins: [magicLinkClient()], fetchOptions: { customFetchImpl: browserFetch } });

const sent = await client.signIn.magicLink({ email, name: "Magic Client", callbackURL: "/home", newUserCallbackURL: "/welcome" });
if (sent.error || sent.data?.status !== true) fail("signIn.magicLink: " + JSON.stringify(sent));
const link = await browserFetch((await message(origin, { to: email })).url);
if (link.status !== 302 || link.headers.get("location") !== origin + "/welcome") {
  fail(`link answered ${link.status} ${link.headers.get("location")}`);
}
let s = await client.getSession();
if (s.error || s.data?.user?.email !== email || s.data.user.emailVerified !== true) fail("getSession: " + JSON.stringify(s));
const out = await client.signOut();
if (out.error) fail("signOut: " + JSON.stringify(out.error));

const again = await client.signIn.magicLink({ email });
if (again.error) fail("signIn.magicLink again: " + JSON.stringify(again.error));
const { token } = await message(origin, {});
const verified = await client.magicLink.verify({ query: { token } });
if (verified.error || !verified.data?.token || verified.data.user?.email !== email || verified.data.session?.token !== verified.data.token) {
  fail("magicLink.verify: " + JSON.stringify(verified));
}
s = await client.getSession();
if (s.error || s.data?.session?.token !== verified.data.token) fail("getSession after verify: " + JSON.stringify(s));
const used = await browserFetch(`${base}/magic-link/verify?token=${token}`);
if (used.status !== 302 || used.headers.get("location") !== origin + "/?error=INVALID_TOKEN") {
  fail(`used token answered ${used.status} ${used.headers.get("location")}`);
}
console.log(JSON.stringify({ user: s.data.user }));

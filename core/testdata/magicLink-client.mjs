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

const base = process.argv[2];
const email = process.argv[3];
const origin = new URL(base).origin;
const jar = new Map();

async function browserFetch(input, init = {}) {
  const headers = new Headers(init.headers);
  if (jar.size) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
  headers.set("origin", origin);
  const res = await fetch(input, { ...init, headers, redirect: "manual" });
  for (const sc of res.headers.getSetCookie()) {
    const [pair, ...attrs] = sc.split(";");
    const i = pair.indexOf("=");
    const name = pair.slice(0, i), value = pair.slice(i + 1);
    if (!value || /max-age=0/i.test(attrs.join(";"))) jar.delete(name);
    else jar.set(name, value);
  }
  return res;
}

function fail(msg) {
  console.log("FAIL: " + msg);
  process.exit(1);
}

async function outbox() {
  return (await fetch(origin + "/__test/outbox")).json();
}

const client = createAuthClient({ baseURL: base, plugins: [magicLinkClient()], fetchOptions: { customFetchImpl: browserFetch } });

const sent = await client.signIn.magicLink({ email, name: "Magic Client", callbackURL: "/home", newUserCallbackURL: "/welcome" });
if (sent.error || sent.data?.status !== true) fail("signIn.magicLink: " + JSON.stringify(sent));
let box = await outbox();
if (box.length !== 1 || box[0].to !== email) fail("outbox: " + JSON.stringify(box));
const link = await browserFetch(box[0].url);
if (link.status !== 302 || link.headers.get("location") !== origin + "/welcome") {
  fail(`link answered ${link.status} ${link.headers.get("location")}`);
}
let s = await client.getSession();
if (s.error || s.data?.user?.email !== email || s.data.user.emailVerified !== true) fail("getSession: " + JSON.stringify(s));
const out = await client.signOut();
if (out.error) fail("signOut: " + JSON.stringify(out.error));

const again = await client.signIn.magicLink({ email });
if (again.error) fail("signIn.magicLink again: " + JSON.stringify(again.error));
box = await outbox();
if (box.length !== 1) fail("outbox: " + JSON.stringify(box));
const token = box[0].token;
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

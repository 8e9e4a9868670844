// The official better-auth/client with lastLoginMethodClient() against the
// server at argv[2] (its auth base URL). The client plugin reads
// document.cookie, so this script gives Node a document whose cookie is
// the browser's jar (scripts see cookies without HttpOnly only):
// getLastUsedLoginMethod() is null before signing in, "email" after
// signUp.email and signIn.email (argv[3] the email), and null after
// clearLastUsedLoginMethod(). Prints {"user": …} of the session on
// success, "FAIL: …" otherwise.
import { createAuthClient } from "better-auth/client";
import { lastLoginMethodClient } from "better-auth/client/plugins";
import { argv, browser, fail } from "./browser.mjs";

const { base, args: [email] } = argv();
const { fetch: customFetchImpl, jar, httpOnly } = browser(base);

// The browser's document.cookie over the same jar: a script reads and
// writes the cookies without HttpOnly only.
globalThis.document = {
  get cookie() {
    return [...jar].filter(([k]) => !httpOnly.has(k)).map(([k, v]) => `${k}=${v}`).join("; ");
  },
  set cookie(line) {
    const [pair, ...attrs] = line.split(";");
    const i = pair.indexOf("=");
    const name = pair.slice(0, i).trim(), value = pair.slice(i + 1).trim();
    if (!value || /expires=Thu, 01 Jan 1970/i.test(attrs.join(";"))) jar.delete(name);
    else jar.set(name, value);
    httpOnly.delete(name);
  },
};

const client = createAuthClient({ baseURL: base, plugins: [lastLoginMethodClient()], fetchOptions: { customFetchImpl } });
if (client.getLastUsedLoginMethod() !== null) fail("before sign-in: " + client.getLastUsedLoginMethod());
const up = await client.signUp.email({ name: "Last Client", email, password: "last password 123" });
if (up.error) fail("signUp.email: " + JSON.stringify(up.error));
if (client.getLastUsedLoginMethod() !== "email") fail("after signUp.email: " + JSON.stringify(client.getLastUsedLoginMethod()));
if (document.cookie.includes("session_token")) fail("the session cookie is visible to scripts: " + document.cookie);
client.clearLastUsedLoginMethod();
if (client.getLastUsedLoginMethod() !== null) fail("after clearLastUsedLoginMethod: " + client.getLastUsedLoginMethod());
await client.signOut();
const bad = await client.signIn.email({ email, password: "wrong password" });
if (!bad.error || client.getLastUsedLoginMethod() !== null) fail("failed signIn.email set the method: " + JSON.stringify(bad));
const ok = await client.signIn.email({ email, password: "last password 123" });
if (ok.error) fail("signIn.email: " + JSON.stringify(ok.error));
if (!client.isLastUsedLoginMethod("email")) fail("after signIn.email: " + JSON.stringify(client.getLastUsedLoginMethod()));
const s = await client.getSession();
if (s.error || s.data?.user?.email !== email) fail("getSession: " + JSON.stringify(s));
console.log(JSON.stringify({ user: s.data.user }));

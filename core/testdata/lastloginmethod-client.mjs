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

const base = process.argv[2];
const email = process.argv[3];
const origin = new URL(base).origin;
const jar = new Map(); // name → {value, httpOnly}

globalThis.document = {
  get cookie() {
    return [...jar].filter(([, c]) => !c.httpOnly).map(([k, c]) => `${k}=${c.value}`).join("; ");
  },
  set cookie(line) {
    const [pair, ...attrs] = line.split(";");
    const i = pair.indexOf("=");
    const name = pair.slice(0, i).trim(), value = pair.slice(i + 1).trim();
    if (!value || /expires=Thu, 01 Jan 1970/i.test(attrs.join(";"))) jar.delete(name);
    else jar.set(name, { value, httpOnly: false });
  },
};

async function customFetchImpl(input, init = {}) {
  const headers = new Headers(init.headers);
  if (jar.size) headers.set("cookie", [...jar].map(([k, c]) => `${k}=${c.value}`).join("; "));
  headers.set("origin", origin);
  const res = await fetch(input, { ...init, headers, redirect: "manual" });
  for (const sc of res.headers.getSetCookie()) {
    const [pair, ...attrs] = sc.split(";");
    const i = pair.indexOf("=");
    const name = pair.slice(0, i), value = pair.slice(i + 1);
    if (!value || /max-age=0/i.test(attrs.join(";"))) jar.delete(name);
    else jar.set(name, { value, httpOnly: attrs.some((a) => a.trim().toLowerCase() === "httponly") });
  }
  return res;
}

function fail(msg) {
  console.log("FAIL: " + msg);
  process.exit(1);
}

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

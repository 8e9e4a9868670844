// The official better-auth/client through a social sign-in against the
// server at argv[2] (its auth base URL): signIn.social → the provider's
// authorization URL → the callback → getSession. Node's fetch keeps no
// cookies, so the client's fetch keeps them, as a browser would. Prints
// the session's user as JSON on success, "FAIL: …" otherwise.
import { createAuthClient } from "better-auth/client";

const base = process.argv[2];
const origin = new URL(base).origin;
const jar = new Map();

function keep(res) {
  for (const sc of res.headers.getSetCookie()) {
    const [pair, ...attrs] = sc.split(";");
    const i = pair.indexOf("=");
    const name = pair.slice(0, i), value = pair.slice(i + 1);
    if (!value || /max-age=0/i.test(attrs.join(";"))) jar.delete(name);
    else jar.set(name, value);
  }
}

async function browserFetch(input, init = {}) {
  const headers = new Headers(init.headers);
  if (jar.size) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
  headers.set("origin", origin);
  const res = await fetch(input, { ...init, headers, redirect: "manual" });
  keep(res);
  return res;
}

function fail(msg) {
  console.log("FAIL: " + msg);
  process.exit(1);
}

const client = createAuthClient({ baseURL: base, fetchOptions: { customFetchImpl: browserFetch } });
const { data, error } = await client.signIn.social({ provider: "gitlab", callbackURL: "/dashboard", disableRedirect: true });
if (error) fail("signIn.social: " + JSON.stringify(error));
if (!data?.url || data.redirect !== false) fail("signIn.social answered " + JSON.stringify(data));
if (![...jar.keys()].some((k) => k.endsWith("better-auth.state"))) fail("no state cookie");

const atProvider = await fetch(data.url, { redirect: "manual" });
const callback = atProvider.headers.get("location");
if (atProvider.status !== 302 || !callback) fail("provider answered " + atProvider.status);
const back = await browserFetch(callback);
if (back.status !== 302 || back.headers.get("location") !== "/dashboard") {
  fail(`callback answered ${back.status} ${back.headers.get("location")}`);
}

const session = await client.getSession();
if (session.error || !session.data) fail("getSession: " + JSON.stringify(session.error));
const accounts = await client.listAccounts().catch(() => null);
console.log(JSON.stringify({ user: session.data.user, accounts: accounts?.data ?? null }));

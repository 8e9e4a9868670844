// The official better-auth/client through a social sign-in against the
// server at argv[2] (its auth base URL): signIn.social → the provider's
// authorization URL → the callback → getSession. Node's fetch keeps no
// cookies, so the client's fetch keeps them, as a browser would. Prints
// the session's user as JSON on success, "FAIL: …" otherwise.
import { createAuthClient } from "better-auth/client";
import { argv, browser, fail } from "./browser.mjs";

const { base } = argv();
const { fetch: browserFetch, jar } = browser(base);

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

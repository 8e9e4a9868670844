// The official better-auth/client with usernameClient() against the
// server at argv[2] (its auth base URL): isUsernameAvailable (argv[4],
// free) → signUp.email with email argv[3] and username argv[4] →
// isUsernameAvailable (taken) → signOut → signIn.username (wrong
// password, refused) → signIn.username → getSession (the user, with the
// username lowercased). Node's fetch keeps no cookies, so the client's
// fetch keeps them, as a browser would. Prints {"user"} as JSON on
// success, "FAIL: …" otherwise.
import { createAuthClient } from "better-auth/client";
import { usernameClient } from "better-auth/client/plugins";
import { argv, browser, fail, must } from "./browser.mjs";

const { base, args: [email, username] } = argv();
const { fetch: browserFetch } = browser(base);
const client = createAuthClient({ baseURL: base, plugins: [usernameClient()], fetchOptions: { customFetchImpl: browserFetch } });
const password = "client password 1";

let avail = must("isUsernameAvailable", await client.isUsernameAvailable({ username }));
if (avail?.available !== true) fail("isUsernameAvailable before sign-up: " + JSON.stringify(avail));
must("signUp.email", await client.signUp.email({ name: "Username Client", email, password, username }));
avail = must("isUsernameAvailable", await client.isUsernameAvailable({ username }));
if (avail?.available !== false) fail("isUsernameAvailable after sign-up: " + JSON.stringify(avail));
must("signOut", await client.signOut());
let s = await client.getSession();
if (s.error || s.data !== null) fail("getSession after signOut: " + JSON.stringify(s));

const wrong = await client.signIn.username({ username, password: "not the password" });
if (wrong.error?.code !== "INVALID_USERNAME_OR_PASSWORD" || wrong.error.status !== 401) fail("signIn.username with a wrong password: " + JSON.stringify(wrong));
const signed = must("signIn.username", await client.signIn.username({ username, password }));
if (!signed?.token || signed.user?.email !== email) fail("signIn.username answered " + JSON.stringify(signed));
s = await client.getSession();
if (s.error || s.data?.user?.email !== email || s.data.user.username !== username.toLowerCase()) fail("getSession: " + JSON.stringify(s));
console.log(JSON.stringify({ user: s.data.user }));

// The official better-auth/client with jwtClient() against the server at
// argv[2] (its auth base URL): token() without a session (refused with
// 401) → signUp.email (argv[3]) → token() (a JWT) → jwks() (the public
// keys). Node's fetch keeps no cookies, so the client's fetch keeps them,
// as a browser would. Prints {"user", "token", "jwks"} as JSON on
// success (the test checks the token's signature against jwks),
// "FAIL: …" otherwise.
import { createAuthClient } from "better-auth/client";
import { jwtClient } from "better-auth/client/plugins";
import { argv, browser, fail, must } from "./browser.mjs";

const { base, args: [email] } = argv();
const { fetch: browserFetch } = browser(base);
const client = createAuthClient({ baseURL: base, plugins: [jwtClient()], fetchOptions: { customFetchImpl: browserFetch } });

const anon = await client.token();
if (anon.error?.status !== 401) fail("token without a session: " + JSON.stringify(anon));
const up = must("signUp.email", await client.signUp.email({ name: "JWT Client", email, password: "client password 1" }));
const tok = must("token", await client.token());
if (typeof tok?.token !== "string" || tok.token.split(".").length !== 3) fail("token answered " + JSON.stringify(tok));
const payload = JSON.parse(Buffer.from(tok.token.split(".")[1], "base64url").toString());
if (payload.sub !== up.user.id || payload.id !== up.user.id || payload.email !== email) fail("token payload: " + JSON.stringify(payload));
const jwks = must("jwks", await client.jwks());
if (!Array.isArray(jwks?.keys) || jwks.keys.length === 0) fail("jwks answered " + JSON.stringify(jwks));
console.log(JSON.stringify({ user: up.user, token: tok.token, jwks }));

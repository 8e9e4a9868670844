// The official better-auth/client through a password reset against the
// server at argv[2] (its auth base URL): signUp.email → signOut →
// requestPasswordReset({email, redirectTo}) → the emailed link (taken from
// the test's outbox at <origin>/__test/outbox, then followed: it must
// redirect to redirectTo?token=<token>) → resetPassword({newPassword,
// token}) → signIn.email with the old password (must fail) and the new
// one → getSession, for the user argv[3] (an email). With argv[4] =
// "wrong-token" it resets with a token the server never issued. Node's fetch keeps no cookies, so the client's
// fetch keeps them, as a browser would. Prints the session's user as JSON
// on success, "FAIL: …" otherwise.
import { createAuthClient } from "better-auth/client";
import { argv, browser, fail, message } from "./browser.mjs";

const { base, origin, args: [email, mode = ""] } = argv();
const { fetch: browserFetch } = browser(base);

const client = createAuthClient({ baseURL: base, fetchOptions: { customFetchImpl: browserFetch } });
const oldPassword = "old password 123";
const newPassword = "new password 456";
const redirectTo = origin + "/account/reset";

const up = await client.signUp.email({ name: "Reset Client", email, password: oldPassword });
if (up.error) fail("signUp.email: " + JSON.stringify(up.error));
const out = await client.signOut();
if (out.error) fail("signOut: " + JSON.stringify(out.error));

const req = await client.requestPasswordReset({ email, redirectTo });
if (req.error) fail("requestPasswordReset: " + JSON.stringify(req.error));
if (req.data?.status !== true) fail("requestPasswordReset answered " + JSON.stringify(req.data));

const { url, token } = await message(origin, { to: email });
// The emailed link, as the user's browser would open it.
const link = await browserFetch(url);
const want = `${redirectTo}?token=${token}`;
if (link.status !== 302 || link.headers.get("location") !== want) {
  fail(`reset link answered ${link.status} ${link.headers.get("location")}, want 302 ${want}`);
}
const usedToken = mode === "wrong-token" ? "x".repeat(token.length) : new URL(link.headers.get("location")).searchParams.get("token");

const reset = await client.resetPassword({ newPassword, token: usedToken });
if (reset.error) fail(`resetPassword: ${reset.error.status} ${reset.error.code}`);
if (reset.data?.status !== true) fail("resetPassword answered " + JSON.stringify(reset.data));

const old = await client.signIn.email({ email, password: oldPassword });
if (!old.error) fail("signIn.email with the old password succeeded");
if (old.error.status !== 401) fail("signIn.email with the old password: " + JSON.stringify(old.error));
const signIn = await client.signIn.email({ email, password: newPassword });
if (signIn.error) fail("signIn.email with the new password: " + JSON.stringify(signIn.error));

const session = await client.getSession();
if (session.error || !session.data) fail("getSession: " + JSON.stringify(session.error));
console.log(JSON.stringify({ user: session.data.user }));

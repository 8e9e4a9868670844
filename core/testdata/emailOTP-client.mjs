// The official better-auth/client with emailOTPClient() against the
// server at argv[2] (its auth base URL), for the address argv[3]; each
// code is taken from the test's outbox at <origin>/__test/outbox:
// emailOtp.sendVerificationOtp (sign-in) → emailOtp.checkVerificationOtp
// with a wrong code (refused, INVALID_OTP) → signIn.emailOtp (a sign-up)
// → getSession → forgetPassword.emailOtp → emailOtp.resetPassword →
// signIn.email with the new password → emailOtp.requestEmailChange →
// emailOtp.changeEmail → getSession (the new address, verified). Node's
// fetch keeps no cookies, so the client's fetch keeps them. Prints the
// session's user as JSON on success, "FAIL: …" otherwise.
import { createAuthClient } from "better-auth/client";
import { emailOTPClient } from "better-auth/client/plugins";
import { argv, browser, fail, must as check, message } from "./browser.mjs";

const { base, origin, args: [email] } = argv();
const { fetch: browserFetch } = browser(base);

// code returns the one code the server sent since the last call, of kind.
const code = async (kind, to) => (await message(origin, { kind, to })).token;

const client = createAuthClient({ baseURL: base, plugins: [emailOTPClient()], fetchOptions: { customFetchImpl: browserFetch } });

check("emailOtp.sendVerificationOtp", await client.emailOtp.sendVerificationOtp({ email, type: "sign-in" }));
let otp = await code("email-otp-sign-in", email);
const wrong = await client.emailOtp.checkVerificationOtp({ email, type: "sign-in", otp: "wrong" });
if (wrong.error?.code !== "INVALID_OTP") fail("checkVerificationOtp with a wrong code: " + JSON.stringify(wrong));
const signedIn = check("signIn.emailOtp", await client.signIn.emailOtp({ email, otp, name: "OTP Client" }));
if (!signedIn.token || signedIn.user?.emailVerified !== true) fail("signIn.emailOtp answered " + JSON.stringify(signedIn));
let s = check("getSession", await client.getSession());
if (s?.user?.email !== email) fail("getSession: " + JSON.stringify(s));

check("forgetPassword.emailOtp", await client.forgetPassword.emailOtp({ email }));
otp = await code("email-otp-forget-password", email);
check("emailOtp.resetPassword", await client.emailOtp.resetPassword({ email, otp, password: "otp client password" }));
check("signIn.email", await client.signIn.email({ email, password: "otp client password" }));

const moved = "moved." + email;
check("emailOtp.requestEmailChange", await client.emailOtp.requestEmailChange({ newEmail: moved }));
otp = await code("email-otp-change-email", moved);
check("emailOtp.changeEmail", await client.emailOtp.changeEmail({ newEmail: moved, otp }));
s = check("getSession after changeEmail", await client.getSession());
if (s?.user?.email !== moved || s.user.emailVerified !== true) fail("getSession after changeEmail: " + JSON.stringify(s));
console.log(JSON.stringify({ user: s.user }));

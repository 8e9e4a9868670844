// The official better-auth/client with phoneNumberClient() against the
// server at argv[2] (its auth base URL; the server signs up on
// verification), for the phone number argv[3]: phoneNumber.sendOtp → the
// code from the test outbox (<origin>/__test/outbox) →
// phoneNumber.verify (signs the new user up and in) → getSession →
// phoneNumber.requestPasswordReset → resetPassword with the code →
// signOut → signIn.phoneNumber with a wrong and the new password →
// getSession. Prints {"user": …} of the last session on success,
// "FAIL: …" otherwise.
import { createAuthClient } from "better-auth/client";
import { phoneNumberClient } from "better-auth/client/plugins";
import { argv, browser as cookieBrowser, fail, message } from "./browser.mjs";

const { base, origin, args: [phoneNumber] } = argv();

// browser returns a client whose fetch keeps cookies, as a browser would.
const browser = () => createAuthClient({ baseURL: base, plugins: [phoneNumberClient()], fetchOptions: { customFetchImpl: cookieBrowser(base).fetch } });

// code returns the one code of kind the server sent to the number since
// the last call.
const code = async (kind) => (await message(origin, { kind, to: phoneNumber }, { others: true })).token;

const client = browser();
const sent = await client.phoneNumber.sendOtp({ phoneNumber });
if (sent.error || sent.data?.message !== "code sent") fail("phoneNumber.sendOtp: " + JSON.stringify(sent));
const otp = await code("phone-otp");
const wrong = await client.phoneNumber.verify({ phoneNumber, code: otp === "000000" ? "111111" : "000000" });
if (wrong.error?.code !== "INVALID_OTP") fail("verify with a wrong code: " + JSON.stringify(wrong));
const ver = await client.phoneNumber.verify({ phoneNumber, code: otp });
if (ver.error || ver.data?.status !== true || ver.data?.user?.phoneNumber !== phoneNumber) fail("phoneNumber.verify: " + JSON.stringify(ver));
const s1 = await client.getSession();
if (s1.error || s1.data?.user?.phoneNumberVerified !== true) fail("getSession after verify: " + JSON.stringify(s1));
const req = await client.phoneNumber.requestPasswordReset({ phoneNumber });
if (req.error || req.data?.status !== true) fail("requestPasswordReset: " + JSON.stringify(req));
const reset = await client.phoneNumber.resetPassword({ phoneNumber, otp: await code("phone-reset-otp"), newPassword: "phone password 123" });
if (reset.error || reset.data?.status !== true) fail("resetPassword: " + JSON.stringify(reset));
const out = await client.signOut();
if (out.error) fail("signOut: " + JSON.stringify(out.error));
const bad = await client.signIn.phoneNumber({ phoneNumber, password: "wrong password 1" });
if (bad.error?.code !== "INVALID_PHONE_NUMBER_OR_PASSWORD") fail("signIn.phoneNumber with a wrong password: " + JSON.stringify(bad));
const ok = await client.signIn.phoneNumber({ phoneNumber, password: "phone password 123" });
if (ok.error || !ok.data?.token) fail("signIn.phoneNumber: " + JSON.stringify(ok));
const s = await client.getSession();
if (s.error || s.data?.user?.phoneNumber !== phoneNumber) fail("getSession: " + JSON.stringify(s));
console.log(JSON.stringify({ user: s.data.user }));

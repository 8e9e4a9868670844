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

const base = process.argv[2];
const phoneNumber = process.argv[3];
const origin = new URL(base).origin;

// browser returns a client whose fetch keeps cookies, as a browser would.
function browser() {
  const jar = new Map();
  const customFetchImpl = async (input, init = {}) => {
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
  };
  return createAuthClient({ baseURL: base, plugins: [phoneNumberClient()], fetchOptions: { customFetchImpl } });
}

function fail(msg) {
  console.log("FAIL: " + msg);
  process.exit(1);
}

async function code(kind) {
  const box = await (await fetch(origin + "/__test/outbox")).json();
  const m = box.filter((x) => x.kind === kind && x.to === phoneNumber);
  if (m.length !== 1) fail("outbox: " + JSON.stringify(box));
  return m[0].token;
}

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

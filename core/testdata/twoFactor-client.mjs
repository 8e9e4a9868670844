// The official better-auth/client with twoFactorClient() against the
// server at argv[2] (its auth base URL): signUp.email (argv[3]) →
// twoFactor.enable with the password (a totpURI and backup codes) →
// twoFactor.verifyTotp with a wrong code (refused with INVALID_CODE),
// then with the code of the totpURI's secret (two-factor on) → signOut →
// signIn.email (no session: twoFactorRedirect, and the client calls its
// onTwoFactorRedirect) → twoFactor.verifyTotp → getSession (the user,
// twoFactorEnabled). The TOTP codes are computed here (RFC 6238,
// HMAC-SHA1 with node:crypto) from the secret of the totpURI; the second
// one is the next period's (within the server's window of one period), so
// that no code is used twice. Node's fetch keeps no cookies, so the
// client's fetch keeps them, as a browser would. Prints {"user",
// "redirects", "backupCodes"} as JSON on success, "FAIL: …" otherwise.
import { createHmac } from "node:crypto";
import { createAuthClient } from "better-auth/client";
import { twoFactorClient } from "better-auth/client/plugins";
import { argv, browser, fail, must } from "./browser.mjs";

const { base, args: [email] } = argv();
const { fetch: browserFetch } = browser(base);
let redirects = 0;
const client = createAuthClient({
  baseURL: base,
  plugins: [twoFactorClient({ onTwoFactorRedirect: () => { redirects++; } })],
  fetchOptions: { customFetchImpl: browserFetch },
});
const password = "client password 1";

function base32Decode(s) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, value = 0;
  const out = [];
  for (const c of s.replace(/=+$/, "").toUpperCase()) {
    const i = alphabet.indexOf(c);
    if (i < 0) fail("totpURI secret is not base32: " + s);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

function totp(secret, { digits, period }, step = 0) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / period) + step));
  const mac = createHmac("sha1", secret).update(counter).digest();
  const o = mac[mac.length - 1] & 15;
  const n = ((mac[o] & 127) << 24) | (mac[o + 1] << 16) | (mac[o + 2] << 8) | mac[o + 3];
  return String(n % 10 ** digits).padStart(digits, "0");
}

must("signUp.email", await client.signUp.email({ name: "Two Factor Client", email, password }));
const enabled = must("twoFactor.enable", await client.twoFactor.enable({ password }));
if (typeof enabled?.totpURI !== "string" || !Array.isArray(enabled.backupCodes) || enabled.backupCodes.length === 0) {
  fail("twoFactor.enable answered " + JSON.stringify(enabled));
}
const uri = new URL(enabled.totpURI);
if (uri.protocol !== "otpauth:") fail("totpURI: " + enabled.totpURI);
const secret = base32Decode(uri.searchParams.get("secret") ?? "");
const params = { digits: Number(uri.searchParams.get("digits") ?? 6), period: Number(uri.searchParams.get("period") ?? 30) };

const code = totp(secret, params);
const wrong = await client.twoFactor.verifyTotp({ code: code === "000000" ? "111111" : "000000" });
if (wrong.error?.code !== "INVALID_CODE") fail("twoFactor.verifyTotp with a wrong code: " + JSON.stringify(wrong));
must("twoFactor.verifyTotp (enable)", await client.twoFactor.verifyTotp({ code }));
let s = await client.getSession();
if (s.error || s.data?.user?.twoFactorEnabled !== true) fail("getSession after enabling: " + JSON.stringify(s));

must("signOut", await client.signOut());
const signIn = must("signIn.email", await client.signIn.email({ email, password }));
if (signIn?.twoFactorRedirect !== true || signIn.token) fail("signIn.email answered " + JSON.stringify(signIn));
if (redirects !== 1) fail("onTwoFactorRedirect called " + redirects + " times");
s = await client.getSession();
if (s.error || s.data !== null) fail("getSession before the second factor: " + JSON.stringify(s));

const verified = must("twoFactor.verifyTotp", await client.twoFactor.verifyTotp({ code: totp(secret, params, 1) }));
if (!verified?.token || verified.user?.email !== email) fail("twoFactor.verifyTotp answered " + JSON.stringify(verified));
s = await client.getSession();
if (s.error || s.data?.user?.email !== email || s.data.user.twoFactorEnabled !== true) fail("getSession: " + JSON.stringify(s));
console.log(JSON.stringify({ user: s.data.user, redirects, backupCodes: enabled.backupCodes.length }));

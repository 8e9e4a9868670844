// The official better-auth/client with oneTimeTokenClient() against the
// server at argv[2] (its auth base URL): signUp.email on one browser,
// oneTimeToken.generate(), then on a second browser (no cookies)
// oneTimeToken.verify({token}) → getSession must be that user; a second
// verify of the same token must fail. Prints {"user": …} of the second
// browser's session on success, "FAIL: …" otherwise.
import { createAuthClient } from "better-auth/client";
import { oneTimeTokenClient } from "better-auth/client/plugins";
import { argv, browser as cookieBrowser, fail } from "./browser.mjs";

const { base, args: [email] } = argv();

// browser returns a client whose fetch keeps cookies, as a browser would.
const browser = () => createAuthClient({ baseURL: base, plugins: [oneTimeTokenClient()], fetchOptions: { customFetchImpl: cookieBrowser(base).fetch } });

const first = browser(), second = browser();
const up = await first.signUp.email({ name: "OTT Client", email, password: "ott password 123" });
if (up.error) fail("signUp.email: " + JSON.stringify(up.error));
const gen = await first.oneTimeToken.generate();
if (gen.error || typeof gen.data?.token !== "string") fail("oneTimeToken.generate: " + JSON.stringify(gen));
const anon = await second.oneTimeToken.generate();
if (!anon.error || anon.error.status !== 401) fail("generate without a session: " + JSON.stringify(anon));
const ver = await second.oneTimeToken.verify({ token: gen.data.token });
if (ver.error) fail("oneTimeToken.verify: " + JSON.stringify(ver.error));
if (ver.data?.user?.email !== email || !ver.data?.session?.token) fail("verify answered " + JSON.stringify(ver.data));
const again = await second.oneTimeToken.verify({ token: gen.data.token });
if (!again.error || again.error.status !== 400 || again.error.message !== "Invalid token") fail("second verify: " + JSON.stringify(again));
const s = await second.getSession();
if (s.error || s.data?.user?.email !== email) fail("getSession: " + JSON.stringify(s));
console.log(JSON.stringify({ user: s.data.user }));

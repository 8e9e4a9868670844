// The official better-auth/client with apiKeyClient() (from
// "@better-auth/api-key/client", 1.7.5) against the server at argv[2]
// (its auth base URL), for the user argv[3] (an email): signUp.email →
// apiKey.create({name, prefix, expiresIn, metadata}) → apiKey.list →
// apiKey.get → apiKey.update → getSession with the key in x-api-key on a
// client without cookies → apiKey.create with a server-only property
// (must fail) → apiKey.delete → getSession with the deleted key (must
// fail). With argv[4] = "bogus-key" the key session uses a key the
// server never issued. Node's fetch keeps no cookies, so the client's
// fetch keeps them, as a browser would. Prints a JSON summary on success,
// "FAIL: …" otherwise.
import { createAuthClient } from "better-auth/client";
import { apiKeyClient } from "@better-auth/api-key/client";
import { argv, browser, fail } from "./browser.mjs";

const { base, args: [email, mode = ""] } = argv();
const { fetch: browserFetch } = browser(base);

const client = createAuthClient({ baseURL: base, plugins: [apiKeyClient()], fetchOptions: { customFetchImpl: browserFetch } });
const keyClient = (key) => createAuthClient({ baseURL: base, plugins: [apiKeyClient()], fetchOptions: { headers: { "x-api-key": key } } });

const up = await client.signUp.email({ name: "Key Client", email, password: "key client password" });
if (up.error) fail("signUp.email: " + JSON.stringify(up.error));

const created = await client.apiKey.create({ name: "cli", prefix: "cli_", expiresIn: 7 * 24 * 3600, metadata: { tier: "free", n: 1 } });
if (created.error) fail("apiKey.create: " + JSON.stringify(created.error));
const { id, key } = created.data;
if (!key.startsWith("cli_") || key.length !== 68 || created.data.start !== key.slice(0, 6)) fail("apiKey.create key: " + JSON.stringify(created.data));
if (created.data.referenceId !== up.data.user.id || created.data.metadata?.tier !== "free") fail("apiKey.create: " + JSON.stringify(created.data));

const list = await client.apiKey.list();
if (list.error || list.data.total !== 1 || list.data.apiKeys[0].id !== id || "key" in list.data.apiKeys[0]) fail("apiKey.list: " + JSON.stringify(list));

const got = await client.apiKey.get({ query: { id } });
if (got.error || got.data.name !== "cli" || got.data.metadata?.n !== 1) fail("apiKey.get: " + JSON.stringify(got));

const updated = await client.apiKey.update({ keyId: id, name: "renamed", metadata: { tier: "pro" } });
if (updated.error || updated.data.name !== "renamed" || updated.data.metadata?.tier !== "pro") fail("apiKey.update: " + JSON.stringify(updated));

const useKey = mode === "bogus-key" ? "cli_" + "x".repeat(64) : key;
const viaKey = await keyClient(useKey).getSession();
if (viaKey.error) fail(`getSession with the key: ${viaKey.error.status} ${viaKey.error.code}`);
if (viaKey.data?.user?.email !== email || viaKey.data.session.token !== key || viaKey.data.session.id !== id) fail("getSession with the key: " + JSON.stringify(viaKey.data));

const serverOnly = await client.apiKey.create({ name: "x", remaining: 5 });
if (!serverOnly.error || serverOnly.error.status !== 400 || serverOnly.error.code !== "SERVER_ONLY_PROPERTY") fail("apiKey.create with remaining: " + JSON.stringify(serverOnly));

const del = await client.apiKey.delete({ keyId: id });
if (del.error || del.data.success !== true) fail("apiKey.delete: " + JSON.stringify(del));
const after = await keyClient(key).getSession();
if (!after.error || after.error.status !== 401 || after.error.code !== "INVALID_API_KEY") fail("getSession with a deleted key: " + JSON.stringify(after));

console.log(JSON.stringify({ user: viaKey.data.user, requestCount: updated.data.requestCount, listed: list.data.total }));

// Prints, as JSON, every HTTP endpoint Better Auth 1.7.5 serves with the
// plugins of issue 14 (core/testdata/endpoints-1.7.5.json is its output,
// read by core's TestEndpointCoverage): method, path, the plugin that
// adds it ("" for the core), the api key, and whether the TypeScript
// router serves it over HTTP (served: false for server-only endpoints,
// which answer 404 there). Run: node endpoints.mjs > ../../core/testdata/endpoints-1.7.5.json
import { betterAuth } from "better-auth";
import { memoryAdapter } from "@better-auth/memory-adapter";
import * as P from "better-auth/plugins";
import { apiKey } from "@better-auth/api-key";

const send = async () => {};
// Plugin name → instance, in the order of issue 14's table.
const plugins = {
  twoFactor: P.twoFactor({ otpOptions: { sendOTP: send } }),
  admin: P.admin(),
  organization: P.organization({ teams: { enabled: true }, dynamicAccessControl: { enabled: true }, sendInvitationEmail: send }),
  apiKey: apiKey(),
  jwt: P.jwt(),
  bearer: P.bearer(),
  anonymous: P.anonymous(),
  phoneNumber: P.phoneNumber({ sendOTP: send }),
  magicLink: P.magicLink({ sendMagicLink: send }),
  emailOTP: P.emailOTP({ sendVerificationOTP: send }),
  multiSession: P.multiSession(),
  lastLoginMethod: P.lastLoginMethod(),
  oneTimeToken: P.oneTimeToken(),
  username: P.username(),
};
const make = (list) => betterAuth({
  secret: "endpoint-coverage-secret-0123456789abcdef",
  baseURL: "http://localhost:3000",
  database: memoryAdapter({}),
  emailAndPassword: { enabled: true },
  logger: { disabled: true },
  rateLimit: { enabled: false },
  plugins: list,
});
const keys = (auth) => {
  const out = new Map();
  for (const [name, e] of Object.entries(auth.api)) {
    if (!e || !e.path) continue;
    for (const m of [].concat(e.options.method)) out.set(`${m} ${e.path}`, name);
  }
  return out;
};
const owner = new Map([...keys(make([])).keys()].map((k) => [k, ""]));
for (const [name, p] of Object.entries(plugins)) {
  for (const k of keys(make([p])).keys()) if (!owner.has(k)) owner.set(k, name);
}
const auth = make(Object.values(plugins));
const rows = [];
for (const [k, api] of keys(auth)) {
  const [method, path] = k.split(" ");
  const url = "http://localhost:3000/api/auth" + path.replace(/:(\w+)/g, "x");
  const res = await auth.handler(new Request(url, {
    method,
    headers: { "content-type": "application/json", origin: "http://localhost:3000" },
    body: method === "GET" ? undefined : "{}",
  }));
  rows.push({ plugin: owner.get(k) ?? "?", method, path, api, served: res.status !== 404 });
}
rows.sort((a, b) => (a.plugin + " " + a.path + " " + a.method).localeCompare(b.plugin + " " + b.path + " " + b.method));
console.log(JSON.stringify(rows, null, 1));

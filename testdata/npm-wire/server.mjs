// The TypeScript reference: a Better Auth 1.7.5 server for the interop
// tests and the benchmark. Configured by environment variables:
//   PORT             listen port on 127.0.0.1 (default 3000)
//   DB               SQLite file (better-sqlite3), or
//   DATABASE_URL     postgres://… (pg), or
//   MYSQL_URL        mysql://user:password@host:port/database (mysql2's
//                    promise pool, as Better Auth's MySQL docs; UTC)
//   REDIS_URL        redis://host:port/db: secondaryStorage is
//                    @better-auth/redis-storage on an ioredis client (both
//                    pinned), keys behind REDIS_PREFIX (default its own
//                    "better-auth:"), as the Go handler's core/redisstore
//   BETTER_AUTH_SECRET, BETTER_AUTH_URL (baseURL), TRUSTED_ORIGINS (comma-separated)
//   QUIET=1 silences the logger; BENCH_NO_RATE_LIMIT=1 disables rate limiting
//   RATE_LIMIT, ADVANCED  JSON rateLimit and advanced options (e.g.
//                    {"enabled":true,"storage":"database"}, {"ipAddress":{…}})
//   USERNAME_PLUGIN  JSON options of the username plugin (e.g. {}): adds it
//   TWO_FACTOR_PLUGIN, ADMIN_PLUGIN  likewise for twoFactor and admin
//   BEARER_PLUGIN, JWT_PLUGIN  likewise for bearer and jwt
//   PLUGINS          JSON object: plugin name → options, added after the
//                    plugins above, in key order (e.g.
//                    {"organization":{"teams":{"enabled":true}},"apiKey":{}}).
//                    A name with a module plugins/<name>.mjs is built by its
//                    default export, (options, keep) => plugin, where keep
//                    (below) records messages in the outbox; any other name
//                    is the export of better-auth/plugins called with the
//                    options ("apiKey" comes from @better-auth/api-key)
//   OPTIONS          JSON deep-merged into the options last (e.g.
//                    {"emailVerification":{"sendOnSignUp":true}})
//   CAPTURE_EMAIL=1  sets every send function Better Auth has
//                    (sendVerificationEmail, sendResetPassword,
//                    sendChangeEmailConfirmation,
//                    sendDeleteAccountVerification) to one that keeps the
//                    message; GET /__test/outbox (outside the auth routes)
//                    answers the kept messages as a JSON array of
//                    {kind, to, url, token, newEmail} and empties the box
//   CAPTURE_OTP=1    twoFactor's otpOptions.sendOTP keeps the code in the
//                    same box as {kind: "two-factor-otp", to, token: otp}
// Plugin modules record with keep(message): message is pushed to the outbox
// as given ({kind, to, url, token, newEmail, …}).
// It prints "listening <port>" once it accepts connections.
import http from "node:http";
import { betterAuth } from "better-auth";
import { toNodeHandler } from "better-auth/node";
import { username, twoFactor, admin } from "better-auth/plugins";
import { bearer, jwt } from "better-auth/plugins";

let database;
if (process.env.MYSQL_URL) {
  const { createPool } = await import("mysql2/promise");
  // timezone "Z": DATETIME values are read and written in UTC, as the Go
  // handler's driver (time_zone '+00:00') does.
  database = createPool({ uri: process.env.MYSQL_URL, timezone: "Z", connectionLimit: 10 });
} else if (process.env.DATABASE_URL) {
  const { Pool } = (await import("pg")).default;
  database = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
} else {
  const Database = (await import("better-sqlite3")).default;
  database = new Database(process.env.DB ?? "auth.db");
  database.pragma("journal_mode = WAL");
  database.pragma("busy_timeout = 5000");
}

const port = Number(process.env.PORT ?? 3000);

let secondaryStorage;
if (process.env.REDIS_URL) {
  const { Redis } = await import("ioredis");
  const { redisStorage } = await import("@better-auth/redis-storage");
  // maxRetriesPerRequest 1: a Redis that is down fails requests instead of
  // queueing them for minutes.
  const client = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: 1 });
  client.on("error", () => {});
  secondaryStorage = redisStorage({ client, ...(process.env.REDIS_PREFIX !== undefined ? { keyPrefix: process.env.REDIS_PREFIX } : {}) });
}

// merge deep-merges plain objects from b into a (b wins); arrays and
// other values replace.
function merge(a, b) {
  if (b === null || typeof b !== "object" || Array.isArray(b)) return b;
  const out = { ...(a && typeof a === "object" && !Array.isArray(a) ? a : {}) };
  for (const [k, v] of Object.entries(b)) out[k] = merge(out[k], v);
  return out;
}

const outbox = [];
const keep = (kind) => async (data) => {
  outbox.push({ kind, to: data.user.email, url: data.url, token: data.token, newEmail: data.newEmail ?? null });
};
const capture = process.env.CAPTURE_EMAIL === "1" ? {
  emailVerification: { sendVerificationEmail: keep("verify-email") },
  emailAndPassword: { sendResetPassword: keep("reset-password") },
  user: {
    changeEmail: { sendChangeEmailConfirmation: keep("change-email") },
    deleteUser: { sendDeleteAccountVerification: keep("delete-user") },
  },
} : {};

// plugin builds one entry of PLUGINS.
async function plugin(name, options) {
  const record = (message) => { outbox.push(message); };
  try {
    const mod = await import(new URL(`./plugins/${name}.mjs`, import.meta.url));
    return mod.default(options, record);
  } catch (e) {
    if (e.code !== "ERR_MODULE_NOT_FOUND" || !String(e.message).includes(`plugins/${name}.mjs`)) throw e;
  }
  if (name === "apiKey") return (await import("@better-auth/api-key")).apiKey(options);
  const all = await import("better-auth/plugins");
  if (typeof all[name] !== "function") throw new Error(`PLUGINS: better-auth/plugins has no plugin ${name}`);
  return all[name](options);
}
const extra = [];
for (const [name, options] of Object.entries(process.env.PLUGINS ? JSON.parse(process.env.PLUGINS) : {})) {
  extra.push(await plugin(name, options));
}

const base = {
  baseURL: process.env.BETTER_AUTH_URL ?? `http://127.0.0.1:${port}`,
  secret: process.env.BETTER_AUTH_SECRET,
  database,
  secondaryStorage,
  trustedOrigins: (process.env.TRUSTED_ORIGINS ?? "").split(",").filter(Boolean),
  emailAndPassword: { enabled: true },
  logger: { disabled: process.env.QUIET === "1" },
  // The benchmark turns the production rate limiter off, as the Go server
  // it is compared with runs without one.
  rateLimit: process.env.BENCH_NO_RATE_LIMIT ? { enabled: false }
    : process.env.RATE_LIMIT ? JSON.parse(process.env.RATE_LIMIT) : undefined,
  advanced: process.env.ADVANCED ? JSON.parse(process.env.ADVANCED) : undefined,
  plugins: [
    process.env.USERNAME_PLUGIN && username(JSON.parse(process.env.USERNAME_PLUGIN)),
    process.env.TWO_FACTOR_PLUGIN && twoFactor(merge(JSON.parse(process.env.TWO_FACTOR_PLUGIN),
      process.env.CAPTURE_OTP === "1" ? { otpOptions: { sendOTP: async ({ user, otp }) => {
        outbox.push({ kind: "two-factor-otp", to: user.email, url: null, token: otp, newEmail: null });
      } } } : {})),
    process.env.ADMIN_PLUGIN && admin(JSON.parse(process.env.ADMIN_PLUGIN)),
    process.env.BEARER_PLUGIN && bearer(JSON.parse(process.env.BEARER_PLUGIN)),
    process.env.JWT_PLUGIN && jwt(JSON.parse(process.env.JWT_PLUGIN)),
    ...extra,
  ].filter(Boolean),
};
export const auth = betterAuth(merge(merge(base, capture), process.env.OPTIONS ? JSON.parse(process.env.OPTIONS) : {}));

const authHandler = toNodeHandler(auth);
const server = http.createServer((req, res) => {
  if (req.url === "/__test/outbox") {
    res.setHeader("Content-Type", "application/json");
    res.end(JSON.stringify(outbox.splice(0)));
    return;
  }
  return authHandler(req, res);
});
server.listen(port, "127.0.0.1", () => console.log(`listening ${port}`));

// Writes the Drizzle schema Better Auth 1.7.5's CLI (npm package "auth"
// 1.7.5, its generateDrizzleSchema) produces for one config, for
// TestDrizzleMatchesBetterAuthOrganization. Run it where auth@1.7.5 and
// better-auth@1.7.5 are installed (outside this repository):
//
//   npm install auth@1.7.5 better-auth@1.7.5
//   node generate.mjs pg|mysql|sqlite 0|1 > organization[-plural]-<dialect>.ts
//
// The second argument is usePlural. The config is emailAndPassword plus
// organization({ teams, dynamicAccessControl }), as the Go test's.

// Node 20 lacks these; Better Auth's CLI dependencies call them.
Object.groupBy ??= (items, fn) => { const o = Object.create(null); let i = 0; for (const x of items) { const k = fn(x, i++); (o[k] ??= []).push(x); } return o; };
Map.groupBy ??= (items, fn) => { const m = new Map(); let i = 0; for (const x of items) { const k = fn(x, i++); if (!m.has(k)) m.set(k, []); m.get(k).push(x); } return m; };

const { generateDrizzleSchema } = await import("auth/api");
const { organization } = await import("better-auth/plugins");

const [, , provider, plural] = process.argv;
const options = {
  emailAndPassword: { enabled: true },
  plugins: [organization({ teams: { enabled: true }, dynamicAccessControl: { enabled: true } })],
};
const adapter = { id: "drizzle", options: { provider, adapterConfig: { usePlural: plural === "1" } } };
const r = await generateDrizzleSchema({ options, file: "/nonexistent/auth-schema.ts", adapter });
process.stdout.write(r.code);

// tables.mjs prints, as one JSON object keyed by case name, the tables
// Better Auth 1.7.5 itself builds (getAuthTables, the function its CLI's
// generate and migrate start from) for the plugin cases of
// core/plugins/cases_test.go. core/plugins/betterauth_test.go runs it once
// and compares every table and field with authctl's schema.
//
//   node tables.mjs            all cases
//   node tables.mjs NAME...    only those cases
//
// Each case builds the same options as the Go case of that name. Secrets,
// clients and callbacks are dummies: getAuthTables reads only the plugins'
// schema objects, and nothing here opens a database or the network.
//
// Better Auth's mergeSchema (better-auth/dist/db/schema.mjs) writes a
// plugin's `schema` option into the plugin's module-level schema object,
// so a case that passes one would rename the tables of every later case
// using that plugin in the same process. Such cases are listed in
// `isolated` and each runs in a worker thread of its own, with fresh
// modules.
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { getAuthTables } from "better-auth/db";
import {
	admin, anonymous, bearer, captcha, customSession, deviceAuthorization, emailOTP, genericOAuth,
	haveIBeenPwned, jwt, lastLoginMethod, magicLink, multiSession, oAuthProxy, oneTap, oneTimeToken,
	openAPI, organization, phoneNumber, siwe, twoFactor, username,
} from "better-auth/plugins";
import { apiKey } from "@better-auth/api-key";
import { oauthDeviceAuthorization, oauthProvider } from "@better-auth/oauth-provider";
import { passkey } from "@better-auth/passkey";
import { scim } from "@better-auth/scim";
import { sso } from "@better-auth/sso";
import { stripe } from "@better-auth/stripe";
import Stripe from "stripe";

const noop = async () => {};

// Plugin constructors with the dummy options each needs to construct;
// opts are the schema-relevant options of the Go case.
const mk = {
	siwe: () => siwe({ domain: "example.com", getNonce: async () => "nonce", verifyMessage: async () => true }),
	oauthProvider: () => oauthProvider({ loginPage: "/sign-in", consentPage: "/consent" }),
	sso: (opts = {}) => sso(opts),
	stripe: (opts = {}) => stripe({
		stripeClient: new Stripe("sk_test_dummy"),
		stripeWebhookSecret: "whsec_dummy",
		...opts,
	}),
	scim: (opts = {}) => scim({ connections: [{ id: "dummy", credentials: [{ id: "key", token: "dummy-token" }] }], ...opts }),
	scimManaged: () => mk.scim({ managedConnections: { credentialHashSecret: "x".repeat(32) } }),
};

// withPlugins mirrors the Go helper: email and password plus the plugins.
const withPlugins = (...plugins) => ({ emailAndPassword: { enabled: true }, plugins });

const cases = {
	twoFactor: () => withPlugins(twoFactor()),
	username: () => withPlugins(username()),
	"username-no-display": () => withPlugins(username({ displayUsername: false })),
	anonymous: () => withPlugins(anonymous()),
	phoneNumber: () => withPlugins(phoneNumber()),
	admin: () => withPlugins(admin()),
	organization: () => withPlugins(organization()),
	"organization-teams-dac": () => withPlugins(organization({ teams: { enabled: true }, dynamicAccessControl: { enabled: true } })),
	jwt: () => withPlugins(jwt()),
	siwe: () => withPlugins(mk.siwe()),
	deviceAuthorization: () => withPlugins(deviceAuthorization()),
	// The Go case has only this plugin; Better Auth checks at runtime that
	// oauthProvider is there too, which getAuthTables does not.
	oauthDeviceAuthorization: () => withPlugins(oauthDeviceAuthorization()),
	"lastLoginMethod-store": () => withPlugins(lastLoginMethod({ storeInDatabase: true })),
	passkey: () => withPlugins(passkey()),
	apiKey: () => withPlugins(apiKey()),
	sso: () => withPlugins(mk.sso()),
	"sso-domain-verification": () => withPlugins(mk.sso({ domainVerification: { enabled: true } })),
	stripe: () => withPlugins(mk.stripe()),
	"stripe-subscription-organization": () => withPlugins(mk.stripe({ subscription: { enabled: true, plans: [] }, organization: { enabled: true } })),
	oauthProvider: () => withPlugins(mk.oauthProvider()),
	scim: () => withPlugins(mk.scim()),
	"scim-managed": () => withPlugins(mk.scimManaged()),
	"organization-schema": () => withPlugins(organization({
		teams: { enabled: true },
		dynamicAccessControl: { enabled: true },
		schema: {
			organization: {
				modelName: "workspaces",
				fields: { createdAt: "created_at" },
				additionalFields: { plan: { type: "string", defaultValue: "free" }, seats: { type: "number", required: false } },
			},
			member: { modelName: "workspace_members", fields: { organizationId: "workspace_id" }, additionalFields: { title: { type: "string", required: false } } },
			invitation: { additionalFields: { message: { type: "string", required: false } } },
			team: { modelName: "squads", additionalFields: { color: { type: "string", required: false } } },
			teamMember: { modelName: "squad_members", fields: { teamId: "squad_id" } },
			organizationRole: { additionalFields: { description: { type: "string", required: false } } },
			session: { fields: { activeOrganizationId: "active_workspace_id" } },
		},
	})),
	"field-order": () => ({
		...withPlugins(twoFactor(), username(), organization({ teams: { enabled: true } }), admin()),
		user: { additionalFields: { locale: { type: "string", required: false } } },
	}),
	// TwoFactorTable plus the generic schema on both of its tables;
	// issuer changes no table.
	"twoFactor-table": () => withPlugins(twoFactor({
		twoFactorTable: "two_factor",
		issuer: "Example",
		schema: {
			twoFactor: { fields: { userId: "user_id", backupCodes: "backup_codes" } },
			user: { fields: { twoFactorEnabled: "two_factor_enabled" } },
		},
	})),
	// One configuration: its rate limit becomes the column defaults
	// (enabled: false changes no default).
	"apiKey-rate-limit": () => withPlugins(apiKey({
		rateLimit: { enabled: false, timeWindow: 60 * 60 * 1000, maxRequests: 100 },
		schema: { apikey: { modelName: "api_keys", fields: { referenceId: "reference_id", rateLimitTimeWindow: "rate_limit_time_window" } } },
	})),
	"apiKey-one-configuration": () => withPlugins(apiKey([
		{ configId: "public", rateLimit: { timeWindow: 60 * 1000, maxRequests: 5 } },
	])),
	// Several configurations keep the defaults; the schema goes in the
	// second argument, as apiKey([...]) takes it.
	"apiKey-configurations": () => withPlugins(apiKey([
		{ configId: "public", rateLimit: { timeWindow: 60 * 1000, maxRequests: 5 } },
		{ configId: "internal", rateLimit: { maxRequests: 1000 } },
	], { schema: { apikey: { fields: { configId: "config_id" } } } })),
	// Top-level modelName and fields, schema.ssoProvider fields (the only
	// way to rename domainVerified) and additional fields.
	"sso-schema": () => withPlugins(mk.sso({
		domainVerification: { enabled: true },
		modelName: "sso_providers",
		fields: { providerId: "provider_id", userId: "user_id" },
		schema: { ssoProvider: {
			fields: { domainVerified: "domain_verified", issuer: "issuer_url" },
			additionalFields: {
				tenant: { type: "string", required: false, fieldName: "tenant_id", index: true },
				priority: { type: "number", defaultValue: 0 },
				kind: { type: ["oidc", "saml"], required: false },
			},
		} },
	})),
	// Renames of the columns plugins add to user and session; the username
	// lengths change no column.
	"user-columns-schema": () => withPlugins(
		username({ minUsernameLength: 5, maxUsernameLength: 20, schema: { user: { fields: { username: "user_name", displayUsername: "display_username" } } } }),
		phoneNumber({ schema: { user: { fields: { phoneNumber: "phone_number", phoneNumberVerified: "phone_number_verified" } } } }),
		admin({ schema: { user: { fields: { role: "user_role", banExpires: "ban_expires" } }, session: { fields: { impersonatedBy: "impersonated_by" } } } }),
		anonymous({ schema: { user: { fields: { isAnonymous: "is_anonymous" } } } }),
		lastLoginMethod({ storeInDatabase: true, schema: { user: { lastLoginMethod: "last_login_method" } } }),
	),
	// Table and column renames of the plugins with one table each.
	"table-plugins-schema": () => withPlugins(
		jwt({ schema: { jwks: { modelName: "json_web_keys", fields: { publicKey: "public_key", privateKey: "private_key" } } } }),
		passkey({ schema: { passkey: { modelName: "passkeys", fields: { userId: "user_id", credentialID: "credential_id" } } } }),
		siwe({ domain: "example.com", getNonce: async () => "nonce", verifyMessage: async () => true,
			schema: { walletAddress: { modelName: "wallet_addresses", fields: { userId: "user_id", chainId: "chain_id" } } } }),
		deviceAuthorization({ schema: { deviceCode: { modelName: "device_codes", fields: { deviceCode: "device_code", userCode: "user_code" } } } }),
	),
	// Renamed targets of references (oauthClient.clientId, session.id by
	// name, oauthRefreshToken) and the grant fields of the device plugin.
	"oauthProvider-schema": () => withPlugins(
		jwt(),
		oauthProvider({ loginPage: "/sign-in", consentPage: "/consent", schema: {
			oauthClient: { modelName: "oauth_clients", fields: { clientId: "client_id" } },
			oauthResource: { fields: { identifier: "resource_identifier" } },
			oauthClientResource: { modelName: "oauth_client_resources" },
			oauthRefreshToken: { modelName: "oauth_refresh_tokens" },
			oauthAccessToken: { fields: { refreshId: "refresh_id", sessionId: "session_id" } },
		} }),
		oauthDeviceAuthorization({ schema: { deviceCode: { modelName: "oauth_device_codes", fields: { oauthClientId: "oauth_client_id", resources: "resource_list" } } } }),
	),
	// Stripe's tables and columns renamed, its organization column on an
	// organization table the organization plugin renamed too.
	"stripe-schema": () => withPlugins(
		organization({ schema: { organization: { modelName: "workspaces" } } }),
		mk.stripe({
			subscription: { enabled: true, plans: [] },
			organization: { enabled: true },
			schema: {
				subscription: { modelName: "subscriptions", fields: { referenceId: "reference_id", stripeSubscriptionId: "stripe_subscription_id" } },
				user: { fields: { stripeCustomerId: "stripe_customer_id" } },
				organization: { modelName: "workspaces", fields: { stripeCustomerId: "stripe_customer" } },
			},
		}),
	),
	everything: () => withPlugins(
		twoFactor(), username(), anonymous(), phoneNumber(), admin(),
		organization({ teams: { enabled: true }, dynamicAccessControl: { enabled: true } }),
		jwt(), mk.siwe(), lastLoginMethod({ storeInDatabase: true }),
		passkey(), apiKey(), mk.sso({ domainVerification: { enabled: true } }),
		mk.stripe({ subscription: { enabled: true, plans: [] }, organization: { enabled: true } }),
		mk.oauthProvider(), oauthDeviceAuthorization(),
		mk.scimManaged(),
		bearer(), magicLink({ sendMagicLink: noop }), emailOTP({ sendVerificationOTP: noop }), multiSession(), oneTap(),
		customSession(async (s) => s), genericOAuth({ config: [] }), openAPI(),
		captcha({ provider: "cloudflare-turnstile", secretKey: "dummy" }), oneTimeToken(),
		haveIBeenPwned(), oAuthProxy(),
	),
};

// describe turns one getAuthTables field into plain JSON, with Better
// Auth's defaults made explicit (required unless false, onDelete cascade)
// so that the Go side compares values, not spellings.
function describe(name, f) {
	const out = {
		name,
		column: f.fieldName || name,
		type: Array.isArray(f.type) ? "enum" : f.type,
		required: f.required !== false,
		unique: !!f.unique,
		index: !!f.index,
		sortable: !!f.sortable,
		bigint: !!f.bigint,
		onUpdate: typeof f.onUpdate === "function",
	};
	if (Array.isArray(f.type)) out.enum = f.type;
	if (f.references) {
		out.references = { model: f.references.model, field: f.references.field, onDelete: f.references.onDelete || "cascade" };
	}
	if (f.defaultValue !== undefined) {
		// A function default is called: new Date() (and Date.now() on a
		// number column) is "now"; anything else is reported by value.
		const v = typeof f.defaultValue === "function" ? f.defaultValue() : f.defaultValue;
		out.default = v instanceof Date || (typeof f.defaultValue === "function" && f.type === "number" && typeof v === "number")
			? { now: true }
			: { value: v, fn: typeof f.defaultValue === "function" };
	}
	if (f.input !== undefined) out.input = f.input;
	if (f.returned !== undefined) out.returned = f.returned;
	return out;
}

function tables(options) {
	// The CLI calls getAuthTables(auth.options), and betterAuth(options)
	// keeps options as given (its init runs later, asynchronously), so the
	// options go in directly: no init, hence no runtime checks such as
	// oauthDeviceAuthorization's need for oauthProvider.
	return Object.entries(getAuthTables(options)).map(([key, t]) => ({
		key,
		modelName: t.modelName,
		order: t.order ?? 0,
		disableMigrations: !!t.disableMigrations,
		indexes: (t.indexes ?? []).map((ix) => ({ fields: ix.fields, unique: !!ix.unique, name: ix.name ?? "" })),
		fields: Object.entries(t.fields).map(([name, f]) => describe(name, f)),
	}));
}

// isolated are the cases that pass a `schema` option to a plugin whose
// mergeSchema target is module-level (twoFactor, phoneNumber, admin,
// anonymous, jwt, passkey, siwe, deviceAuthorization, stripe). apiKey
// (apiKeySchema), username (getSchema) and oauthProvider
// (structuredClone) merge into a fresh object per call, and sso,
// organization and lastLoginMethod build theirs without mergeSchema.
// Each group runs in one worker; no two cases of a group may share a
// plugin (checked by plugin id, so deviceAuthorization and
// oauthDeviceAuthorization count as one).
const isolated = [
	["twoFactor-table", "user-columns-schema", "table-plugins-schema"],
	["oauthProvider-schema", "stripe-schema"],
];
const isolatedNames = new Set(isolated.flat());

// runGroup builds the tables of the cases of one isolated group, in a
// worker.
function runGroup(group) {
	const owner = new Map();
	const out = {};
	for (const n of group) {
		const options = cases[n]();
		for (const p of options.plugins) {
			if (owner.has(p.id)) throw new Error(`tables.mjs: isolated cases ${owner.get(p.id)} and ${n} share plugin ${p.id}, whose schema option changes module state; put them in different groups`);
		}
		for (const p of options.plugins) owner.set(p.id, n);
		out[n] = tables(options);
	}
	return out;
}

// inWorker runs a group in a worker thread and resolves to its tables.
const inWorker = (group) => new Promise((resolve, reject) => {
	const w = new Worker(new URL(import.meta.url), { workerData: group });
	w.once("message", resolve);
	w.once("error", reject);
	w.once("exit", (code) => reject(new Error(`cases ${group.join(", ")}: worker exited with ${code}`)));
});

async function main() {
	const names = process.argv.slice(2);
	for (const n of names) {
		if (!cases[n]) {
			console.error(`tables.mjs: unknown case ${JSON.stringify(n)} (known: ${Object.keys(cases).join(", ")})`);
			process.exit(2);
		}
	}
	const todo = names.length ? names : Object.keys(cases);
	const out = {};
	for (const n of todo) if (!isolatedNames.has(n)) out[n] = tables(cases[n]());
	const groups = isolated.map((g) => g.filter((n) => todo.includes(n))).filter((g) => g.length > 0);
	for (const part of await Promise.all(groups.map(inWorker))) Object.assign(out, part);
	process.stdout.write(JSON.stringify(out, null, 1) + "\n");
}

if (isMainThread) {
	await main();
} else {
	parentPort.postMessage(runGroup(workerData));
}

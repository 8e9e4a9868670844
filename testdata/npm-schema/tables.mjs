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

const names = process.argv.slice(2);
for (const n of names) {
	if (!cases[n]) {
		console.error(`tables.mjs: unknown case ${JSON.stringify(n)} (known: ${Object.keys(cases).join(", ")})`);
		process.exit(2);
	}
}
const out = {};
for (const n of names.length ? names : Object.keys(cases)) out[n] = tables(cases[n]());
process.stdout.write(JSON.stringify(out, null, 1) + "\n");

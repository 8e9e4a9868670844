import { defineRelations } from "drizzle-orm";
import {
  pgTable,
  text,
  bigint,
  timestamp,
  boolean,
  integer,
  jsonb,
  index,
  uniqueIndex,
} from "drizzle-orm/pg-core";

export const user = pgTable("user", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  emailVerified: boolean("email_verified").default(false).notNull(),
  image: text("image"),
  createdAt: timestamp("created_at").defaultNow().notNull(),
  updatedAt: timestamp("updated_at")
    .defaultNow()
    .$onUpdate(() => /* @__PURE__ */ new Date())
    .notNull(),
  twoFactorEnabled: boolean("two_factor_enabled").default(false),
  plan: text("plan").default("free").notNull(),
  inviteCode: text("invite_code").unique(),
});

export const session = pgTable(
  "session",
  {
    id: text("id").primaryKey(),
    expiresAt: timestamp("expires_at").notNull(),
    token: text("token").notNull().unique(),
    createdAt: timestamp("created_at").defaultNow().notNull(),
    updatedAt: timestamp("updated_at")
      .$onUpdate(() => /* @__PURE__ */ new Date())
      .notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
  },
  (table) => [index("session_userId_idx").on(table.userId)],
);

export const account = pgTable(
  "account",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at"),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at"),
    scope: text("scope"),
    password: text("password"),
    createdAt: timestamp("created_at").defaultNow().notNull(),
    updatedAt: timestamp("updated_at")
      .$onUpdate(() => /* @__PURE__ */ new Date())
      .notNull(),
  },
  (table) => [index("account_userId_idx").on(table.userId)],
);

export const verification = pgTable(
  "verification",
  {
    id: text("id").primaryKey(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: timestamp("expires_at").notNull(),
    createdAt: timestamp("created_at").defaultNow().notNull(),
    updatedAt: timestamp("updated_at")
      .defaultNow()
      .$onUpdate(() => /* @__PURE__ */ new Date())
      .notNull(),
  },
  (table) => [index("verification_identifier_idx").on(table.identifier)],
);

export const twoFactor = pgTable(
  "two_factor",
  {
    id: text("id").primaryKey(),
    secret: text("secret").notNull(),
    backupCodes: text("backup_codes").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    verified: boolean("verified").default(true),
    failedVerificationCount: integer("failed_verification_count").default(0),
    lockedUntil: timestamp("locked_until"),
  },
  (table) => [
    index("twoFactor_secret_idx").on(table.secret),
    index("twoFactor_userId_idx").on(table.userId),
  ],
);

export const apiClient = pgTable(
  "api_client",
  {
    id: text("id").primaryKey(),
    tenantSlug: text("tenant_slug").notNull(),
    externalReferenceCode: text("external_reference_code").notNull(),
    label: text("label").default("back\\slash 'q'"),
    tier: text("tier", { enum: ["free", "pro"] })
      .default("free")
      .notNull(),
    ownerId: text("owner_id").references(() => user.id, {
      onDelete: "set null",
    }),
    quota: bigint("quota", { mode: "number" }).default(1000).notNull(),
    ratio: integer("ratio").default(2).notNull(),
    active: boolean("active").default(true).notNull(),
    scopes: text("scopes").array(),
    meta: jsonb("meta"),
    createdAt: timestamp("created_at").defaultNow().notNull(),
  },
  (table) => [
    uniqueIndex("apiClient_tenantSlug_externalReferenceCode_uidx").on(
      table.tenantSlug,
      table.externalReferenceCode,
    ),
    index("apiClient_tier_lookup").on(table.tier),
  ],
);

export const organizationInvitationRequest = pgTable(
  "organization_invitation_request",
  {
    id: text("id").primaryKey(),
    inviterEmailAddressForNotifications: text(
      "inviter_email_address_for_notifications",
    ).notNull(),
    tenantSlug: text("tenant_slug").notNull(),
    externalReferenceCode: text("external_reference_code").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
  },
  (table) => [
    uniqueIndex(
      "organizationInvitationRequest_tenantSlug_external_d7a67329_uidx",
    ).on(table.tenantSlug, table.externalReferenceCode),
    index("organizationInvitationRequest_inviterEmailAddressF_aff042e9_idx").on(
      table.inviterEmailAddressForNotifications,
    ),
    index("organizationInvitationRequest_userId_idx").on(table.userId),
  ],
);

export const rateLimit = pgTable("rate_limit", {
  id: text("id").primaryKey(),
  key: text("key").notNull().unique(),
  count: integer("count").notNull(),
  lastRequest: bigint("last_request", { mode: "number" }).notNull(),
});

export const authRelations = defineRelations(
  {
    user,
    session,
    account,
    verification,
    twoFactor,
    apiClient,
    organizationInvitationRequest,
    rateLimit,
  },
  (r) => ({
    user: {
      sessions: r.many.session({
        from: r.user.id,
        to: r.session.userId,
      }),
      accounts: r.many.account({
        from: r.user.id,
        to: r.account.userId,
      }),
      twoFactors: r.many.twoFactor({
        from: r.user.id,
        to: r.twoFactor.userId,
      }),
      apiClients: r.many.apiClient({
        from: r.user.id,
        to: r.apiClient.ownerId,
      }),
      organizationInvitationRequests: r.many.organizationInvitationRequest({
        from: r.user.id,
        to: r.organizationInvitationRequest.userId,
      }),
    },
    session: {
      user: r.one.user({
        from: r.session.userId,
        to: r.user.id,
      }),
    },
    account: {
      user: r.one.user({
        from: r.account.userId,
        to: r.user.id,
      }),
    },
    twoFactor: {
      user: r.one.user({
        from: r.twoFactor.userId,
        to: r.user.id,
      }),
    },
    apiClient: {
      user: r.one.user({
        from: r.apiClient.ownerId,
        to: r.user.id,
      }),
    },
    organizationInvitationRequest: {
      user: r.one.user({
        from: r.organizationInvitationRequest.userId,
        to: r.user.id,
      }),
    },
  }),
);

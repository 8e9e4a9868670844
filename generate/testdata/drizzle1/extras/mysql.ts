import { defineRelations } from "drizzle-orm";
import {
  mysqlTable,
  varchar,
  text,
  bigint,
  timestamp,
  boolean,
  int,
  mysqlEnum,
  json,
  index,
  uniqueIndex,
} from "drizzle-orm/mysql-core";

export const user = mysqlTable("user", {
  id: varchar("id", { length: 36 }).primaryKey(),
  name: varchar("name", { length: 255 }).notNull(),
  email: varchar("email", { length: 255 }).notNull().unique(),
  emailVerified: boolean("email_verified").default(false).notNull(),
  image: text("image"),
  createdAt: timestamp("created_at", { fsp: 3 }).defaultNow().notNull(),
  updatedAt: timestamp("updated_at", { fsp: 3 })
    .defaultNow()
    .$onUpdate(() => /* @__PURE__ */ new Date())
    .notNull(),
  twoFactorEnabled: boolean("two_factor_enabled").default(false),
  plan: text("plan").default("free").notNull(),
  inviteCode: varchar("invite_code", { length: 255 }).unique(),
});

export const session = mysqlTable(
  "session",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    expiresAt: timestamp("expires_at", { fsp: 3 }).notNull(),
    token: varchar("token", { length: 255 }).notNull().unique(),
    createdAt: timestamp("created_at", { fsp: 3 }).defaultNow().notNull(),
    updatedAt: timestamp("updated_at", { fsp: 3 })
      .$onUpdate(() => /* @__PURE__ */ new Date())
      .notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    userId: varchar("user_id", { length: 36 })
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
  },
  (table) => [index("session_userId_idx").on(table.userId)],
);

export const account = mysqlTable(
  "account",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: varchar("user_id", { length: 36 })
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { fsp: 3 }),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at", { fsp: 3 }),
    scope: text("scope"),
    password: text("password"),
    createdAt: timestamp("created_at", { fsp: 3 }).defaultNow().notNull(),
    updatedAt: timestamp("updated_at", { fsp: 3 })
      .$onUpdate(() => /* @__PURE__ */ new Date())
      .notNull(),
  },
  (table) => [index("account_userId_idx").on(table.userId)],
);

export const verification = mysqlTable(
  "verification",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    identifier: varchar("identifier", { length: 255 }).notNull(),
    value: text("value").notNull(),
    expiresAt: timestamp("expires_at", { fsp: 3 }).notNull(),
    createdAt: timestamp("created_at", { fsp: 3 }).defaultNow().notNull(),
    updatedAt: timestamp("updated_at", { fsp: 3 })
      .defaultNow()
      .$onUpdate(() => /* @__PURE__ */ new Date())
      .notNull(),
  },
  (table) => [index("verification_identifier_idx").on(table.identifier)],
);

export const twoFactor = mysqlTable(
  "two_factor",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    secret: varchar("secret", { length: 255 }).notNull(),
    backupCodes: text("backup_codes").notNull(),
    userId: varchar("user_id", { length: 36 })
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    verified: boolean("verified").default(true),
    failedVerificationCount: int("failed_verification_count").default(0),
    lockedUntil: timestamp("locked_until", { fsp: 3 }),
  },
  (table) => [
    index("twoFactor_secret_idx").on(table.secret),
    index("twoFactor_userId_idx").on(table.userId),
  ],
);

export const apiClient = mysqlTable(
  "api_client",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    tenantSlug: varchar("tenant_slug", { length: 191 }).notNull(),
    externalReferenceCode: varchar("external_reference_code", {
      length: 191,
    }).notNull(),
    label: text("label").default("back\\slash 'q'"),
    tier: mysqlEnum("tier", ["free", "pro"]).default("free").notNull(),
    ownerId: varchar("owner_id", { length: 36 }).references(() => user.id, {
      onDelete: "set null",
    }),
    quota: bigint("quota", { mode: "number" }).default(1000).notNull(),
    ratio: int("ratio").default(2).notNull(),
    active: boolean("active").default(true).notNull(),
    scopes: json("scopes"),
    meta: json("meta"),
    createdAt: timestamp("created_at", { fsp: 3 }).defaultNow().notNull(),
  },
  (table) => [
    uniqueIndex("apiClient_tenantSlug_externalReferenceCode_uidx").on(
      table.tenantSlug,
      table.externalReferenceCode,
    ),
    index("apiClient_tier_lookup").on(table.tier),
  ],
);

export const organizationInvitationRequest = mysqlTable(
  "organization_invitation_request",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    inviterEmailAddressForNotifications: varchar(
      "inviter_email_address_for_notifications",
      { length: 255 },
    ).notNull(),
    tenantSlug: varchar("tenant_slug", { length: 191 }).notNull(),
    externalReferenceCode: varchar("external_reference_code", {
      length: 191,
    }).notNull(),
    userId: varchar("user_id", { length: 36 })
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

export const rateLimit = mysqlTable("rate_limit", {
  id: varchar("id", { length: 36 }).primaryKey(),
  key: varchar("key", { length: 255 }).notNull().unique(),
  count: int("count").notNull(),
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

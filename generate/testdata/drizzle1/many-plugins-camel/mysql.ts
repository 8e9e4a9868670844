import { defineRelations } from "drizzle-orm";
import {
  mysqlTable,
  varchar,
  text,
  timestamp,
  boolean,
  int,
  json,
  index,
  uniqueIndex,
} from "drizzle-orm/mysql-core";

export const user = mysqlTable("user", {
  id: varchar("id", { length: 36 }).primaryKey(),
  name: varchar("name", { length: 255 }).notNull(),
  email: varchar("email", { length: 255 }).notNull().unique(),
  emailVerified: boolean("emailVerified").default(false).notNull(),
  image: text("image"),
  createdAt: timestamp("createdAt", { fsp: 3 }).defaultNow().notNull(),
  updatedAt: timestamp("updatedAt", { fsp: 3 })
    .defaultNow()
    .$onUpdate(() => /* @__PURE__ */ new Date())
    .notNull(),
  twoFactorEnabled: boolean("twoFactorEnabled").default(false),
  username: varchar("username", { length: 255 }).unique(),
  displayUsername: text("displayUsername"),
  role: text("role"),
  banned: boolean("banned").default(false),
  banReason: text("banReason"),
  banExpires: timestamp("banExpires", { fsp: 3 }),
  isAnonymous: boolean("isAnonymous").default(false),
  phoneNumber: varchar("phoneNumber", { length: 255 }).unique(),
  phoneNumberVerified: boolean("phoneNumberVerified"),
});

export const session = mysqlTable(
  "session",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    expiresAt: timestamp("expiresAt", { fsp: 3 }).notNull(),
    token: varchar("token", { length: 255 }).notNull().unique(),
    createdAt: timestamp("createdAt", { fsp: 3 }).defaultNow().notNull(),
    updatedAt: timestamp("updatedAt", { fsp: 3 })
      .$onUpdate(() => /* @__PURE__ */ new Date())
      .notNull(),
    ipAddress: text("ipAddress"),
    userAgent: text("userAgent"),
    userId: varchar("userId", { length: 36 })
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    impersonatedBy: text("impersonatedBy"),
    activeOrganizationId: text("activeOrganizationId"),
    activeTeamId: text("activeTeamId"),
  },
  (table) => [index("session_userId_idx").on(table.userId)],
);

export const account = mysqlTable(
  "account",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    accountId: text("accountId").notNull(),
    providerId: text("providerId").notNull(),
    userId: varchar("userId", { length: 36 })
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    accessToken: text("accessToken"),
    refreshToken: text("refreshToken"),
    idToken: text("idToken"),
    accessTokenExpiresAt: timestamp("accessTokenExpiresAt", { fsp: 3 }),
    refreshTokenExpiresAt: timestamp("refreshTokenExpiresAt", { fsp: 3 }),
    scope: text("scope"),
    password: text("password"),
    createdAt: timestamp("createdAt", { fsp: 3 }).defaultNow().notNull(),
    updatedAt: timestamp("updatedAt", { fsp: 3 })
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
    expiresAt: timestamp("expiresAt", { fsp: 3 }).notNull(),
    createdAt: timestamp("createdAt", { fsp: 3 }).defaultNow().notNull(),
    updatedAt: timestamp("updatedAt", { fsp: 3 })
      .defaultNow()
      .$onUpdate(() => /* @__PURE__ */ new Date())
      .notNull(),
  },
  (table) => [index("verification_identifier_idx").on(table.identifier)],
);

export const twoFactor = mysqlTable(
  "twoFactor",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    secret: varchar("secret", { length: 255 }).notNull(),
    backupCodes: text("backupCodes").notNull(),
    userId: varchar("userId", { length: 36 })
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    verified: boolean("verified").default(true),
    failedVerificationCount: int("failedVerificationCount").default(0),
    lockedUntil: timestamp("lockedUntil", { fsp: 3 }),
  },
  (table) => [
    index("twoFactor_secret_idx").on(table.secret),
    index("twoFactor_userId_idx").on(table.userId),
  ],
);

export const organization = mysqlTable("organization", {
  id: varchar("id", { length: 36 }).primaryKey(),
  name: varchar("name", { length: 255 }).notNull(),
  slug: varchar("slug", { length: 255 }).notNull().unique(),
  logo: text("logo"),
  createdAt: timestamp("createdAt", { fsp: 3 }).notNull(),
  metadata: text("metadata"),
});

export const organizationRole = mysqlTable(
  "organizationRole",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    organizationId: varchar("organizationId", { length: 36 })
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    role: varchar("role", { length: 255 }).notNull(),
    permission: text("permission").notNull(),
    createdAt: timestamp("createdAt", { fsp: 3 }).defaultNow().notNull(),
    updatedAt: timestamp("updatedAt", { fsp: 3 }).$onUpdate(
      () => /* @__PURE__ */ new Date(),
    ),
  },
  (table) => [
    index("organizationRole_organizationId_idx").on(table.organizationId),
    index("organizationRole_role_idx").on(table.role),
  ],
);

export const team = mysqlTable(
  "team",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    name: text("name").notNull(),
    memberCount: int("memberCount").default(0).notNull(),
    organizationId: varchar("organizationId", { length: 36 })
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    createdAt: timestamp("createdAt", { fsp: 3 }).notNull(),
    updatedAt: timestamp("updatedAt", { fsp: 3 }).$onUpdate(
      () => /* @__PURE__ */ new Date(),
    ),
  },
  (table) => [index("team_organizationId_idx").on(table.organizationId)],
);

export const teamMember = mysqlTable(
  "teamMember",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    teamId: varchar("teamId", { length: 36 })
      .notNull()
      .references(() => team.id, { onDelete: "cascade" }),
    userId: varchar("userId", { length: 36 })
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    membershipKey: varchar("membershipKey", { length: 255 }).unique(),
    createdAt: timestamp("createdAt", { fsp: 3 }),
  },
  (table) => [
    index("teamMember_teamId_idx").on(table.teamId),
    index("teamMember_userId_idx").on(table.userId),
  ],
);

export const member = mysqlTable(
  "member",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    organizationId: varchar("organizationId", { length: 36 })
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    userId: varchar("userId", { length: 36 })
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    role: varchar("role", { length: 255 }).default("member").notNull(),
    createdAt: timestamp("createdAt", { fsp: 3 }).notNull(),
  },
  (table) => [
    index("member_organizationId_idx").on(table.organizationId),
    index("member_userId_idx").on(table.userId),
  ],
);

export const invitation = mysqlTable(
  "invitation",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    organizationId: varchar("organizationId", { length: 36 })
      .notNull()
      .references(() => organization.id, { onDelete: "cascade" }),
    email: varchar("email", { length: 255 }).notNull(),
    role: varchar("role", { length: 255 }),
    teamId: varchar("teamId", { length: 255 }),
    status: varchar("status", { length: 255 }).default("pending").notNull(),
    expiresAt: timestamp("expiresAt", { fsp: 3 }).notNull(),
    createdAt: timestamp("createdAt", { fsp: 3 }).defaultNow().notNull(),
    inviterId: varchar("inviterId", { length: 36 })
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
  },
  (table) => [
    index("invitation_organizationId_idx").on(table.organizationId),
    index("invitation_email_idx").on(table.email),
  ],
);

export const apikey = mysqlTable(
  "apikey",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    configId: varchar("configId", { length: 255 }).default("default").notNull(),
    name: text("name"),
    start: text("start"),
    referenceId: varchar("referenceId", { length: 255 }).notNull(),
    prefix: text("prefix"),
    key: varchar("key", { length: 255 }).notNull(),
    refillInterval: int("refillInterval"),
    refillAmount: int("refillAmount"),
    lastRefillAt: timestamp("lastRefillAt", { fsp: 3 }),
    enabled: boolean("enabled").default(true),
    rateLimitEnabled: boolean("rateLimitEnabled").default(true),
    rateLimitTimeWindow: int("rateLimitTimeWindow").default(86400000),
    rateLimitMax: int("rateLimitMax").default(10),
    requestCount: int("requestCount").default(0),
    remaining: int("remaining"),
    lastRequest: timestamp("lastRequest", { fsp: 3 }),
    expiresAt: timestamp("expiresAt", { fsp: 3 }),
    createdAt: timestamp("createdAt", { fsp: 3 }).notNull(),
    updatedAt: timestamp("updatedAt", { fsp: 3 }).notNull(),
    permissions: text("permissions"),
    metadata: text("metadata"),
  },
  (table) => [
    index("apikey_configId_idx").on(table.configId),
    index("apikey_referenceId_idx").on(table.referenceId),
    index("apikey_key_idx").on(table.key),
  ],
);

export const passkey = mysqlTable(
  "passkey",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    name: text("name"),
    publicKey: text("publicKey").notNull(),
    userId: varchar("userId", { length: 36 })
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    credentialID: varchar("credentialID", { length: 255 }).notNull(),
    counter: int("counter").notNull(),
    deviceType: text("deviceType").notNull(),
    backedUp: boolean("backedUp").notNull(),
    transports: text("transports"),
    createdAt: timestamp("createdAt", { fsp: 3 }),
    aaguid: text("aaguid"),
  },
  (table) => [
    index("passkey_userId_idx").on(table.userId),
    index("passkey_credentialID_idx").on(table.credentialID),
  ],
);

export const jwks = mysqlTable("jwks", {
  id: varchar("id", { length: 36 }).primaryKey(),
  publicKey: text("publicKey").notNull(),
  privateKey: text("privateKey").notNull(),
  createdAt: timestamp("createdAt", { fsp: 3 }).notNull(),
  expiresAt: timestamp("expiresAt", { fsp: 3 }),
  alg: text("alg"),
  crv: text("crv"),
});

export const oauthClient = mysqlTable(
  "oauthClient",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    clientId: varchar("clientId", { length: 255 }).notNull().unique(),
    clientSecret: text("clientSecret"),
    clientDiscoveryId: text("clientDiscoveryId"),
    disabled: boolean("disabled").default(false),
    skipConsent: boolean("skipConsent"),
    enableEndSession: boolean("enableEndSession"),
    subjectType: text("subjectType"),
    scopes: json("scopes"),
    clientCredentialsScopes: json("clientCredentialsScopes"),
    userId: varchar("userId", { length: 36 }).references(() => user.id, {
      onDelete: "cascade",
    }),
    createdAt: timestamp("createdAt", { fsp: 3 }),
    updatedAt: timestamp("updatedAt", { fsp: 3 }),
    name: text("name"),
    uri: text("uri"),
    icon: text("icon"),
    contacts: json("contacts"),
    tos: text("tos"),
    policy: text("policy"),
    softwareId: text("softwareId"),
    softwareVersion: text("softwareVersion"),
    softwareStatement: text("softwareStatement"),
    redirectUris: json("redirectUris").notNull(),
    postLogoutRedirectUris: json("postLogoutRedirectUris"),
    backchannelLogoutUri: text("backchannelLogoutUri"),
    backchannelLogoutSessionRequired: boolean(
      "backchannelLogoutSessionRequired",
    ),
    tokenEndpointAuthMethod: text("tokenEndpointAuthMethod"),
    applicationType: text("applicationType"),
    jwks: text("jwks"),
    jwksUri: text("jwksUri"),
    grantTypes: json("grantTypes"),
    responseTypes: json("responseTypes"),
    requirePKCE: boolean("requirePKCE"),
    dpopBoundAccessTokens: boolean("dpopBoundAccessTokens").default(false),
    referenceId: text("referenceId"),
    metadata: json("metadata"),
  },
  (table) => [index("oauthClient_userId_idx").on(table.userId)],
);

export const oauthResource = mysqlTable("oauthResource", {
  id: varchar("id", { length: 36 }).primaryKey(),
  identifier: varchar("identifier", { length: 255 }).notNull().unique(),
  name: text("name").notNull(),
  accessTokenTtl: int("accessTokenTtl"),
  refreshTokenTtl: int("refreshTokenTtl"),
  signingAlgorithm: text("signingAlgorithm"),
  signingKeyId: text("signingKeyId"),
  allowedScopes: json("allowedScopes"),
  customClaims: json("customClaims"),
  dpopBoundAccessTokensRequired: boolean(
    "dpopBoundAccessTokensRequired",
  ).default(false),
  disabled: boolean("disabled").default(false),
  createdAt: timestamp("createdAt", { fsp: 3 }),
  updatedAt: timestamp("updatedAt", { fsp: 3 }),
  policyVersion: int("policyVersion").default(1),
  metadata: json("metadata"),
});

export const oauthClientResource = mysqlTable(
  "oauthClientResource",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    clientId: varchar("clientId", { length: 191 })
      .notNull()
      .references(() => oauthClient.clientId, { onDelete: "cascade" }),
    resourceId: varchar("resourceId", { length: 191 })
      .notNull()
      .references(() => oauthResource.identifier, { onDelete: "cascade" }),
    metadata: json("metadata"),
    createdAt: timestamp("createdAt", { fsp: 3 }),
  },
  (table) => [
    uniqueIndex("oauthClientResource_clientId_resourceId_uidx").on(
      table.clientId,
      table.resourceId,
    ),
    index("oauthClientResource_clientId_idx").on(table.clientId),
    index("oauthClientResource_resourceId_idx").on(table.resourceId),
  ],
);

export const oauthRefreshToken = mysqlTable(
  "oauthRefreshToken",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    token: varchar("token", { length: 255 }).notNull().unique(),
    clientId: varchar("clientId", { length: 255 })
      .notNull()
      .references(() => oauthClient.clientId, { onDelete: "cascade" }),
    sessionId: varchar("sessionId", { length: 36 }).references(
      () => session.id,
      { onDelete: "set null" },
    ),
    userId: varchar("userId", { length: 36 })
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    referenceId: text("referenceId"),
    authorizationCodeId: varchar("authorizationCodeId", { length: 255 }),
    resources: json("resources"),
    requestedUserInfoClaims: json("requestedUserInfoClaims"),
    expiresAt: timestamp("expiresAt", { fsp: 3 }).notNull(),
    createdAt: timestamp("createdAt", { fsp: 3 }).notNull(),
    revoked: timestamp("revoked", { fsp: 3 }),
    rotatedAt: timestamp("rotatedAt", { fsp: 3 }),
    rotationReplayResponse: text("rotationReplayResponse"),
    rotationReplayExpiresAt: timestamp("rotationReplayExpiresAt", { fsp: 3 }),
    authTime: timestamp("authTime", { fsp: 3 }),
    confirmation: json("confirmation"),
    scopes: json("scopes").notNull(),
  },
  (table) => [
    index("oauthRefreshToken_clientId_idx").on(table.clientId),
    index("oauthRefreshToken_sessionId_idx").on(table.sessionId),
    index("oauthRefreshToken_userId_idx").on(table.userId),
    index("oauthRefreshToken_authorizationCodeId_idx").on(
      table.authorizationCodeId,
    ),
  ],
);

export const oauthAccessToken = mysqlTable(
  "oauthAccessToken",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    token: varchar("token", { length: 255 }).notNull().unique(),
    clientId: varchar("clientId", { length: 255 })
      .notNull()
      .references(() => oauthClient.clientId, { onDelete: "cascade" }),
    sessionId: varchar("sessionId", { length: 36 }).references(
      () => session.id,
      { onDelete: "set null" },
    ),
    userId: varchar("userId", { length: 36 }).references(() => user.id, {
      onDelete: "cascade",
    }),
    referenceId: text("referenceId"),
    authorizationCodeId: varchar("authorizationCodeId", { length: 255 }),
    resources: json("resources"),
    requestedUserInfoClaims: json("requestedUserInfoClaims"),
    refreshId: varchar("refreshId", { length: 36 }).references(
      () => oauthRefreshToken.id,
      { onDelete: "cascade" },
    ),
    expiresAt: timestamp("expiresAt", { fsp: 3 }).notNull(),
    createdAt: timestamp("createdAt", { fsp: 3 }).notNull(),
    revoked: timestamp("revoked", { fsp: 3 }),
    confirmation: json("confirmation"),
    scopes: json("scopes").notNull(),
  },
  (table) => [
    index("oauthAccessToken_clientId_idx").on(table.clientId),
    index("oauthAccessToken_sessionId_idx").on(table.sessionId),
    index("oauthAccessToken_userId_idx").on(table.userId),
    index("oauthAccessToken_authorizationCodeId_idx").on(
      table.authorizationCodeId,
    ),
    index("oauthAccessToken_refreshId_idx").on(table.refreshId),
  ],
);

export const oauthConsent = mysqlTable(
  "oauthConsent",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    clientId: varchar("clientId", { length: 255 })
      .notNull()
      .references(() => oauthClient.clientId, { onDelete: "cascade" }),
    userId: varchar("userId", { length: 36 }).references(() => user.id, {
      onDelete: "cascade",
    }),
    referenceId: text("referenceId"),
    resources: json("resources"),
    requestedUserInfoClaims: json("requestedUserInfoClaims"),
    scopes: json("scopes").notNull(),
    createdAt: timestamp("createdAt", { fsp: 3 }).notNull(),
    updatedAt: timestamp("updatedAt", { fsp: 3 }).notNull(),
  },
  (table) => [
    index("oauthConsent_clientId_idx").on(table.clientId),
    index("oauthConsent_userId_idx").on(table.userId),
  ],
);

export const oauthClientAssertion = mysqlTable("oauthClientAssertion", {
  id: varchar("id", { length: 36 }).primaryKey(),
  expiresAt: timestamp("expiresAt", { fsp: 3 }).notNull(),
});

export const ssoProvider = mysqlTable("ssoProvider", {
  id: varchar("id", { length: 36 }).primaryKey(),
  issuer: text("issuer").notNull(),
  oidcConfig: text("oidcConfig"),
  samlConfig: text("samlConfig"),
  userId: varchar("userId", { length: 36 })
    .notNull()
    .references(() => user.id, { onDelete: "cascade" }),
  providerId: varchar("providerId", { length: 255 }).notNull().unique(),
  organizationId: text("organizationId"),
  domain: text("domain").notNull(),
});

export const deviceCode = mysqlTable(
  "deviceCode",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    deviceCode: varchar("deviceCode", { length: 191 }).notNull(),
    userCode: varchar("userCode", { length: 191 }).notNull(),
    userId: text("userId"),
    expiresAt: timestamp("expiresAt", { fsp: 3 }).notNull(),
    status: text("status").notNull(),
    lastPolledAt: timestamp("lastPolledAt", { fsp: 3 }),
    pollingInterval: int("pollingInterval"),
    clientId: text("clientId"),
    scope: text("scope"),
  },
  (table) => [
    uniqueIndex("deviceCode_deviceCode_uidx").on(table.deviceCode),
    uniqueIndex("deviceCode_userCode_uidx").on(table.userCode),
  ],
);

export const walletAddress = mysqlTable(
  "walletAddress",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    userId: varchar("userId", { length: 36 })
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    address: text("address").notNull(),
    chainId: int("chainId").notNull(),
    isPrimary: boolean("isPrimary").default(false).notNull(),
    createdAt: timestamp("createdAt", { fsp: 3 }).notNull(),
  },
  (table) => [index("walletAddress_userId_idx").on(table.userId)],
);

export const authRelations = defineRelations(
  {
    user,
    session,
    account,
    verification,
    twoFactor,
    organization,
    organizationRole,
    team,
    teamMember,
    member,
    invitation,
    apikey,
    passkey,
    jwks,
    oauthClient,
    oauthResource,
    oauthClientResource,
    oauthRefreshToken,
    oauthAccessToken,
    oauthConsent,
    oauthClientAssertion,
    ssoProvider,
    deviceCode,
    walletAddress,
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
      teamMembers: r.many.teamMember({
        from: r.user.id,
        to: r.teamMember.userId,
      }),
      members: r.many.member({
        from: r.user.id,
        to: r.member.userId,
      }),
      invitations: r.many.invitation({
        from: r.user.id,
        to: r.invitation.inviterId,
      }),
      passkeys: r.many.passkey({
        from: r.user.id,
        to: r.passkey.userId,
      }),
      oauthClients: r.many.oauthClient({
        from: r.user.id,
        to: r.oauthClient.userId,
      }),
      oauthRefreshTokens: r.many.oauthRefreshToken({
        from: r.user.id,
        to: r.oauthRefreshToken.userId,
      }),
      oauthAccessTokens: r.many.oauthAccessToken({
        from: r.user.id,
        to: r.oauthAccessToken.userId,
      }),
      oauthConsents: r.many.oauthConsent({
        from: r.user.id,
        to: r.oauthConsent.userId,
      }),
      ssoProviders: r.many.ssoProvider({
        from: r.user.id,
        to: r.ssoProvider.userId,
      }),
      walletAddresss: r.many.walletAddress({
        from: r.user.id,
        to: r.walletAddress.userId,
      }),
    },
    session: {
      user: r.one.user({
        from: r.session.userId,
        to: r.user.id,
      }),
      oauthRefreshTokens: r.many.oauthRefreshToken({
        from: r.session.id,
        to: r.oauthRefreshToken.sessionId,
      }),
      oauthAccessTokens: r.many.oauthAccessToken({
        from: r.session.id,
        to: r.oauthAccessToken.sessionId,
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
    organization: {
      organizationRoles: r.many.organizationRole({
        from: r.organization.id,
        to: r.organizationRole.organizationId,
      }),
      teams: r.many.team({
        from: r.organization.id,
        to: r.team.organizationId,
      }),
      members: r.many.member({
        from: r.organization.id,
        to: r.member.organizationId,
      }),
      invitations: r.many.invitation({
        from: r.organization.id,
        to: r.invitation.organizationId,
      }),
    },
    organizationRole: {
      organization: r.one.organization({
        from: r.organizationRole.organizationId,
        to: r.organization.id,
      }),
    },
    team: {
      organization: r.one.organization({
        from: r.team.organizationId,
        to: r.organization.id,
      }),
      teamMembers: r.many.teamMember({
        from: r.team.id,
        to: r.teamMember.teamId,
      }),
    },
    teamMember: {
      team: r.one.team({
        from: r.teamMember.teamId,
        to: r.team.id,
      }),
      user: r.one.user({
        from: r.teamMember.userId,
        to: r.user.id,
      }),
    },
    member: {
      organization: r.one.organization({
        from: r.member.organizationId,
        to: r.organization.id,
      }),
      user: r.one.user({
        from: r.member.userId,
        to: r.user.id,
      }),
    },
    invitation: {
      organization: r.one.organization({
        from: r.invitation.organizationId,
        to: r.organization.id,
      }),
      user: r.one.user({
        from: r.invitation.inviterId,
        to: r.user.id,
      }),
    },
    passkey: {
      user: r.one.user({
        from: r.passkey.userId,
        to: r.user.id,
      }),
    },
    oauthClient: {
      user: r.one.user({
        from: r.oauthClient.userId,
        to: r.user.id,
      }),
      oauthClientResources: r.many.oauthClientResource({
        from: r.oauthClient.clientId,
        to: r.oauthClientResource.clientId,
      }),
      oauthRefreshTokens: r.many.oauthRefreshToken({
        from: r.oauthClient.clientId,
        to: r.oauthRefreshToken.clientId,
      }),
      oauthAccessTokens: r.many.oauthAccessToken({
        from: r.oauthClient.clientId,
        to: r.oauthAccessToken.clientId,
      }),
      oauthConsents: r.many.oauthConsent({
        from: r.oauthClient.clientId,
        to: r.oauthConsent.clientId,
      }),
    },
    oauthResource: {
      oauthClientResources: r.many.oauthClientResource({
        from: r.oauthResource.identifier,
        to: r.oauthClientResource.resourceId,
      }),
    },
    oauthClientResource: {
      oauthClient: r.one.oauthClient({
        from: r.oauthClientResource.clientId,
        to: r.oauthClient.clientId,
      }),
      oauthResource: r.one.oauthResource({
        from: r.oauthClientResource.resourceId,
        to: r.oauthResource.identifier,
      }),
    },
    oauthRefreshToken: {
      oauthClient: r.one.oauthClient({
        from: r.oauthRefreshToken.clientId,
        to: r.oauthClient.clientId,
      }),
      session: r.one.session({
        from: r.oauthRefreshToken.sessionId,
        to: r.session.id,
      }),
      user: r.one.user({
        from: r.oauthRefreshToken.userId,
        to: r.user.id,
      }),
      oauthAccessTokens: r.many.oauthAccessToken({
        from: r.oauthRefreshToken.id,
        to: r.oauthAccessToken.refreshId,
      }),
    },
    oauthAccessToken: {
      oauthClient: r.one.oauthClient({
        from: r.oauthAccessToken.clientId,
        to: r.oauthClient.clientId,
      }),
      session: r.one.session({
        from: r.oauthAccessToken.sessionId,
        to: r.session.id,
      }),
      user: r.one.user({
        from: r.oauthAccessToken.userId,
        to: r.user.id,
      }),
      oauthRefreshToken: r.one.oauthRefreshToken({
        from: r.oauthAccessToken.refreshId,
        to: r.oauthRefreshToken.id,
      }),
    },
    oauthConsent: {
      oauthClient: r.one.oauthClient({
        from: r.oauthConsent.clientId,
        to: r.oauthClient.clientId,
      }),
      user: r.one.user({
        from: r.oauthConsent.userId,
        to: r.user.id,
      }),
    },
    ssoProvider: {
      user: r.one.user({
        from: r.ssoProvider.userId,
        to: r.user.id,
      }),
    },
    walletAddress: {
      user: r.one.user({
        from: r.walletAddress.userId,
        to: r.user.id,
      }),
    },
  }),
);

create table "user" ("id" text not null primary key, "name" text not null, "email" text not null unique, "emailVerified" boolean default false not null, "image" text, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz default CURRENT_TIMESTAMP not null, "twoFactorEnabled" boolean default false, "plan" text default 'free' not null, "inviteCode" text unique);

create table "session" ("id" text not null primary key, "expiresAt" timestamptz not null, "token" text not null unique, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz not null, "ipAddress" text, "userAgent" text, "userId" text not null references "user" ("id") on delete cascade);

create table "account" ("id" text not null primary key, "accountId" text not null, "providerId" text not null, "userId" text not null references "user" ("id") on delete cascade, "accessToken" text, "refreshToken" text, "idToken" text, "accessTokenExpiresAt" timestamptz, "refreshTokenExpiresAt" timestamptz, "scope" text, "password" text, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz not null);

create table "verification" ("id" text not null primary key, "identifier" text not null, "value" text not null, "expiresAt" timestamptz not null, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz default CURRENT_TIMESTAMP not null);

create table "twoFactor" ("id" text not null primary key, "secret" text not null, "backupCodes" text not null, "userId" text not null references "user" ("id") on delete cascade, "verified" boolean default true, "failedVerificationCount" integer default 0, "lockedUntil" timestamptz);

create table "apiClient" ("id" text not null primary key, "tenantSlug" text not null, "externalReferenceCode" text not null, "label" text default 'back\slash ''q''', "tier" text default 'free' not null, "ownerId" text references "user" ("id") on delete set null, "quota" bigint default 1000 not null, "ratio" integer default 2 not null, "active" boolean default true not null, "scopes" jsonb, "meta" jsonb, "createdAt" timestamptz default CURRENT_TIMESTAMP not null);

create table "organizationInvitationRequest" ("id" text not null primary key, "inviterEmailAddressForNotifications" text not null, "tenantSlug" text not null, "externalReferenceCode" text not null, "userId" text not null references "user" ("id") on delete cascade);

create table "rateLimit" ("id" text not null primary key, "key" text not null unique, "count" integer not null, "lastRequest" bigint not null);

create index "session_userId_idx" on "session" ("userId");

create index "account_userId_idx" on "account" ("userId");

create index "verification_identifier_idx" on "verification" ("identifier");

create index "twoFactor_secret_idx" on "twoFactor" ("secret");

create index "twoFactor_userId_idx" on "twoFactor" ("userId");

create index "organizationInvitationRequest_inviterEmailAddressF_aff042e9_idx" on "organizationInvitationRequest" ("inviterEmailAddressForNotifications");

create index "organizationInvitationRequest_userId_idx" on "organizationInvitationRequest" ("userId");

create unique index "apiClient_tenantSlug_externalReferenceCode_uidx" on "apiClient" ("tenantSlug", "externalReferenceCode");

create index "apiClient_tier_lookup" on "apiClient" ("tier");

create unique index "organizationInvitationRequest_tenantSlug_external_d7a67329_uidx" on "organizationInvitationRequest" ("tenantSlug", "externalReferenceCode");

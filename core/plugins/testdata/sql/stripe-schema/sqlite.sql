create table "user" ("id" text not null primary key, "name" text not null, "email" text not null unique, "emailVerified" integer default 0 not null, "image" text, "createdAt" date not null, "updatedAt" date not null, "stripe_customer_id" text);

create table "session" ("id" text not null primary key, "expiresAt" date not null, "token" text not null unique, "createdAt" date not null, "updatedAt" date not null, "ipAddress" text, "userAgent" text, "userId" text not null references "user" ("id") on delete cascade, "activeOrganizationId" text);

create table "account" ("id" text not null primary key, "accountId" text not null, "providerId" text not null, "userId" text not null references "user" ("id") on delete cascade, "accessToken" text, "refreshToken" text, "idToken" text, "accessTokenExpiresAt" date, "refreshTokenExpiresAt" date, "scope" text, "password" text, "createdAt" date not null, "updatedAt" date not null);

create table "verification" ("id" text not null primary key, "identifier" text not null, "value" text not null, "expiresAt" date not null, "createdAt" date not null, "updatedAt" date not null);

create table "workspaces" ("id" text not null primary key, "name" text not null, "slug" text not null unique, "logo" text, "createdAt" date not null, "metadata" text, "stripe_customer" text);

create table "member" ("id" text not null primary key, "organizationId" text not null references "workspaces" ("id") on delete cascade, "userId" text not null references "user" ("id") on delete cascade, "role" text default 'member' not null, "createdAt" date not null);

create table "invitation" ("id" text not null primary key, "organizationId" text not null references "workspaces" ("id") on delete cascade, "email" text not null, "role" text, "status" text default 'pending' not null, "expiresAt" date not null, "createdAt" date not null, "inviterId" text not null references "user" ("id") on delete cascade);

create table "subscriptions" ("id" text not null primary key, "plan" text not null, "reference_id" text not null, "stripeCustomerId" text, "stripe_subscription_id" text, "status" text default 'incomplete' not null, "periodStart" date, "periodEnd" date, "trialStart" date, "trialEnd" date, "cancelAtPeriodEnd" integer default 0, "cancelAt" date, "canceledAt" date, "endedAt" date, "seats" integer, "billingInterval" text, "stripeScheduleId" text);

create index "session_userId_idx" on "session" ("userId");

create index "account_userId_idx" on "account" ("userId");

create index "verification_identifier_idx" on "verification" ("identifier");

create index "member_organizationId_idx" on "member" ("organizationId");

create index "member_userId_idx" on "member" ("userId");

create index "invitation_organizationId_idx" on "invitation" ("organizationId");

create index "invitation_email_idx" on "invitation" ("email");

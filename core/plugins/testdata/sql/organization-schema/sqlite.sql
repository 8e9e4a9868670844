create table "user" ("id" text not null primary key, "name" text not null, "email" text not null unique, "emailVerified" integer default 0 not null, "image" text, "createdAt" date not null, "updatedAt" date not null);

create table "session" ("id" text not null primary key, "expiresAt" date not null, "token" text not null unique, "createdAt" date not null, "updatedAt" date not null, "ipAddress" text, "userAgent" text, "userId" text not null references "user" ("id") on delete cascade, "active_workspace_id" text, "activeTeamId" text);

create table "account" ("id" text not null primary key, "accountId" text not null, "providerId" text not null, "userId" text not null references "user" ("id") on delete cascade, "accessToken" text, "refreshToken" text, "idToken" text, "accessTokenExpiresAt" date, "refreshTokenExpiresAt" date, "scope" text, "password" text, "createdAt" date not null, "updatedAt" date not null);

create table "verification" ("id" text not null primary key, "identifier" text not null, "value" text not null, "expiresAt" date not null, "createdAt" date not null, "updatedAt" date not null);

create table "workspaces" ("id" text not null primary key, "name" text not null, "slug" text not null unique, "logo" text, "created_at" date not null, "metadata" text, "plan" text default 'free' not null, "seats" integer);

create table "organizationRole" ("id" text not null primary key, "organizationId" text not null references "workspaces" ("id") on delete cascade, "role" text not null, "permission" text not null, "createdAt" date not null, "updatedAt" date, "description" text);

create table "squads" ("id" text not null primary key, "name" text not null, "memberCount" integer default 0 not null, "organizationId" text not null references "workspaces" ("id") on delete cascade, "createdAt" date not null, "updatedAt" date, "color" text);

create table "squad_members" ("id" text not null primary key, "squad_id" text not null references "squads" ("id") on delete cascade, "userId" text not null references "user" ("id") on delete cascade, "membershipKey" text unique, "createdAt" date);

create table "workspace_members" ("id" text not null primary key, "workspace_id" text not null references "workspaces" ("id") on delete cascade, "userId" text not null references "user" ("id") on delete cascade, "role" text default 'member' not null, "createdAt" date not null, "title" text);

create table "invitation" ("id" text not null primary key, "organizationId" text not null references "workspaces" ("id") on delete cascade, "email" text not null, "role" text, "teamId" text, "status" text default 'pending' not null, "expiresAt" date not null, "createdAt" date not null, "inviterId" text not null references "user" ("id") on delete cascade, "message" text);

create index "session_userId_idx" on "session" ("userId");

create index "account_userId_idx" on "account" ("userId");

create index "verification_identifier_idx" on "verification" ("identifier");

create index "organizationRole_organizationId_idx" on "organizationRole" ("organizationId");

create index "organizationRole_role_idx" on "organizationRole" ("role");

create index "squads_organizationId_idx" on "squads" ("organizationId");

create index "squad_members_squad_id_idx" on "squad_members" ("squad_id");

create index "squad_members_userId_idx" on "squad_members" ("userId");

create index "workspace_members_workspace_id_idx" on "workspace_members" ("workspace_id");

create index "workspace_members_userId_idx" on "workspace_members" ("userId");

create index "invitation_organizationId_idx" on "invitation" ("organizationId");

create index "invitation_email_idx" on "invitation" ("email");

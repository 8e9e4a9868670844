create table "user" ("id" text not null primary key, "name" text not null, "email" text not null unique, "emailVerified" boolean default false not null, "image" text, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz default CURRENT_TIMESTAMP not null);

create table "session" ("id" text not null primary key, "expiresAt" timestamptz not null, "token" text not null unique, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz not null, "ipAddress" text, "userAgent" text, "userId" text not null references "user" ("id") on delete cascade);

create table "account" ("id" text not null primary key, "accountId" text not null, "providerId" text not null, "userId" text not null references "user" ("id") on delete cascade, "accessToken" text, "refreshToken" text, "idToken" text, "accessTokenExpiresAt" timestamptz, "refreshTokenExpiresAt" timestamptz, "scope" text, "password" text, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz not null);

create table "verification" ("id" text not null primary key, "identifier" text not null, "value" text not null, "expiresAt" timestamptz not null, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz default CURRENT_TIMESTAMP not null);

create table "json_web_keys" ("id" text not null primary key, "public_key" text not null, "private_key" text not null, "createdAt" timestamptz not null, "expiresAt" timestamptz, "alg" text, "crv" text);

create table "passkeys" ("id" text not null primary key, "name" text, "publicKey" text not null, "user_id" text not null references "user" ("id") on delete cascade, "credential_id" text not null, "counter" integer not null, "deviceType" text not null, "backedUp" boolean not null, "transports" text, "createdAt" timestamptz, "aaguid" text);

create table "wallet_addresses" ("id" text not null primary key, "user_id" text not null references "user" ("id") on delete cascade, "address" text not null, "chain_id" integer not null, "isPrimary" boolean default false not null, "createdAt" timestamptz not null);

create table "device_codes" ("id" text not null primary key, "device_code" text not null, "user_code" text not null, "userId" text, "expiresAt" timestamptz not null, "status" text not null, "lastPolledAt" timestamptz, "pollingInterval" integer, "clientId" text, "scope" text);

create index "session_userId_idx" on "session" ("userId");

create index "account_userId_idx" on "account" ("userId");

create index "verification_identifier_idx" on "verification" ("identifier");

create index "passkeys_user_id_idx" on "passkeys" ("user_id");

create index "passkeys_credential_id_idx" on "passkeys" ("credential_id");

create index "wallet_addresses_user_id_idx" on "wallet_addresses" ("user_id");

create unique index "device_codes_device_code_uidx" on "device_codes" ("device_code");

create unique index "device_codes_user_code_uidx" on "device_codes" ("user_code");

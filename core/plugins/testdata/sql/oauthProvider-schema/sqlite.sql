create table "user" ("id" text not null primary key, "name" text not null, "email" text not null unique, "emailVerified" integer default 0 not null, "image" text, "createdAt" date not null, "updatedAt" date not null);

create table "session" ("id" text not null primary key, "expiresAt" date not null, "token" text not null unique, "createdAt" date not null, "updatedAt" date not null, "ipAddress" text, "userAgent" text, "userId" text not null references "user" ("id") on delete cascade);

create table "account" ("id" text not null primary key, "accountId" text not null, "providerId" text not null, "userId" text not null references "user" ("id") on delete cascade, "accessToken" text, "refreshToken" text, "idToken" text, "accessTokenExpiresAt" date, "refreshTokenExpiresAt" date, "scope" text, "password" text, "createdAt" date not null, "updatedAt" date not null);

create table "verification" ("id" text not null primary key, "identifier" text not null, "value" text not null, "expiresAt" date not null, "createdAt" date not null, "updatedAt" date not null);

create table "jwks" ("id" text not null primary key, "publicKey" text not null, "privateKey" text not null, "createdAt" date not null, "expiresAt" date, "alg" text, "crv" text);

create table "oauth_clients" ("id" text not null primary key, "client_id" text not null unique, "clientSecret" text, "clientDiscoveryId" text, "disabled" integer default 0, "skipConsent" integer, "enableEndSession" integer, "subjectType" text, "scopes" text, "clientCredentialsScopes" text, "userId" text references "user" ("id") on delete cascade, "createdAt" date, "updatedAt" date, "name" text, "uri" text, "icon" text, "contacts" text, "tos" text, "policy" text, "softwareId" text, "softwareVersion" text, "softwareStatement" text, "redirectUris" text not null, "postLogoutRedirectUris" text, "backchannelLogoutUri" text, "backchannelLogoutSessionRequired" integer, "tokenEndpointAuthMethod" text, "applicationType" text, "jwks" text, "jwksUri" text, "grantTypes" text, "responseTypes" text, "requirePKCE" integer, "dpopBoundAccessTokens" integer default 0, "referenceId" text, "metadata" text);

create table "oauthResource" ("id" text not null primary key, "resource_identifier" text not null unique, "name" text not null, "accessTokenTtl" integer, "refreshTokenTtl" integer, "signingAlgorithm" text, "signingKeyId" text, "allowedScopes" text, "customClaims" text, "dpopBoundAccessTokensRequired" integer default 0, "disabled" integer default 0, "createdAt" date, "updatedAt" date, "policyVersion" integer default 1, "metadata" text);

create table "oauth_client_resources" ("id" text not null primary key, "clientId" text not null references "oauth_clients" ("client_id") on delete cascade, "resourceId" text not null references "oauthResource" ("resource_identifier") on delete cascade, "metadata" text, "createdAt" date);

create table "oauth_refresh_tokens" ("id" text not null primary key, "token" text not null unique, "clientId" text not null references "oauth_clients" ("client_id") on delete cascade, "sessionId" text references "session" ("id") on delete set null, "userId" text not null references "user" ("id") on delete cascade, "referenceId" text, "authorizationCodeId" text, "resources" text, "requestedUserInfoClaims" text, "expiresAt" date not null, "createdAt" date not null, "revoked" date, "rotatedAt" date, "rotationReplayResponse" text, "rotationReplayExpiresAt" date, "authTime" date, "confirmation" text, "scopes" text not null);

create table "oauthAccessToken" ("id" text not null primary key, "token" text not null unique, "clientId" text not null references "oauth_clients" ("client_id") on delete cascade, "session_id" text references "session" ("id") on delete set null, "userId" text references "user" ("id") on delete cascade, "referenceId" text, "authorizationCodeId" text, "resources" text, "requestedUserInfoClaims" text, "refresh_id" text references "oauth_refresh_tokens" ("id") on delete cascade, "expiresAt" date not null, "createdAt" date not null, "revoked" date, "confirmation" text, "scopes" text not null);

create table "oauthConsent" ("id" text not null primary key, "clientId" text not null references "oauth_clients" ("client_id") on delete cascade, "userId" text references "user" ("id") on delete cascade, "referenceId" text, "resources" text, "requestedUserInfoClaims" text, "scopes" text not null, "createdAt" date not null, "updatedAt" date not null);

create table "oauthClientAssertion" ("id" text not null primary key, "expiresAt" date not null);

create table "oauth_device_codes" ("id" text not null primary key, "deviceCode" text not null, "userCode" text not null, "userId" text, "expiresAt" date not null, "status" text not null, "lastPolledAt" date, "pollingInterval" integer, "clientId" text, "scope" text, "resource_list" text, "oauth_client_id" text);

create index "session_userId_idx" on "session" ("userId");

create index "account_userId_idx" on "account" ("userId");

create index "verification_identifier_idx" on "verification" ("identifier");

create index "oauth_clients_userId_idx" on "oauth_clients" ("userId");

create index "oauth_client_resources_clientId_idx" on "oauth_client_resources" ("clientId");

create index "oauth_client_resources_resourceId_idx" on "oauth_client_resources" ("resourceId");

create index "oauth_refresh_tokens_clientId_idx" on "oauth_refresh_tokens" ("clientId");

create index "oauth_refresh_tokens_sessionId_idx" on "oauth_refresh_tokens" ("sessionId");

create index "oauth_refresh_tokens_userId_idx" on "oauth_refresh_tokens" ("userId");

create index "oauth_refresh_tokens_authorizationCodeId_idx" on "oauth_refresh_tokens" ("authorizationCodeId");

create index "oauthAccessToken_clientId_idx" on "oauthAccessToken" ("clientId");

create index "oauthAccessToken_session_id_idx" on "oauthAccessToken" ("session_id");

create index "oauthAccessToken_userId_idx" on "oauthAccessToken" ("userId");

create index "oauthAccessToken_authorizationCodeId_idx" on "oauthAccessToken" ("authorizationCodeId");

create index "oauthAccessToken_refresh_id_idx" on "oauthAccessToken" ("refresh_id");

create index "oauthConsent_clientId_idx" on "oauthConsent" ("clientId");

create index "oauthConsent_userId_idx" on "oauthConsent" ("userId");

create unique index "oauth_client_resources_clientId_resourceId_uidx" on "oauth_client_resources" ("clientId", "resourceId");

create unique index "oauth_device_codes_deviceCode_uidx" on "oauth_device_codes" ("deviceCode");

create unique index "oauth_device_codes_userCode_uidx" on "oauth_device_codes" ("userCode");

create table `user` (`id` varchar(36) not null primary key, `name` varchar(255) not null, `email` varchar(255) not null unique, `emailVerified` boolean default false not null, `image` text, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null);

create table `session` (`id` varchar(36) not null primary key, `expiresAt` timestamp(3) not null, `token` varchar(255) not null unique, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) not null, `ipAddress` text, `userAgent` text, `userId` varchar(36) not null, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `account` (`id` varchar(36) not null primary key, `accountId` text not null, `providerId` text not null, `userId` varchar(36) not null, `accessToken` text, `refreshToken` text, `idToken` text, `accessTokenExpiresAt` timestamp(3), `refreshTokenExpiresAt` timestamp(3), `scope` text, `password` text, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) not null, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `verification` (`id` varchar(36) not null primary key, `identifier` varchar(255) not null, `value` text not null, `expiresAt` timestamp(3) not null, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null);

create table `jwks` (`id` varchar(36) not null primary key, `publicKey` text not null, `privateKey` text not null, `createdAt` timestamp(3) not null, `expiresAt` timestamp(3), `alg` text, `crv` text);

create table `oauth_clients` (`id` varchar(36) not null primary key, `client_id` varchar(255) not null unique, `clientSecret` text, `clientDiscoveryId` text, `disabled` boolean default false, `skipConsent` boolean, `enableEndSession` boolean, `subjectType` text, `scopes` json, `clientCredentialsScopes` json, `userId` varchar(36), `createdAt` timestamp(3), `updatedAt` timestamp(3), `name` text, `uri` text, `icon` text, `contacts` json, `tos` text, `policy` text, `softwareId` text, `softwareVersion` text, `softwareStatement` text, `redirectUris` json not null, `postLogoutRedirectUris` json, `backchannelLogoutUri` text, `backchannelLogoutSessionRequired` boolean, `tokenEndpointAuthMethod` text, `applicationType` text, `jwks` text, `jwksUri` text, `grantTypes` json, `responseTypes` json, `requirePKCE` boolean, `dpopBoundAccessTokens` boolean default false, `referenceId` text, `metadata` json, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `oauthResource` (`id` varchar(36) not null primary key, `resource_identifier` varchar(255) not null unique, `name` text not null, `accessTokenTtl` integer, `refreshTokenTtl` integer, `signingAlgorithm` text, `signingKeyId` text, `allowedScopes` json, `customClaims` json, `dpopBoundAccessTokensRequired` boolean default false, `disabled` boolean default false, `createdAt` timestamp(3), `updatedAt` timestamp(3), `policyVersion` integer default 1, `metadata` json);

create table `oauth_client_resources` (`id` varchar(36) not null primary key, `clientId` varchar(191) not null, `resourceId` varchar(191) not null, `metadata` json, `createdAt` timestamp(3), foreign key (`clientId`) references `oauth_clients` (`client_id`) on delete cascade, foreign key (`resourceId`) references `oauthResource` (`resource_identifier`) on delete cascade);

create table `oauth_refresh_tokens` (`id` varchar(36) not null primary key, `token` varchar(255) not null unique, `clientId` varchar(255) not null, `sessionId` varchar(36), `userId` varchar(36) not null, `referenceId` text, `authorizationCodeId` varchar(255), `resources` json, `requestedUserInfoClaims` json, `expiresAt` timestamp(3) not null, `createdAt` timestamp(3) not null, `revoked` timestamp(3), `rotatedAt` timestamp(3), `rotationReplayResponse` text, `rotationReplayExpiresAt` timestamp(3), `authTime` timestamp(3), `confirmation` json, `scopes` json not null, foreign key (`clientId`) references `oauth_clients` (`client_id`) on delete cascade, foreign key (`sessionId`) references `session` (`id`) on delete set null, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `oauthAccessToken` (`id` varchar(36) not null primary key, `token` varchar(255) not null unique, `clientId` varchar(255) not null, `session_id` varchar(36), `userId` varchar(36), `referenceId` text, `authorizationCodeId` varchar(255), `resources` json, `requestedUserInfoClaims` json, `refresh_id` varchar(36), `expiresAt` timestamp(3) not null, `createdAt` timestamp(3) not null, `revoked` timestamp(3), `confirmation` json, `scopes` json not null, foreign key (`clientId`) references `oauth_clients` (`client_id`) on delete cascade, foreign key (`session_id`) references `session` (`id`) on delete set null, foreign key (`userId`) references `user` (`id`) on delete cascade, foreign key (`refresh_id`) references `oauth_refresh_tokens` (`id`) on delete cascade);

create table `oauthConsent` (`id` varchar(36) not null primary key, `clientId` varchar(255) not null, `userId` varchar(36), `referenceId` text, `resources` json, `requestedUserInfoClaims` json, `scopes` json not null, `createdAt` timestamp(3) not null, `updatedAt` timestamp(3) not null, foreign key (`clientId`) references `oauth_clients` (`client_id`) on delete cascade, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `oauthClientAssertion` (`id` varchar(36) not null primary key, `expiresAt` timestamp(3) not null);

create table `oauth_device_codes` (`id` varchar(36) not null primary key, `deviceCode` varchar(191) not null, `userCode` varchar(191) not null, `userId` text, `expiresAt` timestamp(3) not null, `status` text not null, `lastPolledAt` timestamp(3), `pollingInterval` integer, `clientId` text, `scope` text, `resource_list` json, `oauth_client_id` text);

create index `session_userId_idx` on `session` (`userId`);

create index `account_userId_idx` on `account` (`userId`);

create index `verification_identifier_idx` on `verification` (`identifier`);

create index `oauth_clients_userId_idx` on `oauth_clients` (`userId`);

create index `oauth_client_resources_clientId_idx` on `oauth_client_resources` (`clientId`);

create index `oauth_client_resources_resourceId_idx` on `oauth_client_resources` (`resourceId`);

create index `oauth_refresh_tokens_clientId_idx` on `oauth_refresh_tokens` (`clientId`);

create index `oauth_refresh_tokens_sessionId_idx` on `oauth_refresh_tokens` (`sessionId`);

create index `oauth_refresh_tokens_userId_idx` on `oauth_refresh_tokens` (`userId`);

create index `oauth_refresh_tokens_authorizationCodeId_idx` on `oauth_refresh_tokens` (`authorizationCodeId`);

create index `oauthAccessToken_clientId_idx` on `oauthAccessToken` (`clientId`);

create index `oauthAccessToken_session_id_idx` on `oauthAccessToken` (`session_id`);

create index `oauthAccessToken_userId_idx` on `oauthAccessToken` (`userId`);

create index `oauthAccessToken_authorizationCodeId_idx` on `oauthAccessToken` (`authorizationCodeId`);

create index `oauthAccessToken_refresh_id_idx` on `oauthAccessToken` (`refresh_id`);

create index `oauthConsent_clientId_idx` on `oauthConsent` (`clientId`);

create index `oauthConsent_userId_idx` on `oauthConsent` (`userId`);

create unique index `oauth_client_resources_clientId_resourceId_uidx` on `oauth_client_resources` (`clientId`, `resourceId`);

create unique index `oauth_device_codes_deviceCode_uidx` on `oauth_device_codes` (`deviceCode`);

create unique index `oauth_device_codes_userCode_uidx` on `oauth_device_codes` (`userCode`);

create table `user` (`id` varchar(36) not null primary key, `name` varchar(255) not null, `email` varchar(255) not null unique, `emailVerified` boolean default false not null, `image` text, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null);

create table `session` (`id` varchar(36) not null primary key, `expiresAt` timestamp(3) not null, `token` varchar(255) not null unique, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) not null, `ipAddress` text, `userAgent` text, `userId` varchar(36) not null, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `account` (`id` varchar(36) not null primary key, `accountId` text not null, `providerId` text not null, `userId` varchar(36) not null, `accessToken` text, `refreshToken` text, `idToken` text, `accessTokenExpiresAt` timestamp(3), `refreshTokenExpiresAt` timestamp(3), `scope` text, `password` text, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) not null, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `verification` (`id` varchar(36) not null primary key, `identifier` varchar(255) not null, `value` text not null, `expiresAt` timestamp(3) not null, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null);

create table `oauthClient` (`id` varchar(36) not null primary key, `clientId` varchar(255) not null unique, `clientSecret` text, `clientDiscoveryId` text, `disabled` boolean default false, `skipConsent` boolean, `enableEndSession` boolean, `subjectType` text, `scopes` json, `clientCredentialsScopes` json, `userId` varchar(36), `createdAt` timestamp(3), `updatedAt` timestamp(3), `name` text, `uri` text, `icon` text, `contacts` json, `tos` text, `policy` text, `softwareId` text, `softwareVersion` text, `softwareStatement` text, `redirectUris` json not null, `postLogoutRedirectUris` json, `backchannelLogoutUri` text, `backchannelLogoutSessionRequired` boolean, `tokenEndpointAuthMethod` text, `applicationType` text, `jwks` text, `jwksUri` text, `grantTypes` json, `responseTypes` json, `requirePKCE` boolean, `dpopBoundAccessTokens` boolean default false, `referenceId` text, `metadata` json, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `oauthResource` (`id` varchar(36) not null primary key, `identifier` varchar(255) not null unique, `name` text not null, `accessTokenTtl` integer, `refreshTokenTtl` integer, `signingAlgorithm` text, `signingKeyId` text, `allowedScopes` json, `customClaims` json, `dpopBoundAccessTokensRequired` boolean default false, `disabled` boolean default false, `createdAt` timestamp(3), `updatedAt` timestamp(3), `policyVersion` integer default 1, `metadata` json);

create table `oauthClientResource` (`id` varchar(36) not null primary key, `clientId` varchar(191) not null, `resourceId` varchar(191) not null, `metadata` json, `createdAt` timestamp(3), foreign key (`clientId`) references `oauthClient` (`clientId`) on delete cascade, foreign key (`resourceId`) references `oauthResource` (`identifier`) on delete cascade);

create table `oauthRefreshToken` (`id` varchar(36) not null primary key, `token` varchar(255) not null unique, `clientId` varchar(255) not null, `sessionId` varchar(36), `userId` varchar(36) not null, `referenceId` text, `authorizationCodeId` varchar(255), `resources` json, `requestedUserInfoClaims` json, `expiresAt` timestamp(3) not null, `createdAt` timestamp(3) not null, `revoked` timestamp(3), `rotatedAt` timestamp(3), `rotationReplayResponse` text, `rotationReplayExpiresAt` timestamp(3), `authTime` timestamp(3), `confirmation` json, `scopes` json not null, foreign key (`clientId`) references `oauthClient` (`clientId`) on delete cascade, foreign key (`sessionId`) references `session` (`id`) on delete set null, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `oauthAccessToken` (`id` varchar(36) not null primary key, `token` varchar(255) not null unique, `clientId` varchar(255) not null, `sessionId` varchar(36), `userId` varchar(36), `referenceId` text, `authorizationCodeId` varchar(255), `resources` json, `requestedUserInfoClaims` json, `refreshId` varchar(36), `expiresAt` timestamp(3) not null, `createdAt` timestamp(3) not null, `revoked` timestamp(3), `confirmation` json, `scopes` json not null, foreign key (`clientId`) references `oauthClient` (`clientId`) on delete cascade, foreign key (`sessionId`) references `session` (`id`) on delete set null, foreign key (`userId`) references `user` (`id`) on delete cascade, foreign key (`refreshId`) references `oauthRefreshToken` (`id`) on delete cascade);

create table `oauthConsent` (`id` varchar(36) not null primary key, `clientId` varchar(255) not null, `userId` varchar(36), `referenceId` text, `resources` json, `requestedUserInfoClaims` json, `scopes` json not null, `createdAt` timestamp(3) not null, `updatedAt` timestamp(3) not null, foreign key (`clientId`) references `oauthClient` (`clientId`) on delete cascade, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `oauthClientAssertion` (`id` varchar(36) not null primary key, `expiresAt` timestamp(3) not null);

create index `session_userId_idx` on `session` (`userId`);

create index `account_userId_idx` on `account` (`userId`);

create index `verification_identifier_idx` on `verification` (`identifier`);

create index `oauthClient_userId_idx` on `oauthClient` (`userId`);

create index `oauthClientResource_clientId_idx` on `oauthClientResource` (`clientId`);

create index `oauthClientResource_resourceId_idx` on `oauthClientResource` (`resourceId`);

create index `oauthRefreshToken_clientId_idx` on `oauthRefreshToken` (`clientId`);

create index `oauthRefreshToken_sessionId_idx` on `oauthRefreshToken` (`sessionId`);

create index `oauthRefreshToken_userId_idx` on `oauthRefreshToken` (`userId`);

create index `oauthRefreshToken_authorizationCodeId_idx` on `oauthRefreshToken` (`authorizationCodeId`);

create index `oauthAccessToken_clientId_idx` on `oauthAccessToken` (`clientId`);

create index `oauthAccessToken_sessionId_idx` on `oauthAccessToken` (`sessionId`);

create index `oauthAccessToken_userId_idx` on `oauthAccessToken` (`userId`);

create index `oauthAccessToken_authorizationCodeId_idx` on `oauthAccessToken` (`authorizationCodeId`);

create index `oauthAccessToken_refreshId_idx` on `oauthAccessToken` (`refreshId`);

create index `oauthConsent_clientId_idx` on `oauthConsent` (`clientId`);

create index `oauthConsent_userId_idx` on `oauthConsent` (`userId`);

create unique index `oauthClientResource_clientId_resourceId_uidx` on `oauthClientResource` (`clientId`, `resourceId`);

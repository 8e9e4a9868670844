create table `user` (`id` varchar(36) not null primary key, `name` varchar(255) not null, `email` varchar(255) not null unique, `emailVerified` boolean default false not null, `image` text, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `twoFactorEnabled` boolean default false, `username` varchar(255) unique, `displayUsername` text, `isAnonymous` boolean default false, `phoneNumber` varchar(255) unique, `phoneNumberVerified` boolean, `role` text, `banned` boolean default false, `banReason` text, `banExpires` timestamp(3), `lastLoginMethod` text, `stripeCustomerId` text);

create table `session` (`id` varchar(36) not null primary key, `expiresAt` timestamp(3) not null, `token` varchar(255) not null unique, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) not null, `ipAddress` text, `userAgent` text, `userId` varchar(36) not null, `impersonatedBy` text, `activeOrganizationId` text, `activeTeamId` text, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `account` (`id` varchar(36) not null primary key, `accountId` text not null, `providerId` text not null, `userId` varchar(36) not null, `accessToken` text, `refreshToken` text, `idToken` text, `accessTokenExpiresAt` timestamp(3), `refreshTokenExpiresAt` timestamp(3), `scope` text, `password` text, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) not null, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `verification` (`id` varchar(36) not null primary key, `identifier` varchar(255) not null, `value` text not null, `expiresAt` timestamp(3) not null, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null);

create table `twoFactor` (`id` varchar(36) not null primary key, `secret` varchar(255) not null, `backupCodes` text not null, `userId` varchar(36) not null, `verified` boolean default true, `failedVerificationCount` integer default 0, `lockedUntil` timestamp(3), foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `organization` (`id` varchar(36) not null primary key, `name` varchar(255) not null, `slug` varchar(255) not null unique, `logo` text, `createdAt` timestamp(3) not null, `metadata` text, `stripeCustomerId` text);

create table `organizationRole` (`id` varchar(36) not null primary key, `organizationId` varchar(36) not null, `role` varchar(255) not null, `permission` text not null, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3), foreign key (`organizationId`) references `organization` (`id`) on delete cascade);

create table `team` (`id` varchar(36) not null primary key, `name` text not null, `memberCount` integer default 0 not null, `organizationId` varchar(36) not null, `createdAt` timestamp(3) not null, `updatedAt` timestamp(3), foreign key (`organizationId`) references `organization` (`id`) on delete cascade);

create table `teamMember` (`id` varchar(36) not null primary key, `teamId` varchar(36) not null, `userId` varchar(36) not null, `membershipKey` varchar(255) unique, `createdAt` timestamp(3), foreign key (`teamId`) references `team` (`id`) on delete cascade, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `member` (`id` varchar(36) not null primary key, `organizationId` varchar(36) not null, `userId` varchar(36) not null, `role` varchar(255) default 'member' not null, `createdAt` timestamp(3) not null, foreign key (`organizationId`) references `organization` (`id`) on delete cascade, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `invitation` (`id` varchar(36) not null primary key, `organizationId` varchar(36) not null, `email` varchar(255) not null, `role` varchar(255), `teamId` varchar(255), `status` varchar(255) default 'pending' not null, `expiresAt` timestamp(3) not null, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `inviterId` varchar(36) not null, foreign key (`organizationId`) references `organization` (`id`) on delete cascade, foreign key (`inviterId`) references `user` (`id`) on delete cascade);

create table `jwks` (`id` varchar(36) not null primary key, `publicKey` text not null, `privateKey` text not null, `createdAt` timestamp(3) not null, `expiresAt` timestamp(3), `alg` text, `crv` text);

create table `walletAddress` (`id` varchar(36) not null primary key, `userId` varchar(36) not null, `address` text not null, `chainId` integer not null, `isPrimary` boolean default false not null, `createdAt` timestamp(3) not null, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `passkey` (`id` varchar(36) not null primary key, `name` text, `publicKey` text not null, `userId` varchar(36) not null, `credentialID` varchar(255) not null, `counter` integer not null, `deviceType` text not null, `backedUp` boolean not null, `transports` text, `createdAt` timestamp(3), `aaguid` text, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `apikey` (`id` varchar(36) not null primary key, `configId` varchar(255) default 'default' not null, `name` text, `start` text, `referenceId` varchar(255) not null, `prefix` text, `key` varchar(255) not null, `refillInterval` integer, `refillAmount` integer, `lastRefillAt` timestamp(3), `enabled` boolean default true, `rateLimitEnabled` boolean default true, `rateLimitTimeWindow` integer default 86400000, `rateLimitMax` integer default 10, `requestCount` integer default 0, `remaining` integer, `lastRequest` timestamp(3), `expiresAt` timestamp(3), `createdAt` timestamp(3) not null, `updatedAt` timestamp(3) not null, `permissions` text, `metadata` text);

create table `ssoProvider` (`id` varchar(36) not null primary key, `issuer` text not null, `oidcConfig` text, `samlConfig` text, `userId` varchar(36) not null, `providerId` varchar(255) not null unique, `organizationId` text, `domain` text not null, `domainVerified` boolean, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `subscription` (`id` varchar(36) not null primary key, `plan` text not null, `referenceId` text not null, `stripeCustomerId` text, `stripeSubscriptionId` text, `status` text default ('incomplete') not null, `periodStart` timestamp(3), `periodEnd` timestamp(3), `trialStart` timestamp(3), `trialEnd` timestamp(3), `cancelAtPeriodEnd` boolean default false, `cancelAt` timestamp(3), `canceledAt` timestamp(3), `endedAt` timestamp(3), `seats` integer, `billingInterval` text, `stripeScheduleId` text);

create table `oauthClient` (`id` varchar(36) not null primary key, `clientId` varchar(255) not null unique, `clientSecret` text, `clientDiscoveryId` text, `disabled` boolean default false, `skipConsent` boolean, `enableEndSession` boolean, `subjectType` text, `scopes` json, `clientCredentialsScopes` json, `userId` varchar(36), `createdAt` timestamp(3), `updatedAt` timestamp(3), `name` text, `uri` text, `icon` text, `contacts` json, `tos` text, `policy` text, `softwareId` text, `softwareVersion` text, `softwareStatement` text, `redirectUris` json not null, `postLogoutRedirectUris` json, `backchannelLogoutUri` text, `backchannelLogoutSessionRequired` boolean, `tokenEndpointAuthMethod` text, `applicationType` text, `jwks` text, `jwksUri` text, `grantTypes` json, `responseTypes` json, `requirePKCE` boolean, `dpopBoundAccessTokens` boolean default false, `referenceId` text, `metadata` json, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `oauthResource` (`id` varchar(36) not null primary key, `identifier` varchar(255) not null unique, `name` text not null, `accessTokenTtl` integer, `refreshTokenTtl` integer, `signingAlgorithm` text, `signingKeyId` text, `allowedScopes` json, `customClaims` json, `dpopBoundAccessTokensRequired` boolean default false, `disabled` boolean default false, `createdAt` timestamp(3), `updatedAt` timestamp(3), `policyVersion` integer default 1, `metadata` json);

create table `oauthClientResource` (`id` varchar(36) not null primary key, `clientId` varchar(191) not null, `resourceId` varchar(191) not null, `metadata` json, `createdAt` timestamp(3), foreign key (`clientId`) references `oauthClient` (`clientId`) on delete cascade, foreign key (`resourceId`) references `oauthResource` (`identifier`) on delete cascade);

create table `oauthRefreshToken` (`id` varchar(36) not null primary key, `token` varchar(255) not null unique, `clientId` varchar(255) not null, `sessionId` varchar(36), `userId` varchar(36) not null, `referenceId` text, `authorizationCodeId` varchar(255), `resources` json, `requestedUserInfoClaims` json, `expiresAt` timestamp(3) not null, `createdAt` timestamp(3) not null, `revoked` timestamp(3), `rotatedAt` timestamp(3), `rotationReplayResponse` text, `rotationReplayExpiresAt` timestamp(3), `authTime` timestamp(3), `confirmation` json, `scopes` json not null, foreign key (`clientId`) references `oauthClient` (`clientId`) on delete cascade, foreign key (`sessionId`) references `session` (`id`) on delete set null, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `oauthAccessToken` (`id` varchar(36) not null primary key, `token` varchar(255) not null unique, `clientId` varchar(255) not null, `sessionId` varchar(36), `userId` varchar(36), `referenceId` text, `authorizationCodeId` varchar(255), `resources` json, `requestedUserInfoClaims` json, `refreshId` varchar(36), `expiresAt` timestamp(3) not null, `createdAt` timestamp(3) not null, `revoked` timestamp(3), `confirmation` json, `scopes` json not null, foreign key (`clientId`) references `oauthClient` (`clientId`) on delete cascade, foreign key (`sessionId`) references `session` (`id`) on delete set null, foreign key (`userId`) references `user` (`id`) on delete cascade, foreign key (`refreshId`) references `oauthRefreshToken` (`id`) on delete cascade);

create table `oauthConsent` (`id` varchar(36) not null primary key, `clientId` varchar(255) not null, `userId` varchar(36), `referenceId` text, `resources` json, `requestedUserInfoClaims` json, `scopes` json not null, `createdAt` timestamp(3) not null, `updatedAt` timestamp(3) not null, foreign key (`clientId`) references `oauthClient` (`clientId`) on delete cascade, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `oauthClientAssertion` (`id` varchar(36) not null primary key, `expiresAt` timestamp(3) not null);

create table `deviceCode` (`id` varchar(36) not null primary key, `deviceCode` varchar(191) not null, `userCode` varchar(191) not null, `userId` text, `expiresAt` timestamp(3) not null, `status` text not null, `lastPolledAt` timestamp(3), `pollingInterval` integer, `clientId` text, `scope` text, `resources` json, `oauthClientId` text);

create table `scimManagedConnection` (`id` varchar(36) not null primary key, `creationRequestId` varchar(255) not null unique, `connectionId` varchar(255) not null unique, `provisioningDomainId` varchar(255) not null, `status` text not null, `revision` integer not null, `createdAt` timestamp(3) not null, `createdBy` text not null, `decommissionStartedAt` timestamp(3), `decommissionStartedBy` text, `decommissionedAt` timestamp(3), `decommissionedBy` text);

create table `scimManagedCredential` (`id` varchar(36) not null primary key, `connectionRecordId` varchar(36) not null, `credentialId` varchar(255) not null unique, `tokenDigest` text not null, `hashVersion` text not null, `activeSlotKey` varchar(255) not null unique, `status` text not null, `serializedScopes` text not null, `expiresAt` timestamp(3) not null, `createdAt` timestamp(3) not null, `createdBy` text not null, `lastUsedAt` timestamp(3), `revokedAt` timestamp(3), `revokedBy` text, `decommissionedAt` timestamp(3), foreign key (`connectionRecordId`) references `scimManagedConnection` (`id`) on delete cascade);

create table `scimManagedConnectionEvent` (`id` varchar(36) not null primary key, `connectionRecordId` varchar(36) not null, `eventKey` varchar(255) not null unique, `sequence` integer not null, `type` text not null, `actorId` text not null, `credentialId` text, `createdAt` timestamp(3) not null, foreign key (`connectionRecordId`) references `scimManagedConnection` (`id`) on delete cascade);

create table `scimConnectionBinding` (`id` varchar(36) not null primary key, `connectionId` varchar(255) not null, `connectionKey` varchar(255) not null unique, `provisioningDomainId` text not null, `createdAt` timestamp(3) not null, `decommissionedAt` timestamp(3), `decommissionStatus` text default ('active') not null, `decommissionCursorUserId` text, `decommissionReconciledUserCount` integer default 0 not null, `decommissionBatchCount` integer default 0 not null, `decommissionRevision` integer default 0 not null, `decommissionCompletedAt` timestamp(3), `decommissionLeaseId` text, `decommissionLeaseExpiresAt` timestamp(3));

create table `scimIdentityTombstone` (`id` varchar(36) not null primary key, `connectionId` varchar(255) not null, `provisioningDomainId` varchar(255) not null, `externalId` text not null, `externalIdKey` varchar(255) not null unique, `userId` varchar(36) not null, `profile` text not null, `deletedAt` timestamp(3) not null, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `scimSubject` (`id` varchar(36) not null primary key, `userId` varchar(36) not null unique, `profileSourceId` varchar(255), `revision` integer not null, `createdAt` timestamp(3) not null, `updatedAt` timestamp(3) not null, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `scimUser` (`id` varchar(36) not null primary key, `connectionId` varchar(255) not null, `provisioningDomainId` varchar(255) not null, `userId` varchar(36) not null, `connectionUserKey` varchar(255) not null unique, `userName` text not null, `userNameKey` varchar(255) not null unique, `primaryEmail` text not null, `workEmailValueIndex` text not null, `emailValueIndex` text not null, `displayName` text not null, `formattedName` text not null, `givenName` text, `familyName` text, `serializedEmails` text not null, `serializedAttributes` text, `externalId` text, `externalIdKey` varchar(255) unique, `active` boolean not null, `orderKey` varchar(255) not null unique, `createdAt` timestamp(3) not null, `updatedAt` timestamp(3) not null, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `scimProjectionGrant` (`id` varchar(36) not null primary key, `connectionId` varchar(255) not null, `provisioningDomainId` varchar(255) not null, `scimUserId` varchar(36) not null, `userId` varchar(36) not null, `sourceKind` text not null, `sourceId` text not null, `sourceValue` text, `role` text not null, `grantKey` varchar(255) not null unique, `createdAt` timestamp(3) not null, `updatedAt` timestamp(3) not null, foreign key (`scimUserId`) references `scimUser` (`id`) on delete cascade, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `scimGroup` (`id` varchar(36) not null primary key, `connectionId` varchar(255) not null, `provisioningDomainId` varchar(255) not null, `revision` integer default 0 not null, `displayName` text not null, `displayNameKey` varchar(255) not null unique, `externalId` text, `externalIdKey` varchar(255) unique, `orderKey` varchar(255) not null unique, `createdAt` timestamp(3) not null, `updatedAt` timestamp(3) not null);

create table `scimGroupMember` (`id` varchar(36) not null primary key, `connectionId` varchar(255) not null, `groupId` varchar(36) not null, `scimUserId` varchar(36) not null, `membershipKey` varchar(255) not null unique, `createdAt` timestamp(3) not null, foreign key (`groupId`) references `scimGroup` (`id`) on delete cascade, foreign key (`scimUserId`) references `scimUser` (`id`) on delete cascade);

create index `session_userId_idx` on `session` (`userId`);

create index `account_userId_idx` on `account` (`userId`);

create index `verification_identifier_idx` on `verification` (`identifier`);

create index `twoFactor_secret_idx` on `twoFactor` (`secret`);

create index `twoFactor_userId_idx` on `twoFactor` (`userId`);

create index `organizationRole_organizationId_idx` on `organizationRole` (`organizationId`);

create index `organizationRole_role_idx` on `organizationRole` (`role`);

create index `team_organizationId_idx` on `team` (`organizationId`);

create index `teamMember_teamId_idx` on `teamMember` (`teamId`);

create index `teamMember_userId_idx` on `teamMember` (`userId`);

create index `member_organizationId_idx` on `member` (`organizationId`);

create index `member_userId_idx` on `member` (`userId`);

create index `invitation_organizationId_idx` on `invitation` (`organizationId`);

create index `invitation_email_idx` on `invitation` (`email`);

create index `walletAddress_userId_idx` on `walletAddress` (`userId`);

create index `passkey_userId_idx` on `passkey` (`userId`);

create index `passkey_credentialID_idx` on `passkey` (`credentialID`);

create index `apikey_configId_idx` on `apikey` (`configId`);

create index `apikey_referenceId_idx` on `apikey` (`referenceId`);

create index `apikey_key_idx` on `apikey` (`key`);

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

create index `scimManagedConnection_provisioningDomainId_idx` on `scimManagedConnection` (`provisioningDomainId`);

create index `scimManagedCredential_connectionRecordId_idx` on `scimManagedCredential` (`connectionRecordId`);

create index `scimManagedConnectionEvent_connectionRecordId_idx` on `scimManagedConnectionEvent` (`connectionRecordId`);

create index `scimConnectionBinding_connectionId_idx` on `scimConnectionBinding` (`connectionId`);

create index `scimIdentityTombstone_connectionId_idx` on `scimIdentityTombstone` (`connectionId`);

create index `scimIdentityTombstone_provisioningDomainId_idx` on `scimIdentityTombstone` (`provisioningDomainId`);

create index `scimIdentityTombstone_userId_idx` on `scimIdentityTombstone` (`userId`);

create index `scimSubject_profileSourceId_idx` on `scimSubject` (`profileSourceId`);

create index `scimUser_connectionId_idx` on `scimUser` (`connectionId`);

create index `scimUser_provisioningDomainId_idx` on `scimUser` (`provisioningDomainId`);

create index `scimUser_userId_idx` on `scimUser` (`userId`);

create index `scimProjectionGrant_connectionId_idx` on `scimProjectionGrant` (`connectionId`);

create index `scimProjectionGrant_provisioningDomainId_idx` on `scimProjectionGrant` (`provisioningDomainId`);

create index `scimProjectionGrant_scimUserId_idx` on `scimProjectionGrant` (`scimUserId`);

create index `scimProjectionGrant_userId_idx` on `scimProjectionGrant` (`userId`);

create index `scimGroup_connectionId_idx` on `scimGroup` (`connectionId`);

create index `scimGroup_provisioningDomainId_idx` on `scimGroup` (`provisioningDomainId`);

create index `scimGroupMember_connectionId_idx` on `scimGroupMember` (`connectionId`);

create index `scimGroupMember_groupId_idx` on `scimGroupMember` (`groupId`);

create index `scimGroupMember_scimUserId_idx` on `scimGroupMember` (`scimUserId`);

create unique index `oauthClientResource_clientId_resourceId_uidx` on `oauthClientResource` (`clientId`, `resourceId`);

create unique index `deviceCode_deviceCode_uidx` on `deviceCode` (`deviceCode`);

create unique index `deviceCode_userCode_uidx` on `deviceCode` (`userCode`);

create table `user` (`id` varchar(36) not null primary key, `name` varchar(255) not null, `email` varchar(255) not null unique, `emailVerified` boolean default false not null, `image` text, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `twoFactorEnabled` boolean default false, `plan` text default ('free') not null, `inviteCode` varchar(255) unique);

create table `session` (`id` varchar(36) not null primary key, `expiresAt` timestamp(3) not null, `token` varchar(255) not null unique, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) not null, `ipAddress` text, `userAgent` text, `userId` varchar(36) not null, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `account` (`id` varchar(36) not null primary key, `accountId` text not null, `providerId` text not null, `userId` varchar(36) not null, `accessToken` text, `refreshToken` text, `idToken` text, `accessTokenExpiresAt` timestamp(3), `refreshTokenExpiresAt` timestamp(3), `scope` text, `password` text, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) not null, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `verification` (`id` varchar(36) not null primary key, `identifier` varchar(255) not null, `value` text not null, `expiresAt` timestamp(3) not null, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null);

create table `twoFactor` (`id` varchar(36) not null primary key, `secret` varchar(255) not null, `backupCodes` text not null, `userId` varchar(36) not null, `verified` boolean default true, `failedVerificationCount` integer default 0, `lockedUntil` timestamp(3), foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `apiClient` (`id` varchar(36) not null primary key, `tenantSlug` varchar(191) not null, `externalReferenceCode` varchar(191) not null, `label` text default ('back\\slash ''q'''), `tier` varchar(191) default 'free' not null, `ownerId` varchar(36), `quota` bigint default 1000 not null, `ratio` integer default 2 not null, `active` boolean default true not null, `scopes` json, `meta` json, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, foreign key (`ownerId`) references `user` (`id`) on delete set null);

create table `organizationInvitationRequest` (`id` varchar(36) not null primary key, `inviterEmailAddressForNotifications` varchar(255) not null, `tenantSlug` varchar(191) not null, `externalReferenceCode` varchar(191) not null, `userId` varchar(36) not null, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `rateLimit` (`id` varchar(36) not null primary key, `key` varchar(255) not null unique, `count` integer not null, `lastRequest` bigint not null);

create index `session_userId_idx` on `session` (`userId`);

create index `account_userId_idx` on `account` (`userId`);

create index `verification_identifier_idx` on `verification` (`identifier`);

create index `twoFactor_secret_idx` on `twoFactor` (`secret`);

create index `twoFactor_userId_idx` on `twoFactor` (`userId`);

create index `organizationInvitationRequest_inviterEmailAddressF_aff042e9_idx` on `organizationInvitationRequest` (`inviterEmailAddressForNotifications`);

create index `organizationInvitationRequest_userId_idx` on `organizationInvitationRequest` (`userId`);

create unique index `apiClient_tenantSlug_externalReferenceCode_uidx` on `apiClient` (`tenantSlug`, `externalReferenceCode`);

create index `apiClient_tier_lookup` on `apiClient` (`tier`);

create unique index `organizationInvitationRequest_tenantSlug_external_d7a67329_uidx` on `organizationInvitationRequest` (`tenantSlug`, `externalReferenceCode`);

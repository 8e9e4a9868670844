create table `user` (`id` varchar(36) not null primary key, `name` varchar(255) not null, `email` varchar(255) not null unique, `emailVerified` boolean default false not null, `image` text, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null);

create table `session` (`id` varchar(36) not null primary key, `expiresAt` timestamp(3) not null, `token` varchar(255) not null unique, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) not null, `ipAddress` text, `userAgent` text, `userId` varchar(36) not null, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `account` (`id` varchar(36) not null primary key, `accountId` text not null, `providerId` text not null, `userId` varchar(36) not null, `accessToken` text, `refreshToken` text, `idToken` text, `accessTokenExpiresAt` timestamp(3), `refreshTokenExpiresAt` timestamp(3), `scope` text, `password` text, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) not null, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `verification` (`id` varchar(36) not null primary key, `identifier` varchar(255) not null, `value` text not null, `expiresAt` timestamp(3) not null, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null);

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

create table "user" ("id" text not null primary key, "name" text not null, "email" text not null unique, "emailVerified" integer default 0 not null, "image" text, "createdAt" date not null, "updatedAt" date not null);

create table "session" ("id" text not null primary key, "expiresAt" date not null, "token" text not null unique, "createdAt" date not null, "updatedAt" date not null, "ipAddress" text, "userAgent" text, "userId" text not null references "user" ("id") on delete cascade);

create table "account" ("id" text not null primary key, "accountId" text not null, "providerId" text not null, "userId" text not null references "user" ("id") on delete cascade, "accessToken" text, "refreshToken" text, "idToken" text, "accessTokenExpiresAt" date, "refreshTokenExpiresAt" date, "scope" text, "password" text, "createdAt" date not null, "updatedAt" date not null);

create table "verification" ("id" text not null primary key, "identifier" text not null, "value" text not null, "expiresAt" date not null, "createdAt" date not null, "updatedAt" date not null);

create table "scimManagedConnection" ("id" text not null primary key, "creationRequestId" text not null unique, "connectionId" text not null unique, "provisioningDomainId" text not null, "status" text not null, "revision" integer not null, "createdAt" date not null, "createdBy" text not null, "decommissionStartedAt" date, "decommissionStartedBy" text, "decommissionedAt" date, "decommissionedBy" text);

create table "scimManagedCredential" ("id" text not null primary key, "connectionRecordId" text not null references "scimManagedConnection" ("id") on delete cascade, "credentialId" text not null unique, "tokenDigest" text not null, "hashVersion" text not null, "activeSlotKey" text not null unique, "status" text not null, "serializedScopes" text not null, "expiresAt" date not null, "createdAt" date not null, "createdBy" text not null, "lastUsedAt" date, "revokedAt" date, "revokedBy" text, "decommissionedAt" date);

create table "scimManagedConnectionEvent" ("id" text not null primary key, "connectionRecordId" text not null references "scimManagedConnection" ("id") on delete cascade, "eventKey" text not null unique, "sequence" integer not null, "type" text not null, "actorId" text not null, "credentialId" text, "createdAt" date not null);

create table "scimConnectionBinding" ("id" text not null primary key, "connectionId" text not null, "connectionKey" text not null unique, "provisioningDomainId" text not null, "createdAt" date not null, "decommissionedAt" date, "decommissionStatus" text default 'active' not null, "decommissionCursorUserId" text, "decommissionReconciledUserCount" integer default 0 not null, "decommissionBatchCount" integer default 0 not null, "decommissionRevision" integer default 0 not null, "decommissionCompletedAt" date, "decommissionLeaseId" text, "decommissionLeaseExpiresAt" date);

create table "scimIdentityTombstone" ("id" text not null primary key, "connectionId" text not null, "provisioningDomainId" text not null, "externalId" text not null, "externalIdKey" text not null unique, "userId" text not null references "user" ("id") on delete cascade, "profile" text not null, "deletedAt" date not null);

create table "scimSubject" ("id" text not null primary key, "userId" text not null unique references "user" ("id") on delete cascade, "profileSourceId" text, "revision" integer not null, "createdAt" date not null, "updatedAt" date not null);

create table "scimUser" ("id" text not null primary key, "connectionId" text not null, "provisioningDomainId" text not null, "userId" text not null references "user" ("id") on delete cascade, "connectionUserKey" text not null unique, "userName" text not null, "userNameKey" text not null unique, "primaryEmail" text not null, "workEmailValueIndex" text not null, "emailValueIndex" text not null, "displayName" text not null, "formattedName" text not null, "givenName" text, "familyName" text, "serializedEmails" text not null, "serializedAttributes" text, "externalId" text, "externalIdKey" text unique, "active" integer not null, "orderKey" text not null unique, "createdAt" date not null, "updatedAt" date not null);

create table "scimProjectionGrant" ("id" text not null primary key, "connectionId" text not null, "provisioningDomainId" text not null, "scimUserId" text not null references "scimUser" ("id") on delete cascade, "userId" text not null references "user" ("id") on delete cascade, "sourceKind" text not null, "sourceId" text not null, "sourceValue" text, "role" text not null, "grantKey" text not null unique, "createdAt" date not null, "updatedAt" date not null);

create table "scimGroup" ("id" text not null primary key, "connectionId" text not null, "provisioningDomainId" text not null, "revision" integer default 0 not null, "displayName" text not null, "displayNameKey" text not null unique, "externalId" text, "externalIdKey" text unique, "orderKey" text not null unique, "createdAt" date not null, "updatedAt" date not null);

create table "scimGroupMember" ("id" text not null primary key, "connectionId" text not null, "groupId" text not null references "scimGroup" ("id") on delete cascade, "scimUserId" text not null references "scimUser" ("id") on delete cascade, "membershipKey" text not null unique, "createdAt" date not null);

create index "session_userId_idx" on "session" ("userId");

create index "account_userId_idx" on "account" ("userId");

create index "verification_identifier_idx" on "verification" ("identifier");

create index "scimManagedConnection_provisioningDomainId_idx" on "scimManagedConnection" ("provisioningDomainId");

create index "scimManagedCredential_connectionRecordId_idx" on "scimManagedCredential" ("connectionRecordId");

create index "scimManagedConnectionEvent_connectionRecordId_idx" on "scimManagedConnectionEvent" ("connectionRecordId");

create index "scimConnectionBinding_connectionId_idx" on "scimConnectionBinding" ("connectionId");

create index "scimIdentityTombstone_connectionId_idx" on "scimIdentityTombstone" ("connectionId");

create index "scimIdentityTombstone_provisioningDomainId_idx" on "scimIdentityTombstone" ("provisioningDomainId");

create index "scimIdentityTombstone_userId_idx" on "scimIdentityTombstone" ("userId");

create index "scimSubject_profileSourceId_idx" on "scimSubject" ("profileSourceId");

create index "scimUser_connectionId_idx" on "scimUser" ("connectionId");

create index "scimUser_provisioningDomainId_idx" on "scimUser" ("provisioningDomainId");

create index "scimUser_userId_idx" on "scimUser" ("userId");

create index "scimProjectionGrant_connectionId_idx" on "scimProjectionGrant" ("connectionId");

create index "scimProjectionGrant_provisioningDomainId_idx" on "scimProjectionGrant" ("provisioningDomainId");

create index "scimProjectionGrant_scimUserId_idx" on "scimProjectionGrant" ("scimUserId");

create index "scimProjectionGrant_userId_idx" on "scimProjectionGrant" ("userId");

create index "scimGroup_connectionId_idx" on "scimGroup" ("connectionId");

create index "scimGroup_provisioningDomainId_idx" on "scimGroup" ("provisioningDomainId");

create index "scimGroupMember_connectionId_idx" on "scimGroupMember" ("connectionId");

create index "scimGroupMember_groupId_idx" on "scimGroupMember" ("groupId");

create index "scimGroupMember_scimUserId_idx" on "scimGroupMember" ("scimUserId");

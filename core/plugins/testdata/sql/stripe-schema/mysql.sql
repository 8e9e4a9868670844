create table `user` (`id` varchar(36) not null primary key, `name` varchar(255) not null, `email` varchar(255) not null unique, `emailVerified` boolean default false not null, `image` text, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `stripe_customer_id` text);

create table `session` (`id` varchar(36) not null primary key, `expiresAt` timestamp(3) not null, `token` varchar(255) not null unique, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) not null, `ipAddress` text, `userAgent` text, `userId` varchar(36) not null, `activeOrganizationId` text, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `account` (`id` varchar(36) not null primary key, `accountId` text not null, `providerId` text not null, `userId` varchar(36) not null, `accessToken` text, `refreshToken` text, `idToken` text, `accessTokenExpiresAt` timestamp(3), `refreshTokenExpiresAt` timestamp(3), `scope` text, `password` text, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) not null, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `verification` (`id` varchar(36) not null primary key, `identifier` varchar(255) not null, `value` text not null, `expiresAt` timestamp(3) not null, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null);

create table `workspaces` (`id` varchar(36) not null primary key, `name` varchar(255) not null, `slug` varchar(255) not null unique, `logo` text, `createdAt` timestamp(3) not null, `metadata` text, `stripe_customer` text);

create table `member` (`id` varchar(36) not null primary key, `organizationId` varchar(36) not null, `userId` varchar(36) not null, `role` varchar(255) default 'member' not null, `createdAt` timestamp(3) not null, foreign key (`organizationId`) references `workspaces` (`id`) on delete cascade, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `invitation` (`id` varchar(36) not null primary key, `organizationId` varchar(36) not null, `email` varchar(255) not null, `role` varchar(255), `status` varchar(255) default 'pending' not null, `expiresAt` timestamp(3) not null, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `inviterId` varchar(36) not null, foreign key (`organizationId`) references `workspaces` (`id`) on delete cascade, foreign key (`inviterId`) references `user` (`id`) on delete cascade);

create table `subscriptions` (`id` varchar(36) not null primary key, `plan` text not null, `reference_id` text not null, `stripeCustomerId` text, `stripe_subscription_id` text, `status` text default ('incomplete') not null, `periodStart` timestamp(3), `periodEnd` timestamp(3), `trialStart` timestamp(3), `trialEnd` timestamp(3), `cancelAtPeriodEnd` boolean default false, `cancelAt` timestamp(3), `canceledAt` timestamp(3), `endedAt` timestamp(3), `seats` integer, `billingInterval` text, `stripeScheduleId` text);

create index `session_userId_idx` on `session` (`userId`);

create index `account_userId_idx` on `account` (`userId`);

create index `verification_identifier_idx` on `verification` (`identifier`);

create index `member_organizationId_idx` on `member` (`organizationId`);

create index `member_userId_idx` on `member` (`userId`);

create index `invitation_organizationId_idx` on `invitation` (`organizationId`);

create index `invitation_email_idx` on `invitation` (`email`);

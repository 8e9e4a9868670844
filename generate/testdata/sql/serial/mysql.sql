create table `user` (`id` integer not null primary key auto_increment, `name` varchar(255) not null, `email` varchar(255) not null unique, `emailVerified` boolean default false not null, `image` text, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `twoFactorEnabled` boolean default false);

create table `session` (`id` integer not null primary key auto_increment, `expiresAt` timestamp(3) not null, `token` varchar(255) not null unique, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) not null, `ipAddress` text, `userAgent` text, `userId` integer not null, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `account` (`id` integer not null primary key auto_increment, `accountId` text not null, `providerId` text not null, `userId` integer not null, `accessToken` text, `refreshToken` text, `idToken` text, `accessTokenExpiresAt` timestamp(3), `refreshTokenExpiresAt` timestamp(3), `scope` text, `password` text, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) not null, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `verification` (`id` integer not null primary key auto_increment, `identifier` varchar(255) not null, `value` text not null, `expiresAt` timestamp(3) not null, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null);

create table `twoFactor` (`id` integer not null primary key auto_increment, `secret` varchar(255) not null, `backupCodes` text not null, `userId` integer not null, `verified` boolean default true, `failedVerificationCount` integer default 0, `lockedUntil` timestamp(3), foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `rateLimit` (`id` integer not null primary key auto_increment, `key` varchar(255) not null unique, `count` integer not null, `lastRequest` bigint not null);

create index `session_userId_idx` on `session` (`userId`);

create index `account_userId_idx` on `account` (`userId`);

create index `verification_identifier_idx` on `verification` (`identifier`);

create index `twoFactor_secret_idx` on `twoFactor` (`secret`);

create index `twoFactor_userId_idx` on `twoFactor` (`userId`);

create table `users` (`id` varchar(36) not null primary key, `name` varchar(255) not null, `email_address` varchar(255) not null unique, `email_verified` boolean default false not null, `image` text, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `plan` text default ('free') not null, `age` integer, `role` varchar(255) default 'member' not null, `nickname` text default ('it''s me'));

create table `sessions` (`id` varchar(36) not null primary key, `expiresAt` timestamp(3) not null, `token` varchar(255) not null unique, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) not null, `ipAddress` text, `userAgent` text, `userId` varchar(36) not null, foreign key (`userId`) references `users` (`id`) on delete cascade);

create table `accounts` (`id` varchar(36) not null primary key, `account_id` text not null, `providerId` text not null, `userId` varchar(36) not null, `accessToken` text, `refreshToken` text, `idToken` text, `accessTokenExpiresAt` timestamp(3), `refreshTokenExpiresAt` timestamp(3), `scope` text, `password` text, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) not null, foreign key (`userId`) references `users` (`id`) on delete cascade);

create table `verifications` (`id` varchar(36) not null primary key, `identifier` varchar(255) not null, `value` text not null, `expiresAt` timestamp(3) not null, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `attempts` integer default 0 not null);

create index `users_role_idx` on `users` (`role`);

create index `sessions_userId_idx` on `sessions` (`userId`);

create index `accounts_userId_idx` on `accounts` (`userId`);

create index `verifications_identifier_idx` on `verifications` (`identifier`);

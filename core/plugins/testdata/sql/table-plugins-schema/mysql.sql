create table `user` (`id` varchar(36) not null primary key, `name` varchar(255) not null, `email` varchar(255) not null unique, `emailVerified` boolean default false not null, `image` text, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null);

create table `session` (`id` varchar(36) not null primary key, `expiresAt` timestamp(3) not null, `token` varchar(255) not null unique, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) not null, `ipAddress` text, `userAgent` text, `userId` varchar(36) not null, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `account` (`id` varchar(36) not null primary key, `accountId` text not null, `providerId` text not null, `userId` varchar(36) not null, `accessToken` text, `refreshToken` text, `idToken` text, `accessTokenExpiresAt` timestamp(3), `refreshTokenExpiresAt` timestamp(3), `scope` text, `password` text, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) not null, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `verification` (`id` varchar(36) not null primary key, `identifier` varchar(255) not null, `value` text not null, `expiresAt` timestamp(3) not null, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null);

create table `json_web_keys` (`id` varchar(36) not null primary key, `public_key` text not null, `private_key` text not null, `createdAt` timestamp(3) not null, `expiresAt` timestamp(3), `alg` text, `crv` text);

create table `passkeys` (`id` varchar(36) not null primary key, `name` text, `publicKey` text not null, `user_id` varchar(36) not null, `credential_id` varchar(255) not null, `counter` integer not null, `deviceType` text not null, `backedUp` boolean not null, `transports` text, `createdAt` timestamp(3), `aaguid` text, foreign key (`user_id`) references `user` (`id`) on delete cascade);

create table `wallet_addresses` (`id` varchar(36) not null primary key, `user_id` varchar(36) not null, `address` text not null, `chain_id` integer not null, `isPrimary` boolean default false not null, `createdAt` timestamp(3) not null, foreign key (`user_id`) references `user` (`id`) on delete cascade);

create table `device_codes` (`id` varchar(36) not null primary key, `device_code` varchar(191) not null, `user_code` varchar(191) not null, `userId` text, `expiresAt` timestamp(3) not null, `status` text not null, `lastPolledAt` timestamp(3), `pollingInterval` integer, `clientId` text, `scope` text);

create index `session_userId_idx` on `session` (`userId`);

create index `account_userId_idx` on `account` (`userId`);

create index `verification_identifier_idx` on `verification` (`identifier`);

create index `passkeys_user_id_idx` on `passkeys` (`user_id`);

create index `passkeys_credential_id_idx` on `passkeys` (`credential_id`);

create index `wallet_addresses_user_id_idx` on `wallet_addresses` (`user_id`);

create unique index `device_codes_device_code_uidx` on `device_codes` (`device_code`);

create unique index `device_codes_user_code_uidx` on `device_codes` (`user_code`);

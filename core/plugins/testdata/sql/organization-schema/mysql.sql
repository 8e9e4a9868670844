create table `user` (`id` varchar(36) not null primary key, `name` varchar(255) not null, `email` varchar(255) not null unique, `emailVerified` boolean default false not null, `image` text, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null);

create table `session` (`id` varchar(36) not null primary key, `expiresAt` timestamp(3) not null, `token` varchar(255) not null unique, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) not null, `ipAddress` text, `userAgent` text, `userId` varchar(36) not null, `active_workspace_id` text, `activeTeamId` text, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `account` (`id` varchar(36) not null primary key, `accountId` text not null, `providerId` text not null, `userId` varchar(36) not null, `accessToken` text, `refreshToken` text, `idToken` text, `accessTokenExpiresAt` timestamp(3), `refreshTokenExpiresAt` timestamp(3), `scope` text, `password` text, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) not null, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `verification` (`id` varchar(36) not null primary key, `identifier` varchar(255) not null, `value` text not null, `expiresAt` timestamp(3) not null, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null);

create table `workspaces` (`id` varchar(36) not null primary key, `name` varchar(255) not null, `slug` varchar(255) not null unique, `logo` text, `created_at` timestamp(3) not null, `metadata` text, `plan` text default ('free') not null, `seats` integer);

create table `organizationRole` (`id` varchar(36) not null primary key, `organizationId` varchar(36) not null, `role` varchar(255) not null, `permission` text not null, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `updatedAt` timestamp(3), `description` text, foreign key (`organizationId`) references `workspaces` (`id`) on delete cascade);

create table `squads` (`id` varchar(36) not null primary key, `name` text not null, `memberCount` integer default 0 not null, `organizationId` varchar(36) not null, `createdAt` timestamp(3) not null, `updatedAt` timestamp(3), `color` text, foreign key (`organizationId`) references `workspaces` (`id`) on delete cascade);

create table `squad_members` (`id` varchar(36) not null primary key, `squad_id` varchar(36) not null, `userId` varchar(36) not null, `membershipKey` varchar(255) unique, `createdAt` timestamp(3), foreign key (`squad_id`) references `squads` (`id`) on delete cascade, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `workspace_members` (`id` varchar(36) not null primary key, `workspace_id` varchar(36) not null, `userId` varchar(36) not null, `role` varchar(255) default 'member' not null, `createdAt` timestamp(3) not null, `title` text, foreign key (`workspace_id`) references `workspaces` (`id`) on delete cascade, foreign key (`userId`) references `user` (`id`) on delete cascade);

create table `invitation` (`id` varchar(36) not null primary key, `organizationId` varchar(36) not null, `email` varchar(255) not null, `role` varchar(255), `teamId` varchar(255), `status` varchar(255) default 'pending' not null, `expiresAt` timestamp(3) not null, `createdAt` timestamp(3) default CURRENT_TIMESTAMP(3) not null, `inviterId` varchar(36) not null, `message` text, foreign key (`organizationId`) references `workspaces` (`id`) on delete cascade, foreign key (`inviterId`) references `user` (`id`) on delete cascade);

create index `session_userId_idx` on `session` (`userId`);

create index `account_userId_idx` on `account` (`userId`);

create index `verification_identifier_idx` on `verification` (`identifier`);

create index `organizationRole_organizationId_idx` on `organizationRole` (`organizationId`);

create index `organizationRole_role_idx` on `organizationRole` (`role`);

create index `squads_organizationId_idx` on `squads` (`organizationId`);

create index `squad_members_squad_id_idx` on `squad_members` (`squad_id`);

create index `squad_members_userId_idx` on `squad_members` (`userId`);

create index `workspace_members_workspace_id_idx` on `workspace_members` (`workspace_id`);

create index `workspace_members_userId_idx` on `workspace_members` (`userId`);

create index `invitation_organizationId_idx` on `invitation` (`organizationId`);

create index `invitation_email_idx` on `invitation` (`email`);

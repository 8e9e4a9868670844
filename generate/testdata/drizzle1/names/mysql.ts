import { defineRelations } from "drizzle-orm";
import {
  mysqlTable,
  varchar,
  text,
  timestamp,
  boolean,
  index,
} from "drizzle-orm/mysql-core";

export const 用户 = mysqlTable(
  "用户",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    name: varchar("name", { length: 255 }).notNull(),
    "e-mail": varchar("e_mail", { length: 255 }).notNull().unique(),
    emailVerified: boolean("email_verified").default(false).notNull(),
    image: text("image"),
    createdAt: timestamp("created_at", { fsp: 3 }).defaultNow().notNull(),
    updatedAt: timestamp("updated_at", { fsp: 3 })
      .defaultNow()
      .$onUpdate(() => /* @__PURE__ */ new Date())
      .notNull(),
    "home page": varchar("home_page", { length: 255 }),
  },
  (table) => [index("用户_home page_idx").on(table["home page"])],
);

export const $session = mysqlTable(
  "session",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    expiresAt: timestamp("expires_at", { fsp: 3 }).notNull(),
    token: varchar("token", { length: 255 }).notNull().unique(),
    createdAt: timestamp("created_at", { fsp: 3 }).defaultNow().notNull(),
    updatedAt: timestamp("updated_at", { fsp: 3 })
      .$onUpdate(() => /* @__PURE__ */ new Date())
      .notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    "user-id": varchar("user_id", { length: 36 })
      .notNull()
      .references(() => 用户.id, { onDelete: "cascade" }),
  },
  (table) => [index("$session_user-id_idx").on(table["user-id"])],
);

export const account = mysqlTable(
  "account",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    "user-id": varchar("user_id", { length: 36 })
      .notNull()
      .references(() => 用户.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { fsp: 3 }),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at", { fsp: 3 }),
    scope: text("scope"),
    password: text("password"),
    createdAt: timestamp("created_at", { fsp: 3 }).defaultNow().notNull(),
    updatedAt: timestamp("updated_at", { fsp: 3 })
      .$onUpdate(() => /* @__PURE__ */ new Date())
      .notNull(),
  },
  (table) => [index("account_user-id_idx").on(table["user-id"])],
);

export const _verification = mysqlTable(
  "verification",
  {
    id: varchar("id", { length: 36 }).primaryKey(),
    identifier: varchar("identifier", { length: 255 }).notNull(),
    value: text("value").notNull(),
    expiresAt: timestamp("expires_at", { fsp: 3 }).notNull(),
    createdAt: timestamp("created_at", { fsp: 3 }).defaultNow().notNull(),
    updatedAt: timestamp("updated_at", { fsp: 3 })
      .defaultNow()
      .$onUpdate(() => /* @__PURE__ */ new Date())
      .notNull(),
  },
  (table) => [index("_verification_identifier_idx").on(table.identifier)],
);

export const authRelations = defineRelations(
  { 用户, $session, account, _verification },
  (r) => ({
    用户: {
      $sessions: r.many.$session({
        from: r.用户.id,
        to: r.$session["user-id"],
      }),
      accounts: r.many.account({
        from: r.用户.id,
        to: r.account["user-id"],
      }),
    },
    $session: {
      用户: r.one.用户({
        from: r.$session["user-id"],
        to: r.用户.id,
      }),
    },
    account: {
      用户: r.one.用户({
        from: r.account["user-id"],
        to: r.用户.id,
      }),
    },
  }),
);

package migrate_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
	"github.com/authctl/authctl/migrate"
	"github.com/authctl/authctl/schema"
)

// devices adds a device table and a session column referencing it: on
// SQLite, adding a foreign key to an existing table means recreating it.
var devices = tablesPlugin{"devices", []schema.Table{
	{Key: "device", Fields: []schema.Field{{Name: "label", Type: schema.TypeString}}},
	{Key: "session", Fields: []schema.Field{{Name: "deviceId", Type: schema.TypeString, Required: schema.Optional, Index: true,
		References: &schema.Reference{Model: "device", Field: "id", OnDelete: schema.SetNull}}}},
}}

// populate inserts n users with a session each.
func populate(t testing.TB, u string, n int) {
	t.Helper()
	db := rawDB(t, u)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	now := "CURRENT_TIMESTAMP"
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("u%04d", i)
		if _, err := tx.Exec(fmt.Sprintf("INSERT INTO %s (%s, %s, %s, %s, %s, %s) VALUES ('%s', 'User %d', '%s@example.com', %s, %s, %s)",
			quote(u, "user"), quote(u, "id"), quote(u, "name"), quote(u, "email"), quote(u, "emailVerified"), quote(u, "createdAt"), quote(u, "updatedAt"),
			id, i, id, boolLit(u, i%2 == 0), now, now)); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(fmt.Sprintf("INSERT INTO %s (%s, %s, %s, %s, %s, %s, %s) VALUES ('s%04d', %s, 'tok%04d', %s, %s, '10.0.0.%d', %s)",
			quote(u, "session"), quote(u, "id"), quote(u, "expiresAt"), quote(u, "token"), quote(u, "createdAt"), quote(u, "updatedAt"), quote(u, "ipAddress"), quote(u, "userId"),
			i, now, i, now, now, i%250, "'"+id+"'")); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// fingerprint hashes every row of the given columns of a table, in id
// order, so that a test can prove them unchanged.
func fingerprint(t testing.TB, u, table string, cols ...string) (string, int) {
	t.Helper()
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = quote(u, c)
	}
	rows, err := rawDB(t, u).Query("SELECT " + strings.Join(q, ", ") + " FROM " + quote(u, table) + " ORDER BY " + quote(u, "id"))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	h, n := sha256.New(), 0
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			fmt.Fprintf(h, "%v|%s;", v.Valid, v.String)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil)), n
}

var (
	userCols    = []string{"id", "name", "email", "emailVerified", "createdAt", "updatedAt"}
	sessionCols = []string{"id", "expiresAt", "token", "createdAt", "updatedAt", "ipAddress", "userId"}
)

// A populated database (1,000 users with sessions) gains plugins' columns
// and tables, and a foreign key that SQLite can only add by recreating the
// session table, with every row intact and the new columns defaulted.
func TestPopulatedDatabaseKeepsEveryRow(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		u := e.fresh(t)
		apply(t, open(t, u, migrate.Options{}), mustSchema(t, base))
		populate(t, u, 1000)
		users, nu := fingerprint(t, u, "user", userCols...)
		sessions, ns := fingerprint(t, u, "session", sessionCols...)

		s := mustSchema(t, with(base, func(o *core.Options) {
			o.Plugins = []core.Plugin{plugins.TwoFactor(), plugins.Username(), admin, devices}
		}))
		res := apply(t, open(t, u, migrate.Options{}), s)
		rebuilt := false
		for _, c := range res.Plan.Changes {
			rebuilt = rebuilt || c.Rebuild
		}
		if rebuilt != (e.name == "sqlite") {
			t.Errorf("rebuild = %v on %s:\n%s", rebuilt, e.name, res.Plan.SQL())
		}
		if fks := describe(t, u, "")["session"].FKs; len(fks) != 2 || !strings.Contains(strings.Join(fks, ";"), "deviceId -> device(id) on delete set null") {
			t.Errorf("session foreign keys: %v", fks)
		}
		if got, n := fingerprint(t, u, "user", userCols...); got != users || n != nu || n != 1000 {
			t.Errorf("users changed: %d rows (was %d)", n, nu)
		}
		if got, n := fingerprint(t, u, "session", sessionCols...); got != sessions || n != ns || n != 1000 {
			t.Errorf("sessions changed: %d rows (was %d)", n, ns)
		}
		var off int
		if err := rawDB(t, u).QueryRow("SELECT COUNT(*) FROM " + quote(u, "user") + " WHERE " + quote(u, "twoFactorEnabled") + " = " + boolLit(u, true) +
			" OR " + quote(u, "twoFactorEnabled") + " IS NULL OR " + quote(u, "banned") + " IS NULL").Scan(&off); err != nil {
			t.Fatal(err)
		}
		if off != 0 {
			t.Errorf("%d users lack the new columns' defaults", off)
		}
		// The cascade still works after the rebuild.
		mustExec(t, rawDB(t, u), "DELETE FROM "+quote(u, "user")+" WHERE "+quote(u, "id")+" = 'u0001'")
		if _, n := fingerprint(t, u, "session", "id"); n != 999 {
			t.Errorf("%d sessions after deleting a user, want 999", n)
		}
		upToDate(t, u, s)
	})
}

// SQLite recreates a table to add a foreign key. Columns, indexes and
// uniques the schema does not know are copied too, with their data, and
// views and other tables' triggers naming it keep working; a table with
// triggers of its own is refused instead (the rebuild would drop them).
func TestSQLiteRebuildKeepsUnknownObjects(t *testing.T) {
	u := freshSQLite(t)
	apply(t, open(t, u, migrate.Options{}), mustSchema(t, base))
	populate(t, u, 20)
	db := rawDB(t, u)
	mustExec(t, db,
		`ALTER TABLE "session" ADD COLUMN "legacy" text`,
		`UPDATE "session" SET "legacy" = 'keep-' || "id"`,
		`CREATE INDEX "session_legacy_idx" ON "session" ("legacy")`,
		`CREATE UNIQUE INDEX "session_ip_ua" ON "session" ("ipAddress", "userAgent", "id")`,
		`CREATE VIEW "recent" AS SELECT "id", "legacy" FROM "session"`,
		`CREATE TRIGGER "user_gone" AFTER DELETE ON "user" BEGIN DELETE FROM "session" WHERE "userId" = old."id"; END`,
	)
	before, _ := fingerprint(t, u, "session", append(sessionCols, "legacy")...)
	s := mustSchema(t, with(base, func(o *core.Options) { o.Plugins = []core.Plugin{devices} }))

	mustExec(t, db, `CREATE TRIGGER "session_touch" AFTER UPDATE ON "session" BEGIN SELECT 1; END`)
	_, err := open(t, u, migrate.Options{}).Apply(context.Background(), s, migrate.ApplyOptions{})
	if err == nil || !strings.Contains(err.Error(), "session_touch") {
		t.Fatalf("apply error = %v, want a refusal naming the trigger", err)
	}
	mustExec(t, db, `DROP TRIGGER "session_touch"`)

	res := apply(t, open(t, u, migrate.Options{}), s)
	if len(res.Plan.Changes) == 0 {
		t.Fatal("nothing planned")
	}
	after, n := fingerprint(t, u, "session", append(sessionCols, "legacy")...)
	if after != before || n != 20 {
		t.Errorf("session rows or the legacy column changed (%d rows)", n)
	}
	var viewRows, triggers int
	if err := db.QueryRow(`SELECT count(*) FROM "recent" WHERE "legacy" LIKE 'keep-%'`).Scan(&viewRows); err != nil || viewRows != 20 {
		t.Errorf("the view after the rebuild: %d rows, %v", viewRows, err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'user_gone'`).Scan(&triggers); err != nil || triggers != 1 {
		t.Errorf("the user trigger after the rebuild: %d, %v", triggers, err)
	}
	d := describe(t, u, "")["session"]
	want := []string{"session_legacy_idx(legacy)", "session_userId_idx(userId)", "session_deviceId_idx(deviceId)"}
	for _, w := range want {
		if !strings.Contains(strings.Join(d.Indexes, " "), w) {
			t.Errorf("index %s missing: %v", w, d.Indexes)
		}
	}
	if !strings.Contains(strings.Join(d.Uniques, " "), "id,ipAddress,userAgent") || !strings.Contains(strings.Join(d.Uniques, " "), "token") {
		t.Errorf("uniques: %v", d.Uniques)
	}
	if len(d.FKs) != 2 {
		t.Errorf("foreign keys: %v", d.FKs)
	}
	p, err := open(t, u, migrate.Options{}).Plan(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	if p.Pending() || len(p.Warnings) != 1 || p.Warnings[0].Kind != "extra-column" || p.Warnings[0].Column != "legacy" {
		t.Errorf("second plan:\n%s\nwarnings %+v", p.SQL(), p.Warnings)
	}
}

// Tables the schema does not name are never changed, even when they point
// at auth tables.
func TestUnrelatedTablesUntouched(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		u := e.fresh(t)
		apply(t, open(t, u, migrate.Options{}), mustSchema(t, base))
		text := "text"
		if e.name == "mysql" {
			text = "varchar(36)"
		}
		mustExec(t, rawDB(t, u),
			"CREATE TABLE "+quote(u, "posts")+" ("+quote(u, "id")+" integer primary key, "+quote(u, "authorId")+" "+text+" references "+quote(u, "user")+" ("+quote(u, "id")+"), "+quote(u, "twoFactorEnabled")+" integer)",
		)
		insertUser(t, u, "u1", "Ada")
		mustExec(t, rawDB(t, u), "INSERT INTO "+quote(u, "posts")+" VALUES (1, 'u1', 7)")
		before := describe(t, u, "")["posts"]
		res := apply(t, open(t, u, migrate.Options{}), mustSchema(t, with(base, func(o *core.Options) { o.Plugins = []core.Plugin{plugins.TwoFactor()} })))
		for _, s := range res.Plan.Statements {
			if strings.Contains(s, "posts") {
				t.Errorf("touches posts: %s", s)
			}
		}
		for _, w := range res.Plan.Warnings {
			t.Errorf("warning: %+v", w)
		}
		if d := diffPhysical(map[string]*physical{"posts": before}, map[string]*physical{"posts": describe(t, u, "")["posts"]}, nil); d != "" {
			t.Errorf("posts changed:\n%s", d)
		}
		if _, n := fingerprint(t, u, "posts", "id", "authorId", "twoFactorEnabled"); n != 1 {
			t.Errorf("posts has %d rows", n)
		}
	})
}

// A table the reference created (an inline UNIQUE, which SQLite indexes as
// sqlite_autoindex_*) keeps its uniqueness through a rebuild.
func TestSQLiteRebuildOfReferenceTable(t *testing.T) {
	u := freshSQLite(t)
	loadSample(t, u, readSample(t, "sqlite", "default", "01-generate.generate.sql"))
	populate(t, u, 10)
	s := mustSchema(t, with(base, func(o *core.Options) { o.Plugins = []core.Plugin{devices} }))
	res := apply(t, open(t, u, migrate.Options{}), s)
	if !strings.Contains(res.Plan.SQL(), "DROP TABLE `session`") {
		t.Fatalf("no rebuild:\n%s", res.Plan.SQL())
	}
	d := describe(t, u, "")["session"]
	if strings.Join(d.Uniques, " ") != "token" {
		t.Errorf("uniques after the rebuild: %v", d.Uniques)
	}
	if _, n := fingerprint(t, u, "session", sessionCols...); n != 10 {
		t.Errorf("%d sessions", n)
	}
	mustExec(t, rawDB(t, u), `INSERT INTO "device" VALUES ('d1', 'phone')`)
	if _, err := rawDB(t, u).Exec(`UPDATE "session" SET "token" = 'tok0001' WHERE "id" = 's0002'`); err == nil {
		t.Error("a duplicate token was accepted after the rebuild")
	}
	upToDate(t, u, s)
}

// A foreign key to a table outside the auth schema needs that table: it is
// referenced, never created.
func TestExternalReference(t *testing.T) {
	forEach(t, func(t *testing.T, e engine) {
		u := e.fresh(t)
		orgs := tablesPlugin{"orgs", []schema.Table{{Key: "user", Fields: []schema.Field{
			{Name: "orgId", Type: schema.TypeString, Required: schema.Optional, References: &schema.Reference{Model: "orgs", Field: "id", OnDelete: schema.SetNull}},
		}}}}
		s := mustSchema(t, with(base, func(o *core.Options) { o.Plugins = []core.Plugin{orgs} }))
		_, err := open(t, u, migrate.Options{}).Plan(context.Background(), s)
		if err == nil || !strings.Contains(err.Error(), `field user.orgId references table "orgs", which is neither an auth table nor in schema`) {
			t.Fatalf("plan error = %v", err)
		}
		idType := "text"
		if e.name == "mysql" {
			idType = "varchar(36)"
		}
		mustExec(t, rawDB(t, u), "CREATE TABLE "+quote(u, "orgs")+" ("+quote(u, "id")+" "+idType+" primary key)")
		apply(t, open(t, u, migrate.Options{}), s)
		if fks := describe(t, u, "")["user"].FKs; len(fks) != 1 || fks[0] != "orgId -> orgs(id) on delete set null" {
			t.Errorf("foreign keys: %v", fks)
		}
		upToDate(t, u, s)
	})
}

// Package versioned writes versioned migration files for an auth schema:
// the next file of a migration directory, in the layout of goose,
// golang-migrate, dbmate, Atlas, or plain numbered SQL.
//
// Diff replays the directory's up migrations into a dev database (an
// in-memory SQLite database, or a scratch PostgreSQL or MySQL database that
// must be empty and is emptied again afterwards), plans what the schema
// still needs with the same planner `authctl migrate` uses
// (migrate.Migrator.PlanFile: additions only, drift reported, changes that
// depend on data classified as unsafe), and renders the plan as the next
// file with Atlas's own formatters (ariga.io/atlas/sql/sqltool and
// sql/migrate), down migration and atlas.sum included where the format has
// them. Nothing is written: Write puts the rendered files in place, all or
// nothing.
//
//	res, err := versioned.Diff(ctx, versioned.Options{Dir: "migrations", Format: versioned.Goose,
//		Name: "add_2fa", Dialect: "sqlite", Schema: s})
//	…
//	if res.Pending() && len(res.Plan.Unsafe) == 0 {
//		err = versioned.Write(res)
//	}
//
// The API is internal to authctl and may change.
package versioned

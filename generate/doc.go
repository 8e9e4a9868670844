// Package generate renders schema files from the merged auth schema: SQL
// for SQLite, PostgreSQL and MySQL, Prisma schemas (merged into an existing
// file), Drizzle schema modules and GORM model structs.
//
// Every target renders into memory and returns Files, a path → content map;
// writing, the --check drift comparison and the tests all consume that map,
// so nothing touches the disk until everything has rendered.
package generate

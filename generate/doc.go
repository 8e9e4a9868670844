// Package generate renders schema files from the merged auth schema: SQL
// for SQLite, PostgreSQL and MySQL (and, later, Prisma, Drizzle and GORM).
//
// Every target renders into memory and returns Files, a path → content map;
// writing, the --check drift comparison and the tests all consume that map,
// so nothing touches the disk until everything has rendered.
package generate

// Package dialects maps the dialect-neutral schema model onto SQLite,
// PostgreSQL and MySQL: column types (Better Auth's getType), the id column
// of each id strategy, identifier quoting and default-value expressions.
//
// A Dialect only answers questions about one column or one identifier; it
// never builds statements. The SQL generator and migrate both ask it, so
// the two agree on every type by construction.
//
// The package imports only the standard library and package schema.
package dialects

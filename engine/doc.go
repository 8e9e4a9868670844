// Package engine is the one table of the SQL engines authctl and its
// runtime support: each engine's canonical name and the spellings it
// accepts, identifier quoting, placeholders, the names Prisma, Drizzle and
// Better Auth give it, whether its DDL is transactional, and how a
// migration locks it.
//
// Every package that needs a fact about an engine asks its *Engine value,
// never a name compared as a string, so that adding an engine means adding
// one value here (and its type mapping in package dialects). It imports
// only the standard library, so that core, which every application
// compiles, can use it.
package engine

package engine

import (
	"fmt"
	"strconv"
	"strings"
)

// Engine is one SQL engine. Compare engines by pointer: engine.MySQL.
type Engine struct {
	name    string   // canonical: what core.Database.Dialect holds
	aliases []string // other accepted spellings, lower case
	label   string   // for people: "PostgreSQL"
	quote   byte     // identifier quote character
	dollar  bool     // $1, $2 … placeholders instead of ?
	prisma  string   // Prisma's datasource provider
	drizzle string   // Better Auth's Drizzle adapter provider
	ddlTx   bool     // DDL runs inside a transaction
	lock    Lock
	maxName int // longest identifier; 0 = no limit
	// nameBytes: maxName counts bytes, not characters.
	nameBytes bool
	// How Better Auth stores values here: dates as ISO-8601 text and
	// booleans as 0/1 (SQLite), and whether INSERT … RETURNING reads back
	// a generated id.
	textDates, intBools, returning bool
	// drivers are the database/sql driver names that serve the engine, in
	// order of preference; hint says which to import.
	drivers []string
	hint    string
	// schemes are the URL schemes of a connection string ("postgres://").
	schemes []string
}

// Lock is how a migration keeps others out.
type Lock int

const (
	// AdvisoryXactLock is PostgreSQL's pg_advisory_xact_lock, held by the
	// migration's transaction.
	AdvisoryXactLock Lock = iota + 1
	// NamedLock is MySQL's GET_LOCK, held by the migration's connection.
	NamedLock
	// WriteLock is SQLite's database write lock, taken by BEGIN IMMEDIATE.
	WriteLock
)

// The engines.
var (
	SQLite = &Engine{name: "sqlite", aliases: []string{"sqlite3"}, label: "SQLite", quote: '"',
		prisma: "sqlite", drizzle: "sqlite", ddlTx: true, lock: WriteLock,
		textDates: true, intBools: true, returning: true,
		drivers: []string{"sqlite", "sqlite3"}, hint: `import _ "modernc.org/sqlite" (or github.com/mattn/go-sqlite3)`,
		schemes: []string{"sqlite", "sqlite3"}}
	Postgres = &Engine{name: "postgres", aliases: []string{"postgresql", "pg"}, label: "PostgreSQL", quote: '"',
		dollar: true, prisma: "postgresql", drizzle: "pg", ddlTx: true, lock: AdvisoryXactLock, maxName: 63, nameBytes: true,
		returning: true, drivers: []string{"pgx", "postgres"}, hint: `import _ "github.com/jackc/pgx/v5/stdlib"`,
		schemes: []string{"postgres", "postgresql"}}
	MySQL = &Engine{name: "mysql", aliases: []string{"mariadb"}, label: "MySQL", quote: '`',
		prisma: "mysql", drizzle: "mysql", lock: NamedLock, maxName: 64,
		drivers: []string{"mysql"}, hint: `import _ "github.com/go-sql-driver/mysql"`,
		schemes: []string{"mysql", "mariadb"}}
)

var all = []*Engine{SQLite, Postgres, MySQL}

// All returns every engine, in the order help texts list them.
func All() []*Engine { return append([]*Engine(nil), all...) }

// Lookup returns the engine a name means, whatever its case and
// surrounding spaces: sqlite (sqlite3), postgres (postgresql, pg) or
// mysql (mariadb).
func Lookup(name string) (*Engine, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, e := range all {
		if n == e.name {
			return e, nil
		}
		for _, a := range e.aliases {
			if n == a {
				return e, nil
			}
		}
	}
	return nil, fmt.Errorf("unknown dialect %q: use %s", name, Spellings())
}

// Spellings lists every accepted name, for help texts and errors:
// "sqlite (or sqlite3), postgres (or postgresql, pg) or mysql (or mariadb)".
func Spellings() string {
	parts := make([]string, len(all))
	for i, e := range all {
		parts[i] = e.name
		if len(e.aliases) > 0 {
			parts[i] += " (or " + strings.Join(e.aliases, ", ") + ")"
		}
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// Names returns the canonical names.
func Names() []string {
	out := make([]string, len(all))
	for i, e := range all {
		out[i] = e.name
	}
	return out
}

// Name is the canonical name: "sqlite", "postgres" or "mysql".
func (e *Engine) Name() string { return e.name }

// String is Name.
func (e *Engine) String() string { return e.name }

// Label is the name people use: "SQLite", "PostgreSQL", "MySQL".
func (e *Engine) Label() string { return e.label }

// Quote returns ident as a quoted identifier, doubling any quote
// character inside it.
func (e *Engine) Quote(ident string) string {
	q := string(e.quote)
	return q + strings.ReplaceAll(ident, q, q+q) + q
}

// Placeholder is the i-th (1-based) bind parameter of a statement.
func (e *Engine) Placeholder(i int) string {
	if e.dollar {
		return "$" + strconv.Itoa(i)
	}
	return "?"
}

// Prisma is the datasource provider: "sqlite", "postgresql", "mysql".
func (e *Engine) Prisma() string { return e.prisma }

// Drizzle is the provider of Better Auth's Drizzle adapter: "sqlite",
// "pg", "mysql".
func (e *Engine) Drizzle() string { return e.drizzle }

// TransactionalDDL reports whether CREATE and ALTER run inside a
// transaction that can roll them back (not on MySQL, which commits each).
func (e *Engine) TransactionalDDL() bool { return e.ddlTx }

// Lock is how a migration locks the database.
func (e *Engine) Lock() Lock { return e.lock }

// MaxIdentifier is the longest identifier the engine keeps (PostgreSQL
// truncates longer ones, MySQL refuses them), counted as
// IdentifierCountsBytes says; 0 means no limit.
func (e *Engine) MaxIdentifier() int { return e.maxName }

// IdentifierCountsBytes reports whether MaxIdentifier counts bytes
// (PostgreSQL) rather than characters (MySQL: 30 Chinese characters, 90
// bytes, make a valid name).
func (e *Engine) IdentifierCountsBytes() bool { return e.nameBytes }

// TextDates reports whether Better Auth stores dates as ISO-8601 text with
// milliseconds (SQLite) rather than the engine's timestamp type.
func (e *Engine) TextDates() bool { return e.textDates }

// IntBools reports whether Better Auth stores booleans as 0/1 (SQLite).
func (e *Engine) IntBools() bool { return e.intBools }

// InsertReturning reports whether INSERT … RETURNING reads back a
// generated id (not on MySQL, which has LAST_INSERT_ID).
func (e *Engine) InsertReturning() bool { return e.returning }

// Drivers are the database/sql driver names that serve the engine, in
// order of preference.
func (e *Engine) Drivers() []string { return append([]string(nil), e.drivers...) }

// DriverHint says which driver package an application imports.
func (e *Engine) DriverHint() string { return e.hint }

// ForURLScheme returns the engine a connection URL's scheme names
// ("postgresql" in postgresql://…), in any case, or nil.
func ForURLScheme(scheme string) *Engine {
	for _, e := range all {
		for _, s := range e.schemes {
			if strings.EqualFold(s, scheme) {
				return e
			}
		}
	}
	return nil
}

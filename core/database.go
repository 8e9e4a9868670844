package core

import "database/sql"

// Dialects a Database can name: the canonical names of package engine's
// engines (Database.Dialect also accepts their other spellings, such as
// "pg" or "mariadb").
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
	DialectMySQL    = "mysql"
)

// Database says which engine holds the auth tables and how to reach it. The
// URL is read only by `authctl migrate` and the runtime, never printed.
type Database struct {
	Dialect string
	URL     string
	// Schema is the PostgreSQL schema holding the auth tables (Better
	// Auth's database.schemaName). Empty means the connection's
	// search_path. Other dialects reject it.
	Schema string
	// Adapter says how an ORM owns the schema, for `authctl generate`.
	Adapter Adapter
	// DB is an open connection pool for the runtime (Auth.Handler,
	// Auth.GetSession). When nil, Auth.Open opens URL with the
	// database/sql driver the application registered by importing it:
	// "sqlite" (modernc.org/sqlite) or "sqlite3", "pgx" or "postgres",
	// "mysql" (github.com/go-sql-driver/mysql). authctl never uses DB.
	DB *sql.DB
}

// ORM adapters `authctl generate` can write for (Adapter.Name).
const (
	AdapterSQL     = "sql"
	AdapterPrisma  = "prisma"
	AdapterDrizzle = "drizzle"
	AdapterGORM    = "gorm"
)

// Adapter holds the options of Better Auth's ORM adapters that change the
// generated schema. Flags of `authctl generate` override them.
type Adapter struct {
	// Name is the default --adapter: AdapterSQL (when empty), AdapterPrisma,
	// AdapterDrizzle or AdapterGORM.
	Name string
	// UsePlural pluralises model and table names by appending "s"
	// (Prisma and Drizzle).
	UsePlural bool
	// CamelCase keeps camelCase column names in Drizzle (default:
	// snake_case, as Better Auth's Drizzle adapter).
	CamelCase bool
	// SchemaName puts Drizzle PostgreSQL tables in pgSchema(SchemaName).
	SchemaName string
	// DrizzleRelations is the Drizzle relations API to write: "v1" (when
	// empty) for relations() of drizzle-orm 0.x, "v2" for defineRelations
	// of drizzle-orm 1.0 (Drizzle's "relations v2").
	DrizzleRelations string
}

// SQLite returns a SQLite database at path (a file name, "file:" URL or
// ":memory:").
func SQLite(path string) Database { return Database{Dialect: DialectSQLite, URL: path} }

// Postgres returns a PostgreSQL database at url
// ("postgres://user:pass@host:5432/db?sslmode=disable").
func Postgres(url string) Database { return Database{Dialect: DialectPostgres, URL: url} }

// MySQL returns a MySQL or MariaDB database at dsn ("mysql://user:pass@host/db"
// or the driver's "user:pass@tcp(host:3306)/db").
func MySQL(dsn string) Database { return Database{Dialect: DialectMySQL, URL: dsn} }

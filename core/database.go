package core

// Dialects a Database can name.
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

package initcmd

import (
	"fmt"
	"strings"

	"github.com/authctl/authctl/engine"
)

// Framework is a web framework a scaffold can mount the handler on.
type Framework struct {
	Name  string // the --framework value
	Label string // for prompts
	// Module and Version are the requirement init adds; empty for net/http.
	Module, Version string
	// Router is the type Mount takes.
	Router string
}

// Frameworks are the supported frameworks, in prompt order. The versions are
// the ones the scaffold templates were tested with.
var Frameworks = []Framework{
	{Name: "nethttp", Label: "net/http (standard library)", Router: "*http.ServeMux"},
	{Name: "chi", Label: "chi (github.com/go-chi/chi/v5)", Module: "github.com/go-chi/chi/v5", Version: "v5.5.0", Router: "*chi.Mux"},
	{Name: "gin", Label: "Gin (github.com/gin-gonic/gin)", Module: "github.com/gin-gonic/gin", Version: "v1.12.0", Router: "*gin.Engine"},
	{Name: "echo", Label: "Echo (github.com/labstack/echo/v4)", Module: "github.com/labstack/echo/v4", Version: "v4.16.0", Router: "*echo.Echo"},
	{Name: "fiber", Label: "Fiber (github.com/gofiber/fiber/v2)", Module: "github.com/gofiber/fiber/v2", Version: "v2.52.15", Router: "*fiber.App"},
}

// DefaultFramework is used when go.mod requires none of the others.
const DefaultFramework = "nethttp"

// Database is a database a scaffold can configure.
type Database struct {
	// Engine is the database's engine; Name is its canonical name, the
	// --database value and the core dialect.
	Engine *engine.Engine
	Name   string
	Label  string // for prompts
	// DriverModule and DriverVersion are the requirement init adds;
	// DriverImport is the package whose blank import registers the
	// database/sql driver the runtime opens DATABASE_URL with.
	DriverModule, DriverVersion, DriverImport string
	// URLFormat is DATABASE_URL for .env, with %s for a database name: a
	// working SQLite file, or a server URL for the user to edit.
	URLFormat string
}

// ExampleURL is the DATABASE_URL init writes to .env for the database
// name (SQLite's needs none).
func (d Database) ExampleURL(name string) string {
	if !strings.Contains(d.URLFormat, "%s") {
		return d.URLFormat
	}
	return fmt.Sprintf(d.URLFormat, name)
}

// Databases are the supported databases, in prompt order.
var Databases = []Database{
	{Engine: engine.SQLite, Name: engine.SQLite.Name(), Label: "SQLite (modernc.org/sqlite, no cgo)", DriverModule: "modernc.org/sqlite", DriverVersion: "v1.62.0", DriverImport: "modernc.org/sqlite", URLFormat: DefaultSQLiteURL},
	{Engine: engine.Postgres, Name: engine.Postgres.Name(), Label: "PostgreSQL (pgx)", DriverModule: "github.com/jackc/pgx/v5", DriverVersion: "v5.12.0", DriverImport: "github.com/jackc/pgx/v5/stdlib", URLFormat: "postgres://user:password@localhost:5432/%s?sslmode=disable"},
	{Engine: engine.MySQL, Name: engine.MySQL.Name(), Label: "MySQL or MariaDB (go-sql-driver/mysql)", DriverModule: "github.com/go-sql-driver/mysql", DriverVersion: "v1.10.1", DriverImport: "github.com/go-sql-driver/mysql", URLFormat: "mysql://user:password@localhost:3306/%s"},
}

// Client is a Better Auth client package for a TypeScript front end. Its
// template (init/client/NAME.ts.tmpl) knows the module to import.
type Client struct {
	Name  string // the --client value and the template name
	Label string // for prompts
}

// Clients are the supported front-end clients, in prompt order.
var Clients = []Client{
	{Name: "react", Label: "React"},
	{Name: "vue", Label: "Vue"},
	{Name: "svelte", Label: "Svelte"},
	{Name: "solid", Label: "Solid"},
	{Name: "vanilla", Label: "Vanilla TypeScript"},
}

// Defaults of the other choices.
const (
	DefaultDir         = "lib"
	DefaultInternalDir = "internal/auth"
	DefaultBasePath    = "/api/auth"
	DefaultBaseURL     = "http://localhost:3000"
	// DefaultSQLiteURL is the DATABASE_URL .env gets for SQLite.
	DefaultSQLiteURL = "sqlite.db"
)

// LookupFramework returns the framework called name, or an error that names
// the closest one and lists them all.
func LookupFramework(name string) (Framework, error) {
	var names []string
	for _, f := range Frameworks {
		if f.Name == name {
			return f, nil
		}
		names = append(names, f.Name)
	}
	// Common spellings of the standard library.
	switch strings.ToLower(name) {
	case "net/http", "http", "stdlib", "std", "net-http":
		return Frameworks[0], nil
	}
	return Framework{}, unknown("framework", name, names)
}

// LookupDatabase returns the database called name: any spelling of its
// engine that package engine accepts ("pg", "postgresql", "mariadb",
// "sqlite3", any case).
func LookupDatabase(name string) (Database, error) {
	e, err := engine.Lookup(name)
	var names []string
	for _, d := range Databases {
		if err == nil && d.Engine == e {
			return d, nil
		}
		names = append(names, d.Name)
	}
	return Database{}, unknown("database", name, names)
}

// LookupClient returns the client called name.
func LookupClient(name string) (Client, error) {
	var names []string
	for _, c := range Clients {
		if c.Name == strings.ToLower(name) {
			return c, nil
		}
		names = append(names, c.Name)
	}
	return Client{}, unknown("client", name, names)
}

// PluginNames returns the catalog's plugin names, in catalog order.
func PluginNames() []string {
	var names []string
	for _, p := range pluginCatalog() {
		names = append(names, p.Name)
	}
	return names
}

// Plugins returns the catalog entries, in catalog order.
func Plugins() []PluginInfo { return pluginCatalog() }

// LookupPlugin returns the catalog entry called name. Case, "-" and "_" are
// ignored when that leaves one match ("two-factor" is twoFactor); otherwise
// the error suggests the closest name.
func LookupPlugin(name string) (PluginInfo, error) {
	if p, ok := lookupPlugin(name); ok {
		return p, nil
	}
	var found []PluginInfo
	for _, p := range pluginCatalog() {
		if fold(p.Name) == fold(name) {
			found = append(found, p)
		}
	}
	if len(found) == 1 {
		return found[0], nil
	}
	return PluginInfo{}, unknown("plugin", name, PluginNames())
}

// fold reduces a name to lower case without "-", "_" and blanks.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || r == ' ' {
			return -1
		}
		return r
	}, strings.ToLower(s))
}

// UnknownError reports a value that is not one of the choices.
type UnknownError struct {
	What    string   // "framework", "database", "client", "plugin"
	Value   string   // what was given
	Suggest string   // the closest choice, or ""
	Choices []string // all of them
}

func (e *UnknownError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "unknown %s %q", e.What, e.Value)
	if e.Suggest != "" {
		fmt.Fprintf(&b, "; did you mean %q?", e.Suggest)
	}
	if len(e.Choices) <= 8 {
		fmt.Fprintf(&b, " (use %s)", orList(e.Choices))
	}
	return b.String()
}

func unknown(what, value string, choices []string) error {
	return &UnknownError{What: what, Value: value, Suggest: Closest(value, choices), Choices: choices}
}

// orList joins "a, b or c".
func orList(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

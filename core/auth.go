package core

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/authctl/authctl/schema"
)

// Auth is a configured auth instance. Create it with New.
type Auth struct {
	opts   Options
	schema *schema.Schema
	err    error

	// The serving state, built by Open on first use (runtime.go).
	mu sync.Mutex
	rt *runtime
}

// New returns an Auth for o. New never fails: an invalid configuration is
// kept and reported by Schema, by authctl, and by the handler at start-up,
// so that `var Auth = core.New(...)` stays a plain declaration.
func New(o Options) *Auth {
	a := &Auth{opts: o}
	a.err = validateOptions(o)
	if a.err == nil {
		a.schema, a.err = buildSchema(o)
	}
	return a
}

// Options returns the options Auth was created with.
func (a *Auth) Options() Options { return a.opts }

// Schema returns the merged database schema, or the configuration error.
func (a *Auth) Schema() (*schema.Schema, error) { return a.schema, a.err }

func validateOptions(o Options) error {
	var errs []error
	switch o.Database.Dialect {
	case "", DialectSQLite, DialectPostgres, DialectMySQL:
	default:
		errs = append(errs, fmt.Errorf("database: unknown dialect %q (use core.SQLite, core.Postgres or core.MySQL)", o.Database.Dialect))
	}
	if o.Database.Schema != "" && o.Database.Dialect != DialectPostgres {
		errs = append(errs, fmt.Errorf("database.schema is only supported on PostgreSQL, not %q", o.Database.Dialect))
	}
	switch o.Database.Adapter.Name {
	case "", AdapterSQL, AdapterPrisma, AdapterDrizzle, AdapterGORM:
	default:
		errs = append(errs, fmt.Errorf("database.adapter.name: unknown adapter %q (use %q, %q, %q or %q)", o.Database.Adapter.Name, AdapterSQL, AdapterPrisma, AdapterDrizzle, AdapterGORM))
	}
	switch o.Advanced.Database.GenerateID {
	case IDString, IDUUID, IDSerial:
	default:
		errs = append(errs, fmt.Errorf("advanced.database.generateId: unknown strategy %q (use core.IDString, core.IDUUID or core.IDSerial)", o.Advanced.Database.GenerateID))
	}
	switch o.RateLimit.Storage {
	case "", RateLimitMemory, RateLimitDatabase, RateLimitSecondaryStorage:
	default:
		errs = append(errs, fmt.Errorf("rateLimit.storage: unknown storage %q (use %q, %q or %q)", o.RateLimit.Storage, RateLimitMemory, RateLimitDatabase, RateLimitSecondaryStorage))
	}
	for _, p := range o.Plugins {
		if v, ok := p.(PluginValidator); ok {
			if err := v.Validate(); err != nil {
				errs = append(errs, fmt.Errorf("plugin %s: %w", p.ID(), err))
			}
		}
	}
	return errors.Join(errs...)
}

// PluginValidator is implemented by plugins whose options can be wrong. New
// reports the error, prefixed with the plugin's id.
type PluginValidator interface {
	Validate() error
}

// ManifestVersion is the version of the Manifest format that WriteJSON
// writes. authctl refuses a manifest of a version it does not know, which
// happens when the project pins a newer core than the authctl binary.
const ManifestVersion = 1

// Manifest is what authctl reads from a project's auth config.
type Manifest struct {
	FormatVersion int            `json:"formatVersion"`
	Database      ManifestDB     `json:"database"`
	Plugins       []string       `json:"plugins"`
	Schema        *schema.Schema `json:"schema,omitempty"`
	// Error is the configuration error, if any (see Auth.Schema).
	Error string `json:"error,omitempty"`
}

// ManifestDB is the database part of a Manifest. URL is the connection
// string and may hold a password: authctl never prints it.
type ManifestDB struct {
	Dialect string          `json:"dialect,omitempty"`
	URL     string          `json:"url,omitempty"`
	Schema  string          `json:"schema,omitempty"`
	Adapter ManifestAdapter `json:"adapter"`
}

// ManifestAdapter is Database.Adapter in a Manifest.
type ManifestAdapter struct {
	Name       string `json:"name,omitempty"`
	UsePlural  bool   `json:"usePlural,omitempty"`
	CamelCase  bool   `json:"camelCase,omitempty"`
	SchemaName string `json:"schemaName,omitempty"`
}

// WriteJSON writes the Manifest of a to w. authctl's loader calls it; it is
// exported only for that.
func WriteJSON(w io.Writer, a *Auth) error {
	if a == nil {
		return errors.New("the auth variable is nil; initialise it with core.New(core.Options{...})")
	}
	m := Manifest{
		FormatVersion: ManifestVersion,
		Database: ManifestDB{
			Dialect: a.opts.Database.Dialect, URL: a.opts.Database.URL, Schema: a.opts.Database.Schema,
			Adapter: ManifestAdapter(a.opts.Database.Adapter),
		},
		Plugins: []string{},
	}
	for _, p := range a.opts.Plugins {
		if p != nil {
			m.Plugins = append(m.Plugins, p.ID())
		}
	}
	if a.err != nil {
		m.Error = a.err.Error()
	} else {
		m.Schema = a.schema
	}
	enc := json.NewEncoder(w)
	return enc.Encode(m)
}

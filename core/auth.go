package core

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/schema"
)

// Auth is a configured auth instance. Create it with New.
type Auth struct {
	opts     Options
	warnings []string
	schema   *schema.Schema
	err      error

	// The serving state, built by Open on first use (runtime.go).
	mu sync.Mutex
	rt *runtime
}

// New returns an Auth for o. New never fails: an invalid configuration is
// kept and reported by Schema, by authctl, and by the handler at start-up,
// so that `var Auth = core.New(...)` stays a plain declaration.
func New(o Options) *Auth {
	a := &Auth{opts: o, warnings: pluginWarnings(o.Plugins)}
	a.err = validateOptions(o)
	if a.err == nil {
		a.schema, a.err = buildSchema(o)
	}
	return a
}

// Options returns the options Auth was created with.
func (a *Auth) Options() Options { return a.opts }

// Warnings returns problems that do not change the schema but keep the
// server from starting, such as a plugin whose required plugin is missing.
func (a *Auth) Warnings() []string { return append([]string(nil), a.warnings...) }

// Schema returns the merged database schema, or the configuration error.
func (a *Auth) Schema() (*schema.Schema, error) { return a.schema, a.err }

func validateOptions(o Options) error {
	var errs []error
	var eng *engine.Engine
	if o.Database.Dialect != "" {
		var err error
		if eng, err = engine.Lookup(o.Database.Dialect); err != nil {
			errs = append(errs, fmt.Errorf("database: unknown dialect %q (use core.SQLite, core.Postgres or core.MySQL)", o.Database.Dialect))
		}
	}
	if o.Database.Schema != "" && eng != engine.Postgres {
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
	errs = append(errs, validatePlugins(o.Plugins)...)
	return errors.Join(errs...)
}

// validatePlugins checks each plugin's options and the plugins together:
// one plugin listed twice (by id) and a plugin whose required plugins are
// missing are errors, as Better Auth reports them when a server starts.
func validatePlugins(list []Plugin) []error {
	var errs []error
	seen := map[string]int{}
	for i, p := range list {
		if p == nil {
			errs = append(errs, fmt.Errorf("plugins[%d] is nil; remove it", i))
			continue
		}
		id := p.ID()
		if j, ok := seen[id]; ok {
			errs = append(errs, fmt.Errorf("plugins[%d] and plugins[%d] are both the %s plugin; list it once", j, i, id))
		} else {
			seen[id] = i
		}
		if v, ok := p.(PluginValidator); ok {
			if err := v.Validate(); err != nil {
				errs = append(errs, prefixLines("plugin "+id+": ", err))
			}
		}
	}
	return errs
}

// pluginWarnings reports plugins whose required plugins are missing. The
// schema is still right (Better Auth generates it too), but the server
// would refuse to start, so authctl prints these and Open fails on them.
func pluginWarnings(list []Plugin) []string {
	ids := map[string]bool{}
	for _, p := range list {
		if p != nil {
			ids[p.ID()] = true
		}
	}
	var out []string
	for _, p := range list {
		r, ok := p.(PluginRequirer)
		if !ok {
			continue
		}
		for _, need := range r.RequiredPlugins() {
			if !ids[need] {
				out = append(out, fmt.Sprintf("plugin %s needs the %s plugin; add it to Plugins", p.ID(), need))
			}
		}
	}
	return out
}

// prefixLines prefixes every line of err's message, so that each problem a
// plugin reports names the plugin.
func prefixLines(prefix string, err error) error {
	lines := strings.Split(err.Error(), "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, prefix) {
			lines[i] = prefix + l
		}
	}
	return errors.New(strings.Join(lines, "\n"))
}

// PluginValidator is implemented by plugins whose options can be wrong. New
// reports each line of the error prefixed with the plugin's id.
type PluginValidator interface {
	Validate() error
}

// PluginRequirer is implemented by plugins that work only together with
// others: RequiredPlugins returns their ids (for example oauthProvider
// needs "jwt").
type PluginRequirer interface {
	RequiredPlugins() []string
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
	// Warnings are Auth.Warnings: authctl prints them and goes on.
	Warnings []string `json:"warnings,omitempty"`
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
	// DrizzleRelations is Adapter.DrizzleRelations.
	DrizzleRelations string `json:"drizzleRelations,omitempty"`
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
			Dialect: canonicalDialect(a.opts.Database.Dialect), URL: a.opts.Database.URL, Schema: a.opts.Database.Schema,
			Adapter: ManifestAdapter(a.opts.Database.Adapter),
		},
		Plugins: []string{},
	}
	for _, p := range a.opts.Plugins {
		if p != nil {
			m.Plugins = append(m.Plugins, p.ID())
		}
	}
	m.Warnings = a.warnings
	if a.err != nil {
		m.Error = a.err.Error()
	} else {
		m.Schema = a.schema
	}
	enc := json.NewEncoder(w)
	return enc.Encode(m)
}

// canonicalDialect is the engine's canonical name for a dialect spelling
// ("pg" → "postgres"), or the spelling itself when it names no engine
// (the manifest then carries the configuration error too).
func canonicalDialect(d string) string {
	if e, err := engine.Lookup(d); err == nil {
		return e.Name()
	}
	return d
}

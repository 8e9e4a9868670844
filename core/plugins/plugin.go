package plugins

import (
	"errors"
	"fmt"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/schema"
)

// plugin is the one implementation of core.Plugin and core.PluginValidator
// behind every constructor of this package: the tables the options ask
// for, with the options' Schema applied.
type plugin struct {
	id string
	// optErr is an error found while reading the constructor's arguments.
	optErr error
	rules  rules
	schema Schema
	// tables returns the plugin's tables under its options, before Schema.
	tables func() []schema.Table
	// conflicts reports options that contradict each other; may be nil.
	conflicts func() error
	// requires lists the ids of plugins this one needs.
	requires []string
}

var (
	_ core.Plugin          = (*plugin)(nil)
	_ core.PluginValidator = (*plugin)(nil)
	_ core.PluginRequirer  = (*plugin)(nil)
)

// RequiredPlugins returns the ids of the plugins this one needs (Better
// Auth checks them when a server starts; core.New checks them at once).
func (p *plugin) RequiredPlugins() []string { return p.requires }

// ID returns Better Auth's id of the plugin ("two-factor", "api-key", …).
func (p *plugin) ID() string { return p.id }

// Schema returns the plugin's tables and its fields for other tables. An
// invalid Schema entry is skipped here and reported by Validate.
func (p *plugin) Schema() []schema.Table {
	t, _ := p.schema.apply(p.build(), p.rules)
	return t
}

// Validate reports bad options: more than one options value, Schema
// entries for unknown tables or fields, contradicting options, and
// tables Better Auth's merge would reject.
func (p *plugin) Validate() error {
	t, err := p.schema.apply(p.build(), p.rules)
	errs := []error{p.optErr, err}
	if p.conflicts != nil {
		errs = append(errs, p.conflicts())
	}
	// Merge-level problems of the plugin's own tables name its options on
	// every line, since core prefixes only the first line with the id.
	errs = append(errs, prefixEach(p.rules.options, check(t)))
	return errors.Join(errs...)
}

// prefixEach prefixes every error joined in err.
func prefixEach(prefix string, err error) error {
	if err == nil {
		return nil
	}
	list := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	}
	out := make([]error, len(list))
	for i, e := range list {
		out[i] = fmt.Errorf("%s: %w", prefix, e)
	}
	return errors.Join(out...)
}

func (p *plugin) build() []schema.Table {
	if p.tables == nil {
		return nil
	}
	return p.tables()
}

// noTables returns a plugin that has no tables: it accepts only an empty
// Schema.
func noTables(id, name, options string, err error, s Schema) core.Plugin {
	return &plugin{id: id, optErr: err, schema: s, rules: rules{options: options, plugin: name}}
}

// The attribute values the tables below use. Each call returns a new
// pointer so that no two fields share one.
func inputOff() *bool    { return core.Bool(false) }
func returnedOff() *bool { return core.Bool(false) }

// refID is a foreign key to the id of table key model, with Better Auth's
// default ON DELETE (cascade).
func refID(model string) *schema.Reference { return &schema.Reference{Model: model, Field: "id"} }

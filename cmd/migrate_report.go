package cmd

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/authctl/authctl/dialects"
	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/migrate"
	"github.com/authctl/authctl/prompt"
)

// setPlan records the plan in the --json output.
func (r *migrateReport) setPlan(p *migrate.Plan) {
	if p == nil {
		return
	}
	r.out.Schema = p.Schema
	r.out.Changes, r.out.Statements = orEmpty(p.Changes), p.Statements
	r.out.Warnings, r.out.Unsafe = p.Warnings, p.Unsafe
}

// show prints the warnings and the plan (tables and columns, then the SQL)
// on stderr.
func (r *migrateReport) show(p *migrate.Plan) {
	r.shown = true
	r.setPlan(p)
	w := r.o.IO.ErrOut
	for _, x := range p.Warnings {
		fmt.Fprintf(w, "%s %s\n", r.o.IO.Warn("warning:"), x.Message)
	}
	if !p.Pending() {
		return
	}
	where := p.Schema
	if p.Engine == engine.MySQL {
		where = "database " + where
	} else {
		where = "schema " + where
	}
	fmt.Fprintf(w, "The migration will change %s:\n", where)
	if p.CreateSchema {
		fmt.Fprintf(w, "  + create schema %s\n", p.Schema)
	}
	for _, c := range p.Changes {
		verb := "add to table"
		if c.Action == "create" {
			verb = "create table"
		}
		if len(c.Columns) > 0 {
			fmt.Fprintf(w, "  + %s %s: %s\n", verb, c.Table, strings.Join(c.Columns, ", "))
		} else {
			fmt.Fprintf(w, "  + %s %s\n", verb, c.Table)
		}
		if len(c.Indexes) > 0 {
			fmt.Fprintf(w, "      indexes: %s\n", strings.Join(c.Indexes, ", "))
		}
		if len(c.ForeignKeys) > 0 {
			fmt.Fprintf(w, "      foreign keys: %s\n", strings.Join(c.ForeignKeys, "; "))
		}
		if c.Rebuild {
			fmt.Fprintf(w, "      SQLite cannot add this in place: the table is copied to a new one with every row, column and index, in the same transaction\n")
		}
	}
	if r.o.DryRun || r.o.Check {
		return // the SQL goes to stdout
	}
	fmt.Fprintln(w, "SQL:")
	for _, s := range p.Statements {
		fmt.Fprintf(w, "  %s;\n", s)
	}
}

// finish prints the outcome of a failed run, writes the JSON object, and
// maps err for the exit code.
func (r *migrateReport) finish(ctx context.Context, err error) error {
	o := r.o
	var (
		unsafe *migrate.UnsafeError
		apply  *migrate.ApplyError
	)
	switch {
	case err == nil:
	case errors.As(err, &unsafe):
		r.out.Status = "refused"
		r.out.Unsafe = unsafe.Problems
		fmt.Fprintln(o.IO.ErrOut, "authctl: the migration was refused, and nothing was applied:")
		for _, p := range unsafe.Problems {
			fmt.Fprintf(o.IO.ErrOut, "  - %s\n", p.Message)
		}
		err = silent(fmt.Errorf("%w: %v", ErrUnsafe, err))
	case errors.As(err, &apply):
		r.out.Applied = append([]string{}, apply.Applied...)
		if ctx.Err() != nil {
			r.out.Status = "interrupted"
		}
		if ctx.Err() != nil {
			fmt.Fprintf(o.IO.ErrOut, "authctl: interrupted at statement %d of %d", apply.Index+1, len(apply.Applied)+len(apply.Pending))
			if apply.RolledBack || len(apply.Applied) == 0 {
				fmt.Fprintln(o.IO.ErrOut, "; nothing was applied")
			} else {
				fmt.Fprintf(o.IO.ErrOut, "; %d statement(s) before it were applied; run authctl migrate again to apply the rest\n", len(apply.Applied))
			}
		} else {
			fmt.Fprintln(o.IO.ErrOut, "authctl: "+r.dsn.Scrub(apply.Error()))
		}
		if len(apply.Applied) > 0 {
			fmt.Fprintln(o.IO.ErrOut, "Applied (in effect now):")
			for _, s := range apply.Applied {
				fmt.Fprintf(o.IO.ErrOut, "  %s;\n", s)
			}
			fmt.Fprintln(o.IO.ErrOut, "Not applied:")
			for _, s := range apply.Pending {
				fmt.Fprintf(o.IO.ErrOut, "  %s;\n", s)
			}
		}
		err = silent(err)
	case ctx.Err() != nil || errors.Is(err, prompt.ErrInterrupted):
		r.out.Status = "interrupted"
	}
	if err != nil {
		r.out.Error = r.dsn.Scrub(err.Error())
	}
	if o.JSON {
		if jerr := writeJSON(o.IO, r.out); jerr != nil && err == nil {
			err = jerr
		}
	}
	if err == nil {
		return nil
	}
	return scrubbed{err: err, dsn: r.dsn}
}

// scrubbed removes the database password from an error's text and keeps
// its identity for the exit-code mapping.
type scrubbed struct {
	err error
	dsn *dialects.DSN
}

func (e scrubbed) Error() string { return e.dsn.Scrub(e.err.Error()) }
func (e scrubbed) Unwrap() error { return e.err }

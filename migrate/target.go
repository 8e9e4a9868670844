package migrate

import (
	"context"
	"database/sql"
	"fmt"

	atlas "ariga.io/atlas/sql/schema"

	"github.com/authctl/authctl/dialects"
	"github.com/authctl/authctl/engine"
)

// target is the schema a migration works in.
type target struct {
	// name is "main" on SQLite, the PostgreSQL schema, the MySQL database.
	name string
	// explicit is true when Options.Schema named it: it is then created
	// when missing.
	explicit bool
	// from says where a PostgreSQL schema name came from, for messages.
	from string
}

// queryer is what target resolution needs: *sql.Conn and *sql.Tx.
type queryer interface {
	atlas.ExecQuerier
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// connTarget takes one connection from the pool (locks and session settings
// live on a connection) and resolves the target schema on it. The caller
// closes the connection.
func (m *Migrator) connTarget(ctx context.Context) (*sql.Conn, target, error) {
	conn, err := m.db.Conn(ctx)
	if err != nil {
		return nil, target{}, err
	}
	t, err := m.target(ctx, conn)
	if err != nil {
		conn.Close()
		return nil, target{}, err
	}
	return conn, t, nil
}

func (m *Migrator) target(ctx context.Context, q queryer) (target, error) {
	switch m.eng {
	case engine.SQLite:
		return target{name: "main"}, nil
	case engine.MySQL:
		var db sql.NullString
		if err := q.QueryRowContext(ctx, "SELECT DATABASE()").Scan(&db); err != nil {
			return target{}, err
		}
		if !db.Valid || db.String == "" {
			return target{}, fmt.Errorf("the MySQL connection has no database selected; name one in the URL (mysql://user:pass@host:3306/DBNAME)")
		}
		return target{name: db.String}, nil
	}
	if m.o.Schema != "" {
		return target{name: m.o.Schema, explicit: true, from: "chosen"}, nil
	}
	return postgresSchema(ctx, q)
}

// postgresSchema picks the schema of a PostgreSQL connection: the first
// search_path entry, where "$user" stands for the role's schema if it
// exists (as in PostgreSQL's own lookup) and is skipped otherwise; then
// current_schema(); then public.
func postgresSchema(ctx context.Context, q queryer) (target, error) {
	var sp string
	if err := q.QueryRowContext(ctx, "SHOW search_path").Scan(&sp); err != nil {
		return target{}, fmt.Errorf("reading search_path: %w", err)
	}
	for _, name := range dialects.SearchPath(sp) {
		if name == "" {
			continue
		}
		if name == "$user" {
			var user string
			if err := q.QueryRowContext(ctx, "SELECT current_user").Scan(&user); err != nil {
				return target{}, err
			}
			ok, err := schemaExists(ctx, q, user)
			if err != nil {
				return target{}, err
			}
			if !ok {
				continue
			}
			name = user
		}
		return target{name: name, from: "search_path"}, nil
	}
	var cur sql.NullString
	if err := q.QueryRowContext(ctx, "SELECT current_schema()").Scan(&cur); err != nil {
		return target{}, err
	}
	if cur.Valid && cur.String != "" {
		return target{name: cur.String, from: "current_schema()"}, nil
	}
	return target{name: "public", from: "default"}, nil
}

func schemaExists(ctx context.Context, q queryer, name string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, "SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname = $1", name).Scan(&n)
	return n > 0, err
}

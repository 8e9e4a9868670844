package dialects

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	apostgres "ariga.io/atlas/sql/postgres"
	atlas "ariga.io/atlas/sql/schema"

	"github.com/authctl/authctl/engine"
	"github.com/authctl/authctl/schema"
)

// The names each engine gives constraints and indexes, its identifier
// limits, and which key types a foreign key may join: what AtlasTables
// and the planner need to match a live database.

// UniqueFieldName is the name AtlasTables gives the unique constraint of
// a unique field in CREATE TABLE: the name the engine gives an inline
// UNIQUE ("<table>_<column>_key" on PostgreSQL, "<column>" on MySQL), or
// on SQLite Better Auth's "<table>_<column>_uidx".
func UniqueFieldName(e *engine.Engine, table, column string) string {
	switch e {
	case engine.Postgres:
		return PostgresAutoName(table, column, "key")
	case engine.MySQL:
		return column
	}
	return schema.IndexName(table, []string{column}, true)
}

// PostgresAutoName is the name PostgreSQL gives an unnamed constraint of
// table on column: "<table>_<column>_<label>" ("key" for unique, "fkey"
// for foreign keys), with the table and column parts shortened, the longer
// first, to fit the 63-byte identifier limit (ChooseConstraintName and
// makeObjectName in PostgreSQL's source).
func PostgresAutoName(table, column, label string) string {
	const maxBytes = 63
	avail := maxBytes - len(label) - 2
	n1, n2 := len(table), len(column)
	for n1+n2 > avail {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	return clipUTF8(table, n1) + "_" + clipUTF8(column, n2) + "_" + label
}

// clipUTF8 cuts s to at most n bytes without splitting a character.
func clipUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// IdentifierLimit is the longest name the engine keeps (package engine's
// MaxIdentifier: PostgreSQL 63, which it truncates longer names to, MySQL
// 64, past which it refuses them; 0 for SQLite, no limit), and whether it
// counts bytes. PostgreSQL counts bytes; MySQL counts characters, so a
// name of 30 Chinese characters (90 bytes) is a valid MySQL name.
func IdentifierLimit(e *engine.Engine) (max int, inBytes bool) {
	return e.MaxIdentifier(), e.IdentifierCountsBytes()
}

// IdentifierLength measures name as the engine's limit counts it.
func IdentifierLength(e *engine.Engine, name string) int {
	if _, inBytes := IdentifierLimit(e); inBytes {
		return len(name)
	}
	return utf8.RuneCountInString(name)
}

// MySQLForeignKeyName is the name MySQL gives the n-th (from 1) unnamed
// foreign key of table: "<table>_ibfk_<n>". It is subject to the 64
// character limit too.
func MySQLForeignKeyName(table string, n int) string {
	return table + "_ibfk_" + strconv.Itoa(n)
}

// atlasQuote is the character Atlas's SQL builder writes around
// identifiers: a backtick on MySQL and SQLite, a double quote on
// PostgreSQL. Atlas does not escape it inside a name.
func atlasQuote(e *engine.Engine) string {
	if e == engine.Postgres {
		return `"`
	}
	return "`"
}

// EscapeAtlasName doubles the quote character Atlas writes around
// identifiers of dialect, so that a name Atlas quotes comes out as one
// valid identifier: Atlas v1.2 writes names verbatim between quotes.
func EscapeAtlasName(e *engine.Engine, name string) string {
	q := atlasQuote(e)
	return strings.ReplaceAll(name, q, q+q)
}

// ForeignKeyTypesMatch reports whether the engine creates a foreign key
// from a column of type col to a key of type ref. It answers false only
// for pairs the engine is known to refuse; a type it does not classify is
// left to the engine. MySQL also requires string keys of the same
// collation, which the types alone do not say (see the migrate package).
//
// PostgreSQL needs an equality operator between the two types in the key
// index's operator family, or an implicit cast: integers of any width
// match each other (and an integer may reference a numeric), the string
// types (text, varchar, char) match each other, and otherwise the
// categories must agree (text never references uuid or integer). MySQL and
// MariaDB need "similar" types: integers of the same size and sign
// (display widths do not count), char/varchar with char/varchar of any
// length, binary/varbinary with each other; TEXT, BLOB and JSON columns
// cannot be foreign keys at all.
func ForeignKeyTypesMatch(e *engine.Engine, col, ref atlas.Type) bool {
	c, r := keyClass(e, col), keyClass(e, ref)
	switch {
	case c == "unusable" || r == "unusable":
		return false
	case c == "" || r == "":
		return true // unknown: the engine decides
	case c == r:
		return true
	}
	return e == engine.Postgres && c == "int" && r == "numeric"
}

// keyClass sorts a column type into the classes ForeignKeyTypesMatch
// compares; "" is a type it does not know, "unusable" one that can never
// be in a foreign key.
func keyClass(e *engine.Engine, t atlas.Type) string {
	switch e {
	case engine.Postgres:
		switch t := t.(type) {
		case *atlas.IntegerType, *apostgres.SerialType:
			return "int"
		case *atlas.DecimalType:
			return "numeric"
		case *atlas.StringType:
			return "string"
		case *atlas.UUIDType:
			return "uuid"
		case *atlas.BoolType:
			return "bool"
		case *atlas.TimeType:
			return "time"
		case *atlas.FloatType:
			return "float"
		case *atlas.BinaryType:
			return "bytea"
		case *atlas.JSONType:
			if strings.EqualFold(t.T, "jsonb") {
				return "jsonb"
			}
			return "unusable" // json has no equality operator
		}
	case engine.MySQL:
		switch t := t.(type) {
		case *atlas.IntegerType:
			name := strings.ToLower(t.T)
			if name == "integer" {
				name = "int"
			}
			if t.Unsigned {
				name += " unsigned"
			}
			return name
		case *atlas.BoolType:
			return "tinyint"
		case *atlas.StringType:
			switch strings.ToLower(t.T) {
			case "char", "varchar":
				return "char"
			}
			return "unusable" // TEXT types
		case *atlas.BinaryType:
			switch strings.ToLower(t.T) {
			case "binary", "varbinary":
				return "binary"
			}
			return "unusable" // BLOB types
		case *atlas.JSONType:
			return "unusable"
		case *atlas.DecimalType:
			return "decimal"
		case *atlas.FloatType:
			return "float"
		case *atlas.TimeType:
			return "time"
		case *atlas.UUIDType:
			return "uuid"
		}
	}
	return ""
}

// KeyTypeName spells a column type for a message: the database's own
// spelling, without MySQL's integer display widths (int(11) is int).
func KeyTypeName(e *engine.Engine, c *atlas.Column) string {
	if c.Type == nil {
		return ""
	}
	if it, ok := c.Type.Type.(*atlas.IntegerType); ok && e == engine.MySQL {
		name := strings.ToLower(it.T)
		if it.Unsigned {
			name += " unsigned"
		}
		return name
	}
	if c.Type.Raw != "" {
		return c.Type.Raw
	}
	return fmt.Sprint(c.Type.Type)
}

// Package schema is the dialect-neutral model of the auth database: ordered
// tables of ordered fields, the rules that merge core and plugin tables into
// one model, validation, and index naming.
//
// Every generator and the migrate engine consume this one model, so naming
// rules live here and nowhere else. Type mapping per SQL dialect lives in
// package dialects.
//
// The package imports only the standard library: it is compiled into every
// config load (through package core), so it must stay small.
package schema

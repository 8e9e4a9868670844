package core

import (
	"errors"
	"regexp"
)

// Driver errors can quote the values of a statement: MySQL's "Duplicate
// entry 'ada@example.com' for key …", PostgreSQL's `invalid input syntax
// for type uuid: "…"`. Those values are emails, tokens and hashes, which
// must never reach a log line, so every database error the handler logs
// passes through redactDBError, which blanks every quoted run.
var quotedRun = regexp.MustCompile(`'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.)*"`)

// redactDBError returns err with every quoted value replaced by '…'.
func redactDBError(err error) error {
	if err == nil {
		return nil
	}
	return errors.New(quotedRun.ReplaceAllString(err.Error(), "'…'"))
}

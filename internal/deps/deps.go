//go:build deps

// Package deps pins modules that only tests and not-yet-imported packages
// use, so that `go mod tidy` keeps them at the reviewed versions. The build
// tag keeps it out of every build.
package deps

import (
	_ "ariga.io/atlas/sql/mysql"
	_ "ariga.io/atlas/sql/postgres"
	_ "ariga.io/atlas/sql/sqlite"
	_ "github.com/creack/pty"
	_ "github.com/glebarez/sqlite"
	_ "github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "gorm.io/driver/mysql"
	_ "gorm.io/driver/postgres"
	_ "gorm.io/gorm"
)

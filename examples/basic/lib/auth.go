// Package lib is the auth config of the basic example: email and password
// on an embedded SQLite database, with sign-in by username.
//
// authctl finds this file on its own (lib/auth.go is on the discovery
// path) when run with --cwd examples/basic.
package lib

import (
	"os"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/core/plugins"
)

// Auth is read by the application at run time and by authctl to generate
// and migrate the schema.
var Auth = core.New(core.Options{
	AppName:          "authctl example",
	BaseURL:          os.Getenv("BETTER_AUTH_URL"),
	Secret:           os.Getenv("BETTER_AUTH_SECRET"),
	Database:         core.SQLite("./auth.db"),
	EmailAndPassword: core.EmailAndPassword{Enabled: true},
	Plugins:          []core.Plugin{plugins.Username()},
})

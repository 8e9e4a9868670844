// Command authctl generates and migrates the database schema of a Go auth
// config. See the README.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/authctl/authctl/cmd"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cmd.Execute(ctx, os.Args[1:], cmd.System())
	stop()
	os.Exit(code)
}

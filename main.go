package main

import (
	"context"
	"github.com/authctl/authctl/cmd"
	"os"
	"os/signal"
	"syscall"
)

func main() { // SIGINT/SIGTERM cancel ctx: authctl stops, writes nothing half, exits 130.
	ctx, _ := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	os.Exit(cmd.Execute(ctx, os.Args[1:], cmd.System()))
}

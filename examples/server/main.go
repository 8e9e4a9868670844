// Command server serves the basic example's auth config (examples/basic/lib)
// over HTTP: Better Auth's API under /api/auth, plus /api/me, a Go handler
// that needs a session. Run it where the config's ./auth.db lives:
//
//	cd examples/basic
//	authctl migrate --yes   # creates ./auth.db with the auth tables
//	go run ../server        # http://localhost:3000
//
// PORT changes the port; BETTER_AUTH_SECRET sets the secret (a built-in
// development secret is used without it, as Better Auth does; production
// mode, NODE_ENV=production, refuses to start without one).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	_ "modernc.org/sqlite" // the embedded SQLite driver core.SQLite uses

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/examples/basic/lib"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Open fails fast: a missing database, missing tables or, in
	// production, a missing secret.
	if err := lib.Auth.Open(ctx); err != nil {
		log.Fatal(err)
	}
	defer lib.Auth.Close()

	mux := http.NewServeMux()
	mux.Handle("/api/auth/", lib.Auth.Handler())
	mux.Handle("GET /api/me", lib.Auth.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := core.SessionFrom(r.Context())
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"id": s.User.ID, "email": s.User.Email, "name": s.User.Name, "expiresAt": s.Session.ExpiresAt})
	})))

	port := os.Getenv("PORT")
	if port == "" {
		port = "3000"
	}
	srv := &http.Server{Addr: "localhost:" + port, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	log.Printf("listening on http://localhost:%s (auth API under /api/auth)", port)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}

package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/authctl/authctl/core"
	"github.com/authctl/authctl/generate"
)

func main() {
	dialect := flag.String("dialect", core.DialectSQLite, "sqlite or postgres")
	url := flag.String("url", "", "SQLite file or PostgreSQL URL")
	port := flag.Int("port", 3101, "port on 127.0.0.1")
	create := flag.Bool("create", false, "create the auth tables first")
	cookieCache := flag.String("cookie-cache", "", "enable the session cookie cache with this strategy (compact, jwt or jwe)")
	flag.Parse()

	o := core.Options{
		Database:         core.Database{Dialect: *dialect, URL: *url},
		EmailAndPassword: core.EmailAndPassword{Enabled: true},
	}
	if *cookieCache != "" {
		o.Session.CookieCache = core.CookieCache{Enabled: true, Strategy: *cookieCache}
	}
	auth := core.New(o)
	if *create {
		if err := createTables(auth, *dialect, *url); err != nil {
			log.Fatal(err)
		}
	}
	if err := auth.Open(context.Background()); err != nil {
		log.Fatal(err)
	}
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("listening", *port)
	log.Fatal(http.Serve(ln, auth.Handler()))
}

func createTables(a *core.Auth, dialect, url string) error {
	s, err := a.Schema()
	if err != nil {
		return err
	}
	ddl, err := generate.SQL(s, generate.SQLOptions{Dialect: dialect})
	if err != nil {
		return err
	}
	driver := map[string]string{core.DialectSQLite: "sqlite", core.DialectPostgres: "pgx"}[dialect]
	db, err := sql.Open(driver, url)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, stmt := range strings.Split(string(ddl), ";\n") {
		if stmt = strings.TrimSpace(stmt); stmt != "" {
			if _, err := db.Exec(stmt); err != nil {
				return fmt.Errorf("%s: %w", stmt, err)
			}
		}
	}
	return nil
}

package initcmd

import (
	"strings"
	"testing"
)

// The base URL follows the one port the app's code listens on.
func TestListenPort(t *testing.T) {
	main := func(body string, imports ...string) string {
		s := "package main\n\nimport (\n"
		for _, i := range imports {
			s += "\t\"" + i + "\"\n"
		}
		return s + ")\n\nfunc main() {\n" + body + "\n}\n"
	}
	for _, tt := range []struct {
		name  string
		files map[string]string
		port  string
		file  string
	}{
		{"none", map[string]string{}, "", ""},
		{"net/http", map[string]string{"main.go": main(`http.ListenAndServe(":8080", nil)`, "net/http")}, "8080", "main.go"},
		{"host:port", map[string]string{"cmd/web/main.go": main(`http.ListenAndServe("127.0.0.1:4000", nil)`, "net/http")}, "4000", "cmd/web/main.go"},
		{"http.Server", map[string]string{"server.go": main(`s := &http.Server{Addr: ":9090"}; s.ListenAndServe()`, "net/http")}, "9090", "server.go"},
		{"echo", map[string]string{"main.go": main(`e := echo.New(); e.Logger.Fatal(e.Start(":1323"))`, "github.com/labstack/echo/v4")}, "1323", "main.go"},
		{"fiber", map[string]string{"main.go": main(`app := fiber.New(); app.Listen(":3001")`, "github.com/gofiber/fiber/v2")}, "3001", "main.go"},
		{"gin Run()", map[string]string{"main.go": main(`r := gin.Default(); r.Run()`, "github.com/gin-gonic/gin")}, "8080", "main.go"},
		{"gin Run(addr)", map[string]string{"main.go": main(`r := gin.Default(); r.Run(":8000")`, "github.com/gin-gonic/gin")}, "8000", "main.go"},
		{"Run() without gin", map[string]string{"main.go": main(`var r interface{ Run() }; r.Run()`)}, "", ""},
		{"two ports: no guess", map[string]string{
			"a/main.go": main(`http.ListenAndServe(":8080", nil)`, "net/http"),
			"b/main.go": main(`http.ListenAndServe(":9090", nil)`, "net/http"),
		}, "", ""},
		{"same port twice", map[string]string{
			"a/main.go": main(`http.ListenAndServe(":8080", nil)`, "net/http"),
			"b/main.go": main(`http.ListenAndServe(":8080", nil)`, "net/http"),
		}, "8080", "a/main.go"},
		{"tests, vendor and testdata are not the app", map[string]string{
			"main_test.go":           main(`http.ListenAndServe(":1111", nil)`, "net/http"),
			"vendor/x/main.go":       main(`http.ListenAndServe(":2222", nil)`, "net/http"),
			"testdata/x/main.go":     main(`http.ListenAndServe(":3333", nil)`, "net/http"),
			"other/go.mod":           "module other\n",
			"other/main.go":          main(`http.ListenAndServe(":4444", nil)`, "net/http"),
			"app/main.go":            main(`http.ListenAndServe(":5555", nil)`, "net/http"),
			".hidden/main.go":        main(`http.ListenAndServe(":6666", nil)`, "net/http"),
			"node_modules/x/main.go": main(`http.ListenAndServe(":7777", nil)`, "net/http"),
		}, "5555", "app/main.go"},
		{"not a port", map[string]string{"main.go": main(`http.ListenAndServe(addr, nil)`, "net/http")}, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := inspect(t, project(t, tt.files))
			port, file := p.ListenPort()
			if port != tt.port || file != tt.file {
				t.Fatalf("ListenPort = %q, %q; want %q, %q", port, file, tt.port, tt.file)
			}
		})
	}
}

// BETTER_AUTH_URL in a new .env, and the client's base URL, use the port;
// --base-url (Choices.BaseURL) wins.
func TestBaseURLFromListenPort(t *testing.T) {
	dir := project(t, map[string]string{"main.go": "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n"})
	pl := plan(t, dir, Choices{Database: "sqlite", Client: "react"})
	if pl.BaseURL != "http://localhost:8080" || pl.BaseURLFrom != "main.go" {
		t.Fatalf("BaseURL = %q from %q", pl.BaseURL, pl.BaseURLFrom)
	}
	if v := envValue(pl, "BETTER_AUTH_URL"); v != "http://localhost:8080" {
		t.Fatalf("BETTER_AUTH_URL = %q", v)
	}
	if c := fileData(pl, "lib/auth-client.ts"); !strings.Contains(c, `baseURL: "http://localhost:8080"`) {
		t.Fatalf("client:\n%s", c)
	}
	pl = plan(t, dir, Choices{Database: "sqlite", BaseURL: "https://app.example"})
	if v := envValue(pl, "BETTER_AUTH_URL"); v != "https://app.example" || pl.BaseURLFrom != "" {
		t.Fatalf("BETTER_AUTH_URL = %q from %q", v, pl.BaseURLFrom)
	}
}

// PostgreSQL and MySQL get a DATABASE_URL placeholder to edit.
func TestDatabaseURLPlaceholder(t *testing.T) {
	for db, want := range map[string]string{
		"sqlite":   "sqlite.db",
		"postgres": "postgres://user:password@localhost:5432/shop?sslmode=disable",
		"mysql":    "mysql://user:password@localhost:3306/shop",
	} {
		pl := plan(t, project(t, map[string]string{}), Choices{Database: db})
		if v := envValue(pl, "DATABASE_URL"); v != want {
			t.Errorf("%s: DATABASE_URL = %q, want %q", db, v, want)
		}
	}
}

func envValue(pl *Plan, key string) string {
	for _, e := range pl.Env.Add {
		if e.Key == key {
			return e.Value
		}
	}
	return ""
}

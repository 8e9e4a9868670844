// Package gomodinit imports every package an `authctl init` scaffold can
// import, so that `go mod tidy` here records their whole module graph.
package gomodinit

import (
	_ "github.com/authctl/authctl/core"
	_ "github.com/authctl/authctl/core/plugins"
	_ "github.com/gin-gonic/gin"
	_ "github.com/go-chi/chi/v5"
	_ "github.com/go-sql-driver/mysql"
	_ "github.com/gofiber/fiber/v2"
	_ "github.com/gofiber/fiber/v2/middleware/adaptor"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "github.com/labstack/echo/v4"
	_ "modernc.org/sqlite"
)

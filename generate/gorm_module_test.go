package generate_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/authctl/authctl/generate"
	"github.com/authctl/authctl/internal/testmod"
	"github.com/authctl/authctl/schema"
)

// The GORM models are checked by the real tools: they are written into a
// temporary Go module that requires the gorm, driver and sqlite versions
// pinned in this repository's go.mod (and nothing else is replaced), vetted
// and built there with GOPROXY=off, and the program runs AutoMigrate on
// real databases. testmod.Require runs `go mod download` in this module
// first, so the module cache holds what the build needs.

// gormProgram is the main package of the temporary module. Given a models
// package, a dialect and a DSN it runs AutoMigrate twice, recording the SQL
// of each run, then uses the models: it creates a user (reading it back
// with the database's defaults) and a session, deletes the user and counts
// the sessions left. The result is JSON on stdout.
const gormProgram = `package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/mysql"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
%s)

var models = map[string]func() []any{
%s}

// recorder keeps every SQL statement GORM runs.
type recorder struct{ stmts *[]string }

func (r recorder) LogMode(logger.LogLevel) logger.Interface       { return r }
func (r recorder) Info(context.Context, string, ...interface{})  {}
func (r recorder) Warn(context.Context, string, ...interface{})  {}
func (r recorder) Error(context.Context, string, ...interface{}) {}
func (r recorder) Trace(_ context.Context, _ time.Time, fc func() (string, int64), _ error) {
	sql, _ := fc()
	*r.stmts = append(*r.stmts, sql)
	log = append(log, sql)
}

type result struct {
	Runs     [][]string     ` + "`json:\"runs\"`" + `
	User     map[string]any ` + "`json:\"user\"`" + `
	Sessions int64          ` + "`json:\"sessions\"`" + `
}

func open(dialect, dsn string, stmts *[]string) *gorm.DB {
	var d gorm.Dialector
	switch dialect {
	case "sqlite":
		d = sqlite.Open(dsn)
	case "postgres":
		d = postgres.Open(dsn)
	case "mysql":
		d = mysql.Open(dsn)
	}
	db, err := gorm.Open(d, &gorm.Config{Logger: recorder{stmts}})
	check(err)
	return db
}

// log is every statement run so far, printed when something fails.
var log []string

func check(err error) {
	if err != nil {
		for _, s := range log {
			fmt.Fprintln(os.Stderr, "  ", s)
		}
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func main() {
	key, dialect, dsn, userID := os.Args[1], os.Args[2], os.Args[3], os.Args[4]
	all := models[key]()
	var res result
	var db *gorm.DB
	for i := 0; i < 2; i++ {
		var stmts []string
		db = open(dialect, dsn, &stmts)
		check(db.AutoMigrate(all...))
		res.Runs = append(res.Runs, stmts)
	}

	byName := map[string]any{}
	for _, m := range all {
		byName[reflect.TypeOf(m).Elem().Name()] = m
	}
	user := reflect.New(reflect.TypeOf(byName["User"]).Elem())
	set(user, "Name", "Ada")
	set(user, "Email", "ada@example.com")
	if userID != "" {
		set(user, "ID", userID) // "" when the database assigns ids
	}
	check(db.Create(user.Interface()).Error)
	id := user.Elem().FieldByName("ID").Interface()
	if reflect.ValueOf(id).IsZero() {
		check(fmt.Errorf("the user has no id after Create"))
	}
	reloaded := reflect.New(user.Elem().Type())
	check(db.First(reloaded.Interface(), "id = ?", id).Error)
	check(db.Statement.Parse(reloaded.Interface()))
	res.User = map[string]any{}
	for _, f := range db.Statement.Schema.Fields {
		if f.DBName != "" {
			v, _ := f.ValueOf(context.Background(), reloaded.Elem())
			res.User[f.DBName] = v
		}
	}

	session := reflect.New(reflect.TypeOf(byName["Session"]).Elem())
	if userID != "" {
		set(session, "ID", "s1")
	}
	set(session, "Token", "t-1")
	set(session, "ExpiresAt", time.Now().Add(time.Hour))
	set(session, "UserID", id)
	check(db.Create(session.Interface()).Error)
	check(db.Delete(reloaded.Interface()).Error)
	check(db.Model(session.Interface()).Count(&res.Sessions).Error)
	check(json.NewEncoder(os.Stdout).Encode(res))
}

// set assigns v to the field called name, converting to its type.
func set(ptr reflect.Value, name string, v any) {
	f := ptr.Elem().FieldByName(name)
	if !f.IsValid() {
		check(fmt.Errorf("no field %%s", name))
	}
	rv := reflect.ValueOf(v)
	if f.Kind() == reflect.Int && rv.Kind() == reflect.String {
		return
	}
	f.Set(rv.Convert(f.Type()))
}
`

// gormRun is the program's output.
type gormRun struct {
	Runs     [][]string     `json:"runs"`
	User     map[string]any `json:"user"`
	Sessions int64          `json:"sessions"`
}

// gormCase is one models package of the temporary module.
type gormCase struct {
	key     string // package folder and name: <fixture>_<dialect>
	fixture string
	dialect string
	schema  *schema.Schema
	// buildOnly cases are compiled and vetted but not run.
	buildOnly bool
}

// gormRepoRoot is the directory of this repository's go.mod.
func gormRepoRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("no go.mod in %s: %v", dir, err)
	}
	return dir
}

var gormRequireRE = regexp.MustCompile(`(?ms)^require \(\n.*?^\)\n`)

// gormModule writes the temporary module with one models package per case
// (rendered through generate.Render, as the CLI does, so the package name
// comes from the folder) and the program, runs go vet on it and builds the
// program. It returns the binary's path.
func gormModule(t *testing.T, cases []gormCase) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the go command is needed to check the GORM models: %v", err)
		}
		t.Skipf("no go command: %v", err)
	}
	root := gormRepoRoot(t)
	// The temporary module builds offline against the module cache:
	// fill it first (from the proxy when it lacks something).
	testmod.Require(t, root)
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	gosum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	goLine := regexp.MustCompile(`(?m)^go .*$`).Find(gomod)
	// The main module's whole requirement list: the build list, and so the
	// module cache and go.sum lines it needs, is then exactly this
	// repository's.
	requires := gormRequireRE.FindAll(gomod, -1)
	if len(goLine) == 0 || len(requires) == 0 {
		t.Fatal("cannot read the go line and require blocks of go.mod")
	}
	dir := t.TempDir()
	mod := "module authctl.test/gormcheck\n\n" + string(goLine) + "\n\n" + string(bytes.Join(requires, []byte("\n")))
	gormWriteFile(t, filepath.Join(dir, "go.mod"), mod)
	gormWriteFile(t, filepath.Join(dir, "go.sum"), string(gosum))

	var imports, registry strings.Builder
	for i, c := range cases {
		files, err := generate.Render(c.schema, generate.Target{
			Dir: dir, Output: filepath.Join("models", c.key, "models.go"), Adapter: "gorm", Dialect: c.dialect,
		}, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.key, err)
		}
		for p, b := range files {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			gormWriteFile(t, p, string(b))
		}
		fmt.Fprintf(&imports, "\tm%d \"authctl.test/gormcheck/models/%s\"\n", i, c.key)
		fmt.Fprintf(&registry, "\t%q: m%d.Models,\n", c.key, i)
	}
	gormWriteFile(t, filepath.Join(dir, "main.go"), fmt.Sprintf(gormProgram, imports.String(), registry.String()))

	// -mod=mod lets the go command complete the temporary go.sum from the
	// module cache; GOPROXY=off keeps it off the network. Other GOFLAGS
	// (the machine's -buildvcs=false) are kept.
	flags := []string{"-mod=mod"}
	for _, f := range strings.Fields(os.Getenv("GOFLAGS")) {
		if !strings.HasPrefix(f, "-mod=") {
			flags = append(flags, f)
		}
	}
	env := append(os.Environ(), "GOFLAGS="+strings.Join(flags, " "), "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local")
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command(goBin, args...)
		cmd.Dir, cmd.Env = dir, env
		start := time.Now()
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s in the temporary module: %v\n%s", strings.Join(args, " "), err, out)
		}
		t.Logf("go %s: %s", strings.Join(args, " "), time.Since(start).Round(time.Millisecond))
	}
	run("vet", "./...")
	bin := filepath.Join(dir, "automigrate")
	run("build", "-o", bin, ".")
	return bin
}

func gormWriteFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runGORM runs the program on one database. userID is the id to give the
// test user, "" when the database assigns it.
func runGORM(t *testing.T, bin string, c gormCase, dsn, userID string) gormRun {
	t.Helper()
	cmd := exec.Command(bin, c.key, c.dialect, dsn, userID)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: AutoMigrate program: %v\n%s", c.key, err, stderr.String())
	}
	var r gormRun
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("%s: %v\n%s", c.key, err, out)
	}
	return r
}

// gormDDL returns the schema-changing statements of one AutoMigrate run.
func gormDDL(stmts []string) []string {
	var out []string
	for _, s := range stmts {
		u := strings.ToUpper(strings.TrimSpace(s))
		for _, kw := range []string{"CREATE ", "ALTER ", "DROP ", "PRAGMA FOREIGN_KEYS", "INSERT ", "RENAME "} {
			if strings.HasPrefix(u, kw) {
				out = append(out, s)
			}
		}
	}
	sort.Strings(out)
	return out
}

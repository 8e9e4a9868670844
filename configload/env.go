package configload

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/authctl/authctl/dotenv"
)

// getenv returns the value of key in env. The last assignment wins, as in
// os/exec, which keeps the last duplicate when it starts a process.
func getenv(env []string, key string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(env[i], "="); ok && envKeyEqual(k, key) {
			return v
		}
	}
	return ""
}

func envKeyEqual(a, b string) bool {
	if runtime.GOOS == "windows" {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// withEnv returns env with key set to value, replacing earlier entries so
// that neither os/exec nor the go command sees two.
func withEnv(env []string, key, value string) []string {
	out := make([]string, 0, len(env)+1)
	for _, kv := range env {
		if k, _, _ := strings.Cut(kv, "="); !envKeyEqual(k, key) {
			out = append(out, kv)
		}
	}
	return append(out, key+"="+value)
}

// loadDotEnv merges dir/.env and dir/.env.local into env: .env.local
// overrides .env and env (the process environment) overrides both, the
// reference CLI's precedence.
func loadDotEnv(dir string, env []string) ([]string, error) {
	base, err := dotenv.Read(filepath.Join(dir, ".env"))
	if err != nil {
		return nil, err
	}
	local, err := dotenv.Read(filepath.Join(dir, ".env.local"))
	if err != nil {
		return nil, err
	}
	return dotenv.Merge(env, base, local), nil
}

// lookGo finds the go command on env's PATH (not the process PATH: the
// caller's Env decides which toolchain builds the loader). It returns ""
// when there is none. Relative PATH entries are skipped for the same reason
// os/exec refuses them: they depend on the cwd and can be planted.
func lookGo(env []string) string {
	name := "go"
	if runtime.GOOS == "windows" {
		name = "go.exe"
	}
	for _, dir := range filepath.SplitList(getenv(env, "PATH")) {
		if dir == "" || !filepath.IsAbs(dir) {
			continue
		}
		p := filepath.Join(dir, name)
		fi, err := os.Stat(p)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		if runtime.GOOS == "windows" || fi.Mode().Perm()&0o111 != 0 {
			return p
		}
	}
	return ""
}

// cacheDir is Options.CacheDir, else $AUTHCTL_CACHE_DIR, else the user
// cache dir. The variable is read from env so a caller-supplied environment
// is honoured in full.
func cacheDir(o Options, env []string) (string, error) {
	if o.CacheDir != "" {
		return filepath.Abs(o.CacheDir)
	}
	if d := getenv(env, "AUTHCTL_CACHE_DIR"); d != "" {
		return filepath.Abs(d)
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "authctl"), nil
}

// buildEnvVars change what `go build` produces, so they are part of the
// cache key. PATH is deliberately absent: the go binary it resolves to is
// hashed by identity instead, and a PATH change alone changes no build.
var buildEnvVars = []string{
	"GOROOT", "GOFLAGS", "GOOS", "GOARCH", "CGO_ENABLED", "GOEXPERIMENT", "GOWORK",
	"GOTOOLCHAIN", "GOPATH", "GOMODCACHE", "GOPROXY", "GONOSUMDB", "GOPRIVATE",
	"GO111MODULE", "GOENV", "GOFIPS140", "GOAMD64", "GOARM", "GOARM64", "GO386",
	"CC", "CXX", "CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_CXXFLAGS", "CGO_LDFLAGS",
}

// goEnvFile is where `go env -w` stores settings; they change builds as
// much as the variables do.
func goEnvFile(env []string) string {
	if p := getenv(env, "GOENV"); p != "" {
		return p
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "go", "env")
}

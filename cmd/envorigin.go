package cmd

import (
	"os"
	"path/filepath"

	"github.com/authctl/authctl/dotenv"
)

// envOrigin names where key's value comes from for a command run in dir,
// with the precedence configload gives the config's environment: the
// process environment, then .env.local, then .env. It returns "the
// environment", ".env.local" or ".env", or "" when none gives key a
// non-empty value (an empty value that wins counts as none). Messages use
// it to say which file a value such as DATABASE_URL came from.
func envOrigin(dir, key string) string {
	if v, ok := os.LookupEnv(key); ok {
		if v == "" {
			return ""
		}
		return "the environment"
	}
	for _, name := range []string{".env.local", ".env"} {
		entries, err := dotenv.Read(filepath.Join(dir, name))
		if err != nil {
			continue // configload already reported an unreadable file
		}
		if v, ok := dotenv.Lookup(entries, key); ok {
			if v == "" {
				return ""
			}
			return name
		}
	}
	return ""
}

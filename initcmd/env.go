package initcmd

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/authctl/authctl/dotenv"
	"github.com/authctl/authctl/secret"
)

// planEnv works out the .env entries to add and the base URL the client
// uses: the one already in .env, else Choices.BaseURL, else one on the
// port the app listens on (from is the file that says so), else
// DefaultBaseURL. dbName names the database in a DATABASE_URL placeholder.
func planEnv(p *Project, c Choices, db Database, dbName string) (env EnvChange, baseURL, from string, err error) {
	env = EnvChange{Rel: ".env", Path: filepath.Join(p.Dir, ".env")}
	if _, err := os.Stat(env.Path); err == nil {
		env.Exists = true
	}
	base, err := dotenv.Read(env.Path)
	if err != nil {
		return env, "", "", fmt.Errorf("%w; fix .env, then run init again", err)
	}
	local, err := dotenv.Read(filepath.Join(p.Dir, ".env.local"))
	if err != nil {
		return env, "", "", fmt.Errorf("%w; fix .env.local, then run init again", err)
	}
	env.Set = map[string]bool{}
	for _, e := range append(base, local...) {
		env.Set[e.Key] = true
	}
	lookup := func(key string) (string, bool) {
		if v, ok := dotenv.Lookup(local, key); ok {
			return v, true
		}
		return dotenv.Lookup(base, key)
	}
	baseURL = c.BaseURL
	if cur, _ := lookup("BETTER_AUTH_URL"); baseURL == "" && cur == "" {
		// Only a URL .env will get is worth reading the code for.
		baseURL = DefaultBaseURL
		if port, file := p.ListenPort(); port != "" {
			baseURL, from = "http://localhost:"+port, file
		}
	}
	s, err := secret.Generate()
	if err != nil {
		return env, "", "", err
	}
	want := []dotenv.Entry{{Key: secret.EnvKey, Value: s}, {Key: "BETTER_AUTH_URL", Value: baseURL}}
	// SQLite's file works as it is; a server's URL is a placeholder that
	// the next steps ask the user to edit.
	want = append(want, dotenv.Entry{Key: "DATABASE_URL", Value: db.ExampleURL(dbName)})
	for _, e := range want {
		if _, ok := lookup(e.Key); ok {
			env.Kept = append(env.Kept, e.Key)
			continue
		}
		env.Add = append(env.Add, e)
	}
	if v, ok := lookup("BETTER_AUTH_URL"); ok && v != "" && c.BaseURL == "" {
		baseURL, from = v, ""
	}
	return env, baseURL, from, nil
}

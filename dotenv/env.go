package dotenv

import (
	"errors"
	"io/fs"
	"os"
	"strings"
)

// Read parses the file at path; a missing file yields nil, nil because a
// project without a .env file is normal. Syntax errors are *SyntaxError with
// Path set.
func Read(path string) ([]Entry, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	entries, err := Parse(data)
	if err != nil {
		var se *SyntaxError
		if errors.As(err, &se) {
			se.Path = path
		}
		return nil, err
	}
	return entries, nil
}

// Merge returns environ ("KEY=VALUE" strings, as from os.Environ) with the
// entries of files added. A key already in environ keeps its value: what the
// user exported explicitly beats what a file suggests. Among files, later ones
// override earlier ones (e.g. Merge(env, dotEnv, dotEnvLocal)), and within a
// file the last assignment wins. The result is environ in its order followed
// by the new keys in order of first appearance; environ is not modified.
func Merge(environ []string, files ...[]Entry) []string {
	inEnv := make(map[string]bool, len(environ))
	for _, kv := range environ {
		inEnv[envKey(kv)] = true
	}
	values := map[string]string{}
	var order []string
	for _, entries := range files {
		for _, e := range entries {
			if inEnv[e.Key] {
				continue
			}
			if _, seen := values[e.Key]; !seen {
				order = append(order, e.Key)
			}
			values[e.Key] = e.Value
		}
	}
	out := make([]string, len(environ), len(environ)+len(order))
	copy(out, environ)
	for _, k := range order {
		out = append(out, k+"="+values[k])
	}
	return out
}

// envKey returns the name part of a "KEY=VALUE" environ string. The search
// starts at index 1 because Windows has entries like "=C:=C:\dir".
func envKey(kv string) string {
	if kv == "" {
		return ""
	}
	if i := strings.IndexByte(kv[1:], '='); i >= 0 {
		return kv[:i+1]
	}
	return kv
}

// Lookup returns the value of key in entries (the last assignment wins, as in
// Merge) and whether it is set at all; an empty value counts as set.
func Lookup(entries []Entry, key string) (string, bool) {
	for i := len(entries) - 1; i >= 0; i-- {
		if entries[i].Key == key {
			return entries[i].Value, true
		}
	}
	return "", false
}

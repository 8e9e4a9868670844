package core

import (
	"fmt"
	"strings"
)

// unservedOptions names the configured options whose behaviour the Go
// handler does not have yet. Open refuses to start with any of them: an
// option that is accepted and then ignored is a hole (a reset link that is
// never sent, a cookie cache that is never checked). Each endpoint family
// lists its own, in the file that implements it, and drops an option from
// its list once it serves it.
func unservedOptions(o Options) []string {
	var out []string
	out = append(out, unservedCookieCache(o)...)
	out = append(out, unservedSocial(o)...)
	return out
}

func unservedOptionsError(names []string) error {
	what := subject("option", "is", names)
	return fmt.Errorf("%s not served by the Go handler yet, so it would be ignored: remove it, or serve this "+
		"part of the API from a TypeScript Better Auth server", what)
}

// subject is the subject and verb of a sentence about names: "plugin x
// has", "plugins x, y have" (verb is "has" or "is").
func subject(noun, verb string, names []string) string {
	if len(names) == 1 {
		return noun + " " + names[0] + " " + verb
	}
	plural := map[string]string{"has": "have", "is": "are"}[verb]
	return noun + "s " + strings.Join(names, ", ") + " " + plural
}

// set appends name to out when on.
func set(out []string, on bool, name string) []string {
	if on {
		return append(out, name)
	}
	return out
}

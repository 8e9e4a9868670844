package plugins

import "fmt"

// one returns the options argument of a constructor: the zero value when
// none is given, and an error when more than one is. Constructors take
// `opts ...XOptions` so that `plugins.X()` and `plugins.X(plugins.XOptions{...})`
// both read naturally; a second value would be silently ignored otherwise.
func one[T any](opts []T) (T, error) {
	var zero T
	switch len(opts) {
	case 0:
		return zero, nil
	case 1:
		return opts[0], nil
	default:
		return opts[0], fmt.Errorf("pass at most one %T, got %d", zero, len(opts))
	}
}

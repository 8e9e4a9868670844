package plugins

// first returns the first of the optional options arguments, or the zero
// value: constructors take `opts ...XOptions` so that `plugins.X()` and
// `plugins.X(plugins.XOptions{...})` both read naturally.
func first[T any](opts []T) T {
	var zero T
	if len(opts) > 0 {
		return opts[0]
	}
	return zero
}

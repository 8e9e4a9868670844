// Command wireserver is the Go side of bench/wire.sh: core's handler on
// SQLite or PostgreSQL, creating the auth tables first with -create;
// -cookie-cache compact (or jwt, jwe) turns the session cookie cache on.
//
//	wireserver -dialect sqlite -url /tmp/bench.db -port 3101 -create
//	wireserver -dialect sqlite -url /tmp/bench.db -port 3101 -cookie-cache compact
//
// The secret comes from BETTER_AUTH_SECRET. It prints "listening <port>"
// once it accepts connections.
package main

// Command treerss runs a command and reports the peak resident memory of
// the whole process tree — the command and every descendant alive at the
// same moment, summed — which GNU time's "maximum resident set size" (one
// process, the largest) understates for a run that starts `go build`.
//
// Usage: treerss OUTFILE COMMAND [ARG...]
//
// The command's stdin, stdout and stderr are its own; OUTFILE receives the
// peak in KiB. The tree is sampled from /proc every millisecond, so a
// child that lives less than that can be missed; Linux only.
package main

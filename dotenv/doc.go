// Package dotenv reads and edits .env files without losing anything the user
// wrote in them.
//
// Syntax accepted by [Parse] (and therefore by [Read]):
//
//   - KEY=VALUE lines; spaces and tabs around the key, the "=" and an unquoted
//     value are trimmed. Keys are ASCII letters, digits, "_", "." and "-", not
//     starting with a digit, "." or "-".
//   - An optional "export " prefix, so a file can also be sourced by a shell.
//   - Blank lines and lines whose first non-blank character is "#".
//   - 'single quotes': the value is taken literally, on one line.
//   - "double quotes": \n, \r, \t, \", \\ are unescaped (any other backslash is
//     kept as written) and the value may span several lines.
//   - Unquoted values end at a " #" (blank then hash) inline comment; a "#" with
//     no blank before it is part of the value (KEY=a#b is "a#b").
//   - LF or CRLF line endings, and a leading UTF-8 byte order mark.
//
// There is no variable expansion: "$HOME" is the five characters it looks like.
//
// Defaults: [Read] treats a missing file as empty; [Merge] lets the process
// environment win over files and later files win over earlier ones; within one
// file the last assignment of a key wins. [Set] and [SetMissing] rewrite the
// file atomically (temporary file in the same directory, fsync, rename), keep
// the existing file mode (a new file is created 0600, since .env files hold
// secrets), keep every byte they do not need to change, and write values that
// need quoting in double quotes.
package dotenv

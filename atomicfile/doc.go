// Package atomicfile replaces files so that a reader, a crash or Ctrl-C
// sees the old content or the new, never a partial write.
//
// The new content goes to a temporary file in the target's directory
// (rename is atomic only within one file system), is fsynced and given the
// mode, then renamed over the target. Stage and Commit are separate so that
// a caller writing several files can stage all of them and rename only
// when every one was written in full.
package atomicfile

// Package plugins holds the built-in plugins an auth config can list in
// core.Options.Plugins. Each plugin is one constructor taking an options
// struct, and each contributes its tables and fields exactly as the Better
// Auth plugin of the same name does in version 1.7.5.
package plugins

// Package plugins holds the built-in plugins an auth config can list in
// core.Options.Plugins. Each plugin is one constructor taking an optional
// options struct (plugins.TwoFactor() or plugins.TwoFactor(plugins.TwoFactorOptions{...})),
// and each contributes its tables and fields exactly as the Better Auth 1.7.5
// plugin of the same name does, field by field and in order.
//
// Every options struct has a Schema field, Better Auth's per-plugin `schema`
// option: new table names and column names, and extra fields where Better
// Auth accepts them. Unknown tables or fields there, and options that
// contradict each other, are errors that core.New reports (each plugin
// implements core.PluginValidator), naming the plugin, the table and the
// field, instead of being ignored as Better Auth ignores most of them.
//
// Catalog lists the plugins for tools such as `authctl init`.
package plugins

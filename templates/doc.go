// Package templates holds the text/template sources authctl renders, as an
// embed.FS so that the binary carries them.
//
// Layout of FS (text/template syntax, one file per variant; a variant's file
// is parsed together with its folder's common.tmpl, which defines the parts
// the variants share):
//
//   - init/auth/{sqlite,postgres,mysql}.go.tmpl: the auth config (auth.go)
//     that `authctl init` writes, one per database.
//   - init/mount/{nethttp,chi,gin,echo,fiber}.go.tmpl: the file that mounts
//     the auth handler on the app's router, one per web framework.
//   - init/client/{react,vue,svelte,solid,vanilla}.ts.tmpl: the TypeScript
//     auth client for a front end, one per Better Auth client package.
//
// The templates only lay out text; deciding what goes in (names, imports,
// plugins) is initcmd's job, and initcmd gofmt's the Go output.
package templates

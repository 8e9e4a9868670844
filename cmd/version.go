package cmd

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set at release time with -ldflags "-X github.com/authctl/authctl/cmd.version=v1.2.3".
var version = ""

// Version returns authctl's version: the linker-set value, else the module
// version `go install …@vX` recorded, else "dev".
func Version() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// versionLine is what `authctl version` and `authctl --version` print.
func versionLine(v string) string {
	return fmt.Sprintf("authctl %s (%s %s/%s)", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// NewCmdVersion prints the version.
func NewCmdVersion(f *Factory) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:     "version",
		Short:   "Print authctl's version",
		Args:    noArgs,
		Example: "  authctl version\n  authctl version --json",
		RunE: func(c *cobra.Command, _ []string) error {
			if asJSON {
				return writeJSON(f.IO, map[string]string{
					"version": f.Version, "go": runtime.Version(), "os": runtime.GOOS, "arch": runtime.GOARCH,
				})
			}
			_, err := fmt.Fprintln(f.IO.Out, versionLine(f.Version))
			return err
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print as a JSON object")
	return c
}

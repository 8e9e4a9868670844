package initcmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/authctl/authctl/atomicfile"
	"github.com/authctl/authctl/dotenv"
)

// Modes of new files: source files are world-readable as usual.
const fileMode fs.FileMode = 0o644

// Result is what Write did.
type Result struct {
	Created []string // files, relative to the project
	EnvKeys []string // keys appended to .env
}

// Write creates the plan's files and appends the missing .env keys. Every
// file is first staged in full beside its target (a temporary file, synced);
// only when all are staged are they renamed into place, so a failure while
// staging (a full disk, a permission) leaves the project as it was. A file
// that appeared since the plan was made stops the write too: init never
// overwrites.
func (pl *Plan) Write() (Result, error) {
	var res Result
	var made []string // directories created, deepest last
	var staged []*atomicfile.Staged
	fail := func(err error) (Result, error) {
		for _, s := range staged {
			s.Abort()
		}
		for i := len(made) - 1; i >= 0; i-- {
			os.Remove(made[i]) // only if still empty
		}
		return Result{}, err
	}
	for _, f := range pl.Files {
		dirs, err := mkdirAll(filepath.Dir(f.Path))
		made = append(made, dirs...)
		if err != nil {
			return fail(err)
		}
		s, err := atomicfile.Stage(f.Path, f.Data, fileMode)
		if err != nil {
			return fail(err)
		}
		staged = append(staged, s)
	}
	if err := pl.checkConflicts(); err != nil {
		return fail(err)
	}
	for i, s := range staged {
		if err := s.Commit(); err != nil {
			for _, rest := range staged[i+1:] {
				rest.Abort()
			}
			return res, fmt.Errorf("writing %s: %w (already written: %s)", pl.Files[i].Rel, err, strings.Join(res.Created, ", "))
		}
		res.Created = append(res.Created, pl.Files[i].Rel)
	}
	if len(pl.Env.Add) > 0 {
		added, err := dotenv.SetMissing(pl.Env.Path, pl.Env.Add)
		if err != nil {
			return res, fmt.Errorf("updating %s: %w", pl.Env.Rel, err)
		}
		res.EnvKeys = added
	}
	return res, nil
}

// mkdirAll is os.MkdirAll that reports the directories it created.
func mkdirAll(dir string) ([]string, error) {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			break
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	var made []string
	for i := len(missing) - 1; i >= 0; i-- {
		if err := os.Mkdir(missing[i], 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return made, err
		}
		made = append(made, missing[i])
	}
	return made, nil
}

// GoGetArgs returns the arguments of the go command that adds the
// requirements ("get", "mod@version", ...), or nil when none is missing.
func (pl *Plan) GoGetArgs() []string {
	if len(pl.Requirements) == 0 {
		return nil
	}
	args := []string{"get"}
	for _, r := range pl.Requirements {
		args = append(args, r.String())
	}
	return args
}

// GoCommand is the go command init runs, as a shell line for messages.
func GoCommand(args []string) string { return "go " + strings.Join(args, " ") }

// LookGo returns the go command on PATH, or an error saying how to do
// without.
func LookGo() (string, error) {
	p, err := exec.LookPath("go")
	if err != nil {
		return "", errors.New("the go command is not on PATH; install Go, or pass --no-install to only print the go get command")
	}
	return p, nil
}

// RunGo runs the go command with args in the module root, its output
// going to w. It is how init runs `go get` and `go mod tidy`.
func (pl *Plan) RunGo(ctx context.Context, args []string, w io.Writer) error {
	goBin, err := LookGo()
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, goBin, args...)
	cmd.Dir = pl.Project.ModRoot
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("`%s` failed (%v)", GoCommand(args), err)
	}
	return nil
}

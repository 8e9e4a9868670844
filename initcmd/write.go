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

// commit puts a staged file in place; tests replace it to fail a rename.
var commit = (*atomicfile.Staged).Commit

// Write creates the plan's files and appends the missing .env keys, all or
// nothing. Every file, .env included, is first staged in full beside its
// target (a temporary file, synced), which proves each folder writable and
// each existing target writable; only then are they renamed into place,
// .env last. A rename that still fails takes back the files already in
// place (they are new: init never overwrites) and the folders made for
// them, so a failed run leaves the project as it was and can be run again.
// A file that appeared since the plan was made stops the write too.
func (pl *Plan) Write() (Result, error) {
	var made []string // directories created, deepest last
	var staged []*atomicfile.Staged
	var placed []string // files renamed into place
	fail := func(err error) (Result, error) {
		for _, s := range staged {
			s.Abort()
		}
		for i := len(placed) - 1; i >= 0; i-- {
			os.Remove(placed[i])
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
	var res Result
	if len(pl.Env.Add) > 0 {
		s, added, err := dotenv.StageMissing(pl.Env.Path, pl.Env.Add)
		if err != nil {
			return fail(fmt.Errorf("cannot update %s: %w; nothing was written", pl.Env.Rel, pathless(err)))
		}
		if s != nil {
			staged = append(staged, s)
			res.EnvKeys = added
		}
	}
	if err := pl.checkConflicts(); err != nil {
		return fail(err)
	}
	for len(staged) > 0 {
		s := staged[0]
		rel := pl.Env.Rel
		if len(placed) < len(pl.Files) {
			rel = pl.Files[len(placed)].Rel
		}
		if err := commit(s); err != nil {
			staged = staged[1:]
			return fail(fmt.Errorf("cannot write %s: %w; nothing was written", rel, pathless(err)))
		}
		staged = staged[1:]
		if len(placed) < len(pl.Files) {
			placed = append(placed, s.Path())
			res.Created = append(res.Created, rel)
		}
	}
	return res, nil
}

// pathless drops the path from a *fs.PathError when the message names the
// file already (a temporary file's name would only confuse).
func pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
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

// Commands returns the go commands that complete go.mod, in order, as
// arguments of the go command: the replace directive for a checkout of
// authctl (Plan.Replace), then go get (GoGetArgs). It is empty when go.mod
// needs nothing.
func (pl *Plan) Commands() [][]string {
	var cmds [][]string
	if pl.Replace != "" {
		cmds = append(cmds, []string{"mod", "edit", "-replace=" + AuthctlModule + "=" + pl.Replace})
	}
	if args := pl.GoGetArgs(); args != nil {
		cmds = append(cmds, args)
	}
	return cmds
}

// GoCommand is the go command init runs, as a shell line for messages:
// arguments a POSIX shell would split or expand are single-quoted.
func GoCommand(args []string) string {
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = ShellQuote(a)
	}
	return "go " + strings.Join(quoted, " ")
}

// ShellQuote quotes s for a POSIX shell when it needs it.
func ShellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./,:@+=", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

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

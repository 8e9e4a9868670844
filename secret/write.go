package secret

import (
	"errors"
	"fmt"

	"github.com/authctl/authctl/dotenv"
)

// Write sets BETTER_AUTH_SECRET=secret in the env file at path, creating the
// file if needed and keeping every other line. An existing non-empty value is
// only replaced when force is set: rotating the secret logs every user out,
// so it must be deliberate. The refusal wraps dotenv.ErrExists and tells the
// user to pass --force.
func Write(path, secret string, force bool) error {
	if secret == "" {
		// An empty secret would look "set" to no one and leave the app
		// without one; it is always a caller bug.
		return errors.New("secret: refusing to write an empty secret")
	}
	err := dotenv.Set(path, EnvKey, secret, force)
	if errors.Is(err, dotenv.ErrExists) {
		return fmt.Errorf("%w; pass --force to replace it (this signs out every user)", err)
	}
	return err
}

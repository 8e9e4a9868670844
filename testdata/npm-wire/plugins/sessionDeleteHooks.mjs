// sessionDeleteHooks for PLUGINS: a plugin whose databaseHooks keep every
// session delete hook call in the outbox, {kind: "session-delete-before" or
// "session-delete-after", to: the session's userId, token: its token}, so
// that a test sees which sessions the hooks ran for (preserveSessionInDatabase
// runs them when it ends a row instead of deleting it). Options are unused.
export default (_options, keep) => ({
  id: "session-delete-hooks",
  init() {
    const record = (kind) => async (session) => {
      keep({ kind, to: session.userId, url: null, token: session.token, newEmail: null });
    };
    return { options: { databaseHooks: { session: { delete: {
      before: record("session-delete-before"),
      after: record("session-delete-after"),
    } } } } };
  },
});

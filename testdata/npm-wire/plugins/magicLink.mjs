// magicLink for PLUGINS: the options as given, with a sendMagicLink that
// keeps {kind: "magic-link", to, url, token, metadata} in the outbox.
import { magicLink } from "better-auth/plugins";

export default (options, keep) => magicLink({
  ...options,
  sendMagicLink: async ({ email, url, token, metadata }) => {
    keep({ kind: "magic-link", to: email, url, token, newEmail: null, metadata: metadata ?? null });
  },
});

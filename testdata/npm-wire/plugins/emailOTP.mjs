// emailOTP for PLUGINS: the options as given, with a sendVerificationOTP
// that keeps {kind: "email-otp-<type>", to, url: null, token: otp} in the
// outbox.
import { emailOTP } from "better-auth/plugins";

export default (options, keep) => emailOTP({
  ...options,
  sendVerificationOTP: async ({ email, otp, type }) => {
    keep({ kind: "email-otp-" + type, to: email, url: null, token: otp, newEmail: null });
  },
});

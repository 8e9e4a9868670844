// phoneNumber for PLUGINS: its send functions keep the codes in the test
// outbox as {kind: "phone-otp" or "phone-reset-otp", to: phone number,
// token: code}. Test-only option keys, removed before the plugin sees
// them: "validator": true sets phoneNumberValidator to accept only
// "+" and 6 to 15 digits; "signUp": true sets signUpOnVerification with
// getTempEmail <digits>@phone.test and getTempName "User <number>";
// "noSendOTP": true leaves sendOTP unset.
import { phoneNumber } from "better-auth/plugins";

export default (options, keep) => {
  const { validator, signUp, noSendOTP, ...rest } = options;
  return phoneNumber({
    ...rest,
    sendOTP: noSendOTP ? undefined : async ({ phoneNumber, code }) => {
      keep({ kind: "phone-otp", to: phoneNumber, url: "", token: code, newEmail: null });
    },
    sendPasswordResetOTP: async ({ phoneNumber, code }) => {
      keep({ kind: "phone-reset-otp", to: phoneNumber, url: "", token: code, newEmail: null });
    },
    ...(validator ? { phoneNumberValidator: (p) => /^\+\d{6,15}$/.test(p) } : {}),
    ...(signUp ? {
      signUpOnVerification: {
        getTempEmail: (p) => `${p.replace(/\D/g, "")}@phone.test`,
        getTempName: (p) => `User ${p}`,
      },
    } : {}),
  });
};

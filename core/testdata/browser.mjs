// browser.mjs: what the official-client scripts of this folder share.
// Each script runs as `node <script> <auth base URL> [args…]` from a
// folder holding a copy of it, a copy of this module and a link to
// npm-wire's node_modules (clientScript in core/client_harness_test.go
// sets that up).
//
//   argv() → {base, origin, args}: the auth base URL (argv[2]), its
//     origin, and the script's own arguments (argv[3] on).
//   browser(base) → {fetch, jar, httpOnly}: a fetch for the official
//     client's customFetchImpl that behaves as a browser's would. Node's
//     fetch keeps no cookies, so this one keeps them in jar (name → value,
//     in the order first set) from Set-Cookie, dropping a cookie set empty
//     or with Max-Age=0, and sends them back as Cookie; it sends Origin
//     (the base's origin) and does not follow redirects, so its caller
//     sees a 302 and its Location. httpOnly holds the names of the kept
//     cookies set with HttpOnly (for a document.cookie, which shows
//     scripts only the others).
//   fail(msg): prints "FAIL: " + msg (the line the Go tests read) and
//     exits with 1.
//   must(what, res): res.data of a client call's result, or
//     fail(what + ": " + its error as JSON).
//   outbox(origin) → the messages the test server kept since the last
//     read (GET <origin>/__test/outbox, which empties it).
//   message(origin, want, {others}) → the one message of the outbox whose
//     fields equal want's (e.g. {kind, to}); otherwise
//     fail("outbox: " + the outbox as JSON). The outbox must hold that
//     message only, unless others is true (default false).

export function argv() {
  const base = process.argv[2];
  return { base, origin: new URL(base).origin, args: process.argv.slice(3) };
}

export function browser(base) {
  const origin = new URL(base).origin;
  const jar = new Map();
  const httpOnly = new Set();
  async function browserFetch(input, init = {}) {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    headers.set("origin", origin);
    const res = await fetch(input, { ...init, headers, redirect: "manual" });
    for (const sc of res.headers.getSetCookie()) {
      const [pair, ...attrs] = sc.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i), value = pair.slice(i + 1);
      if (!value || /max-age=0/i.test(attrs.join(";"))) {
        jar.delete(name);
        httpOnly.delete(name);
        continue;
      }
      jar.set(name, value);
      if (attrs.some((a) => a.trim().toLowerCase() === "httponly")) httpOnly.add(name);
      else httpOnly.delete(name);
    }
    return res;
  }
  return { fetch: browserFetch, jar, httpOnly };
}

export function fail(msg) {
  console.log("FAIL: " + msg);
  process.exit(1);
}

export function must(what, res) {
  if (res.error) fail(what + ": " + JSON.stringify(res.error));
  return res.data;
}

export async function outbox(origin) {
  return (await fetch(origin + "/__test/outbox")).json();
}

export async function message(origin, want, { others = false } = {}) {
  const box = await outbox(origin);
  const match = (m) => Object.entries(want).every(([k, v]) => m[k] === v);
  const found = others ? box.filter(match) : box;
  if (found.length !== 1 || !match(found[0])) fail("outbox: " + JSON.stringify(box));
  return found[0];
}

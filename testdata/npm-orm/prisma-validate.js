// Validates Prisma schemas with Prisma's own schema engine (compiled to
// WebAssembly): `node prisma-validate.js [--v7] PATH...`. A PATH that is a
// folder is one multi-file schema (all its .prisma files). Prints each
// schema's errors and exits 1 when any schema is invalid.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const args = process.argv.slice(2);
const v7 = args[0] === "--v7";
const wasm = require(v7 ? "prisma-schema-wasm-7" : "@prisma/prisma-schema-wasm");

let failed = false;
for (const p of v7 ? args.slice(1) : args) {
  const files = fs.statSync(p).isDirectory()
    ? fs.readdirSync(p).filter((f) => f.endsWith(".prisma")).sort().map((f) => path.join(p, f))
    : [p];
  const schema = files.map((f) => [f, fs.readFileSync(f, "utf8")]);
  try {
    wasm.validate(JSON.stringify({ prismaSchema: schema, noColorErrors: true }));
    console.log(`ok ${p}`);
  } catch (e) {
    failed = true;
    console.log(`INVALID ${p}`);
    let msg = String(e && e.message ? e.message : e);
    try {
      msg = JSON.parse(msg).message;
    } catch {}
    // eslint-disable-next-line no-control-regex
    console.log(msg.replace(/\u001b\[[0-9;]*m/g, ""));
  }
}
process.exit(failed ? 1 : 0);

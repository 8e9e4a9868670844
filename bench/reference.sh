#!/usr/bin/env bash
# Times the reference, Better Auth 1.7.5's CLI (npm package `auth`), on the
# config of examples/basic written in TypeScript (SQLite through
# better-sqlite3, email and password, username plugin): median wall time
# and peak RSS of `auth generate --yes --output auth-schema.sql` over RUNS
# runs, each with a fresh schema file. Its npm install is a one-off cost
# that a CI runner caches too, so it is not timed.
#
# Node.js 20 (this machine's) lacks Object.groupBy, which the CLI's Prisma
# parser calls: a preloaded polyfill adds it; better-sqlite3's native
# binding is built from the local Node headers when npm did not build it.
#
# Usage: bench/reference.sh [RUNS]   (default 11; prints "reference <s> <MiB>")
set -euo pipefail
runs=${1:-11}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
cat > package.json <<'JSON'
{"name": "authctl-bench-reference", "private": true, "type": "module",
 "dependencies": {"auth": "1.7.5", "better-auth": "1.7.5", "better-sqlite3": "12.4.1"}}
JSON
npm install --no-audit --no-fund --loglevel=error >/dev/null 2>&1
if [ ! -f node_modules/better-sqlite3/build/Release/better_sqlite3.node ]; then
	(cd node_modules/better-sqlite3 && npx --yes node-gyp@11 rebuild --release --nodedir=/usr >/dev/null 2>&1)
fi
cat > polyfill.mjs <<'JS'
if (!Object.groupBy) {
	Object.groupBy = (items, key) => {
		const out = Object.create(null);
		let i = 0;
		for (const item of items) (out[key(item, i++)] ??= []).push(item);
		return out;
	};
}
JS
mkdir lib
cat > lib/auth.ts <<'TS'
import { betterAuth } from "better-auth";
import { username } from "better-auth/plugins";
import Database from "better-sqlite3";

export const auth = betterAuth({
	appName: "authctl example",
	database: new Database("./auth.db"),
	emailAndPassword: { enabled: true },
	plugins: [username()],
});
TS
export NODE_OPTIONS="--import $work/polyfill.mjs"
for i in $(seq "$runs"); do
	rm -f auth-schema.sql
	/usr/bin/time -f "%e %M" -o t node_modules/.bin/auth generate --yes --output auth-schema.sql >out 2>&1 ||
		{ cat out >&2; exit 1; }
	grep -q 'create table "user"' auth-schema.sql || { echo "reference: no schema written" >&2; cat out >&2; exit 1; }
	cat t >> times
done
awk '{print $1}' times | sort -n | awk '{a[NR]=$1} END {printf "reference %.4f ", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'
awk '{print $2}' times | sort -n | tail -1 | awk '{printf "%.1f\n", $1/1024}'

#!/usr/bin/env bash
# Benchmarks GET /api/auth/get-session (a signed-in user; a cookie check, one
# session+user read) with wrk against the Go handler (bench/wireserver) and
# the TypeScript reference (Better Auth 1.7.5, testdata/npm-wire/server.mjs)
# on the same machine and the same database, one server at a time:
#   - SQLite: one database file, shared by both servers;
#   - PostgreSQL: one fresh database on $AUTHCTL_TEST_POSTGRES_URL (skipped
#     when unset; `. .ci/services.sh` starts one).
# It prints requests/s and p99 latency for each, and the Go/TS ratios.
#
# Usage: bench/wire.sh [DURATION] [CONNECTIONS]   (default 10s, 32)
# Needs: go, node, testdata/npm-wire/node_modules (npm ci there), wrk
# (installed with apt-get when missing).
set -euo pipefail
duration=${1:-10s}
conns=${2:-32}
root=$(cd "$(dirname "$0")/.." && pwd)
npmdir="$root/testdata/npm-wire"
work=$(mktemp -d)
secret="bench-secret-0123456789abcdefghijklmnopqrstuvwxyz"
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	if [ -n "${pgdb:-}" ]; then psql_admin "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
	echo "== installing wrk (apt)"
	(apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; })
fi
[ -d "$npmdir/node_modules/better-auth" ] || { echo "run npm ci in testdata/npm-wire first" >&2; exit 1; }

echo "== building the Go server"
(cd "$root" && go build -o "$work/wireserver" ./bench/wireserver)

# wait_ready LOG: waits for "listening" in a server's output.
wait_ready() {
	for _ in $(seq 300); do
		grep -q '^listening' "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "server did not start:" >&2; cat "$1" >&2; exit 1
}

# session_cookie PORT: signs up a fresh user and prints the session cookie.
session_cookie() {
	local email="bench.$RANDOM.$RANDOM@example.com"
	curl -s -D "$work/h" -o /dev/null "http://127.0.0.1:$1/api/auth/sign-up/email" \
		-H 'content-type: application/json' \
		-d "{\"name\":\"Bench\",\"email\":\"$email\",\"password\":\"correct horse battery\"}"
	grep -i '^set-cookie: .*session_token=' "$work/h" | head -1 | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]*);.*/\1/'
}

# run LABEL PORT: wrk against get-session; appends "LABEL rps p99ms" to results.
run() {
	local label=$1 port=$2 cookie out rps p99
	cookie=$(session_cookie "$port")
	[ -n "$cookie" ] || { echo "$label: sign-up gave no cookie" >&2; exit 1; }
	body=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port/api/auth/get-session")
	case "$body" in '{"session":'*) ;; *) echo "$label: get-session returned $body" >&2; exit 1 ;; esac
	# Warm up (JIT, connection pools, page cache), then measure.
	wrk -t2 -c"$conns" -d2s -H "Cookie: $cookie" "http://127.0.0.1:$port/api/auth/get-session" >/dev/null
	out=$(wrk -t2 -c"$conns" -d"$duration" --latency -H "Cookie: $cookie" "http://127.0.0.1:$port/api/auth/get-session")
	if echo "$out" | grep -q 'Non-2xx'; then echo "$label: errors:"; echo "$out"; exit 1; fi
	rps=$(echo "$out" | awk '/^Requests\/sec/ {print $2}')
	p99=$(echo "$out" | awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}')
	printf '%-22s %10.0f req/s   p99 %8.2f ms\n' "$label" "$rps" "$p99"
	echo "$label $rps $p99" >> "$work/results"
}

start_go() { # DIALECT URL PORT [-create]
	"$work/wireserver" -dialect "$1" -url "$2" -port "$3" ${4:-} > "$work/go-$3.log" 2>&1 &
	pids+=($!)
	wait_ready "$work/go-$3.log"
}

start_ts() { # PORT ENV...
	local port=$1; shift
	(cd "$npmdir" && exec env PORT="$port" BETTER_AUTH_SECRET="$secret" QUIET=1 NODE_ENV=production "$@" node server.mjs > "$work/ts-$port.log" 2>&1) &
	pids+=($!)
	wait_ready "$work/ts-$port.log"
}

stop_all() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	pids=()
}

export BETTER_AUTH_SECRET="$secret"
echo "== machine: $(nproc) cores, $(node --version), $(go version | awk '{print $3}'), wrk -t2 -c$conns -d$duration"

echo "== SQLite (one file, WAL)"
start_go sqlite "$work/bench.db" 3101 -create
run "go/sqlite" 3101
stop_all
# Better Auth's rate limiter is on in production: raise it out of the way
# (the Go server runs with rate limiting off, its default outside production).
start_ts 3102 DB="$work/bench.db" BENCH_NO_RATE_LIMIT=1
run "ts/sqlite" 3102
stop_all

psql_admin() { PGCONNECT_TIMEOUT=5 psql "$AUTHCTL_TEST_POSTGRES_URL" -qAt -c "$1" >/dev/null; }
if [ -n "${AUTHCTL_TEST_POSTGRES_URL:-}" ] && command -v psql >/dev/null; then
	echo "== PostgreSQL"
	pgdb="authctl_bench_$RANDOM"
	psql_admin "CREATE DATABASE $pgdb"
	pgurl=$(echo "$AUTHCTL_TEST_POSTGRES_URL" | sed -E "s#/[^/?]*(\?|$)#/$pgdb\1#")
	start_go postgres "$pgurl" 3103 -create
	run "go/postgres" 3103
	stop_all
	start_ts 3104 DATABASE_URL="$pgurl" BENCH_NO_RATE_LIMIT=1
	run "ts/postgres" 3104
	stop_all
else
	echo "== PostgreSQL skipped (set AUTHCTL_TEST_POSTGRES_URL, e.g. under . .ci/services.sh)"
fi

echo "== Go / TypeScript"
awk '{rps[$1]=$2; p99[$1]=$3}
	END {
		for (db in a) {}
		split("sqlite postgres", dbs, " ")
		for (i in dbs) { d = dbs[i]; g = "go/" d; s = "ts/" d
			if ((g in rps) && (s in rps))
				printf "%-9s throughput %.1fx   p99 %.2f ms vs %.2f ms (%.1fx lower)\n", d, rps[g]/rps[s], p99[g], p99[s], p99[s]/p99[g]
		}
	}' "$work/results"

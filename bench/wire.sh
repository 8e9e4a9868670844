#!/usr/bin/env bash
# Benchmarks the Go handler (bench/wireserver) against the TypeScript
# reference (Better Auth 1.7.5, testdata/npm-wire/server.mjs) with wrk, on
# the same machine and the same database, one server at a time, in three
# cases:
#   - get-session: GET /api/auth/get-session for a signed-in user (a cookie
#     check, one session+user read);
#   - sign-in: POST /api/auth/sign-in/email with JSON and the server's
#     Origin (scrypt-bound: one password check and one session insert);
#   - get-session (cookie cache): GET /api/auth/get-session with
#     session.cookieCache on (compact strategy), answered from the
#     session_data cookie without a database read — the session row is
#     deleted (sign-out) before the run, so an answer read from the
#     database would be null and fail the run;
# on two databases:
#   - SQLite: one database file, shared by both servers;
#   - PostgreSQL: one fresh database on $AUTHCTL_TEST_POSTGRES_URL (skipped
#     when unset; `. .ci/services.sh` starts one).
# Rate limiting is off on both servers. It prints requests/s and p99
# latency for each, and the Go/TS ratios.
#
# Usage: bench/wire.sh [DURATION] [CONNECTIONS]   (default 10s, 32)
#        (DURATION under 5 minutes, the cookie cache's lifetime; env
#        SIGNIN_CONNECTIONS: sign-in's connections, default
#        min(CONNECTIONS, 2 × cores))
# Needs: go, node, testdata/npm-wire/node_modules (npm ci there), wrk
# (installed with apt-get when missing).
set -euo pipefail
duration=${1:-10s}
conns=${2:-32}
# Sign-in is bound by scrypt on every core: more connections than twice
# the cores only queue (and a request queued longer than DURATION is not
# counted), so it runs with min(CONNECTIONS, 2 × cores) unless
# SIGNIN_CONNECTIONS says otherwise.
signin_conns=${SIGNIN_CONNECTIONS:-$(( conns < 2 * $(nproc) ? conns : 2 * $(nproc) ))}
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

# sign_up PORT EMAIL: signs up a user (password "correct horse battery")
# and prints its cookies as one Cookie header value (session_token, and
# session_data when the cookie cache is on).
sign_up() {
	curl -s -D "$work/h" -o /dev/null "http://127.0.0.1:$1/api/auth/sign-up/email" \
		-H 'content-type: application/json' -H "origin: http://127.0.0.1:$1" \
		-d "{\"name\":\"Bench\",\"email\":\"$2\",\"password\":\"correct horse battery\"}"
	grep -i '^set-cookie: ' "$work/h" | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]*);.*/\1/' | grep -v '=$' | paste -sd';' - | sed 's/;/; /g'
}

# measure CASE IMPL DB CONNECTIONS WRK-ARGS...: warms up, runs wrk,
# appends "CASE IMPL DB rps p99ms" to results.
measure() {
	local kase=$1 impl=$2 db=$3 c=$4 out rps p99
	shift 4
	# Warm up (JIT, connection pools, page cache), then measure.
	wrk -t2 -c"$c" -d2s --timeout 30s "$@" >/dev/null
	out=$(wrk -t2 -c"$c" -d"$duration" --timeout 30s --latency "$@")
	if echo "$out" | grep -qE 'Non-2xx|Socket errors'; then echo "$impl/$db $kase: errors:"; echo "$out"; exit 1; fi
	if echo "$out" | grep -q '^ *0 requests in'; then echo "$impl/$db $kase: no request completed in $duration; give a longer DURATION" >&2; exit 1; fi
	rps=$(echo "$out" | awk '/^Requests\/sec/ {print $2}')
	p99=$(echo "$out" | awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}')
	printf '%-28s %-12s %10.0f req/s   p99 %8.2f ms\n' "$kase" "$impl/$db" "$rps" "$p99"
	echo "$kase $impl $db $rps $p99" >> "$work/results"
}

# check_session LABEL PORT COOKIE: get-session must answer a session.
check_session() {
	local body
	body=$(curl -s -H "Cookie: $3" "http://127.0.0.1:$2/api/auth/get-session")
	case "$body" in '{"session":'*) ;; *) echo "$1: get-session returned $body" >&2; exit 1 ;; esac
}

# run IMPL DB PORT: get-session and sign-in against a server without the
# cookie cache.
run() {
	local impl=$1 db=$2 port=$3 email cookie code
	email="bench.$impl.$db.$RANDOM$RANDOM@example.com"
	cookie=$(sign_up "$port" "$email")
	case "$cookie" in *session_token=*) ;; *) echo "$impl/$db: sign-up gave no session cookie" >&2; exit 1 ;; esac
	check_session "$impl/$db" "$port" "$cookie"
	measure get-session "$impl" "$db" "$conns" -H "Cookie: $cookie" "http://127.0.0.1:$port/api/auth/get-session"

	cat > "$work/signin.lua" <<-LUA
	wrk.method = "POST"
	wrk.body = '{"email":"$email","password":"correct horse battery"}'
	wrk.headers["Content-Type"] = "application/json"
	wrk.headers["Origin"] = "http://127.0.0.1:$port"
	LUA
	code=$(curl -s -o "$work/b" -w '%{http_code}' "http://127.0.0.1:$port/api/auth/sign-in/email" \
		-H 'content-type: application/json' -H "origin: http://127.0.0.1:$port" \
		-d "{\"email\":\"$email\",\"password\":\"correct horse battery\"}")
	[ "$code" = 200 ] || { echo "$impl/$db: sign-in answered $code $(cat "$work/b")" >&2; exit 1; }
	measure sign-in "$impl" "$db" "$signin_conns" -s "$work/signin.lua" "http://127.0.0.1:$port/api/auth/sign-in/email"
}

# run_cached IMPL DB PORT: get-session against a server with the cookie
# cache on, after the session row is gone.
run_cached() {
	local impl=$1 db=$2 port=$3 cookie code
	cookie=$(sign_up "$port" "bench.$impl.$db.cc.$RANDOM$RANDOM@example.com")
	case "$cookie" in *session_token=*session_data=* | *session_data=*session_token=*) ;;
		*) echo "$impl/$db: sign-up gave no session_token and session_data cookies: $cookie" >&2; exit 1 ;; esac
	check_session "$impl/$db" "$port" "$cookie"
	code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/api/auth/sign-out" \
		-H "Cookie: $cookie" -H "origin: http://127.0.0.1:$port")
	[ "$code" = 200 ] || { echo "$impl/$db: sign-out answered $code" >&2; exit 1; }
	check_session "$impl/$db (cookie cache, session row deleted)" "$port" "$cookie"
	measure "get-session (cookie cache)" "$impl" "$db" "$conns" -H "Cookie: $cookie" "http://127.0.0.1:$port/api/auth/get-session"
	# The cache lasts 5 minutes: still a session after the run.
	check_session "$impl/$db (cookie cache, after the run)" "$port" "$cookie"
}

start_go() { # DIALECT URL PORT [FLAGS...]
	local dialect=$1 url=$2 port=$3
	shift 3
	"$work/wireserver" -dialect "$dialect" -url "$url" -port "$port" "$@" > "$work/go-$port.log" 2>&1 &
	pids+=($!)
	wait_ready "$work/go-$port.log"
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
echo "== machine: $(nproc) cores, $(node --version), $(go version | awk '{print $3}'), wrk -t2 -c$conns (sign-in -c$signin_conns) -d$duration, load average $(cut -d' ' -f1-3 /proc/loadavg)"

cache='{"session":{"cookieCache":{"enabled":true,"strategy":"compact"}}}'

# bench_db DB GO-URL TS-ENV: every case on one database, one server at a
# time. Better Auth's rate limiter is on in production: raise it out of
# the way (the Go server runs with rate limiting off, its default outside
# production).
bench_db() {
	local db=$1 dialect=$1 url=$2 tsenv=$3
	start_go "$dialect" "$url" 3101 -create
	run go "$db" 3101
	stop_all
	start_ts 3102 "$tsenv" BENCH_NO_RATE_LIMIT=1
	run ts "$db" 3102
	stop_all
	start_go "$dialect" "$url" 3103 -cookie-cache compact
	run_cached go "$db" 3103
	stop_all
	start_ts 3104 "$tsenv" BENCH_NO_RATE_LIMIT=1 OPTIONS="$cache"
	run_cached ts "$db" 3104
	stop_all
}

echo "== SQLite (one file, WAL)"
bench_db sqlite "$work/bench.db" DB="$work/bench.db"

psql_admin() { PGCONNECT_TIMEOUT=5 psql "$AUTHCTL_TEST_POSTGRES_URL" -qAt -c "$1" >/dev/null; }
if [ -n "${AUTHCTL_TEST_POSTGRES_URL:-}" ] && command -v psql >/dev/null; then
	echo "== PostgreSQL"
	pgdb="authctl_bench_$RANDOM"
	psql_admin "CREATE DATABASE $pgdb"
	pgurl=$(echo "$AUTHCTL_TEST_POSTGRES_URL" | sed -E "s#/[^/?]*(\?|$)#/$pgdb\1#")
	bench_db postgres "$pgurl" DATABASE_URL="$pgurl"
else
	echo "== PostgreSQL skipped (set AUTHCTL_TEST_POSTGRES_URL, e.g. under . .ci/services.sh)"
fi

echo "== Go / TypeScript"
awk '{n = NF; kase = $1; for (i = 2; i <= n - 4; i++) kase = kase " " $i
	k = kase SUBSEP $(n-3) SUBSEP $(n-2); rps[k] = $(n-1); p99[k] = $n
	if (!(kase in seen)) { seen[kase] = 1; order[++nk] = kase } }
	END {
		split("sqlite postgres", dbs, " ")
		for (c = 1; c <= nk; c++) for (i = 1; i <= 2; i++) {
			g = order[c] SUBSEP "go" SUBSEP dbs[i]; s = order[c] SUBSEP "ts" SUBSEP dbs[i]
			if ((g in rps) && (s in rps) && rps[s] > 0 && p99[g] > 0)
				printf "%-28s %-9s throughput %.1fx   p99 %.2f ms vs %.2f ms (%.1fx lower)\n", order[c], dbs[i], rps[g]/rps[s], p99[g], p99[s], p99[s]/p99[g]
		}
	}' "$work/results"

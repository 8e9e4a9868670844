#!/usr/bin/env bash
# Times `authctl migrate` (see the README, "Performance") per engine:
#   apply  - the default config on an empty database
#   noop   - a second run, nothing to do
# and, on PostgreSQL, a no-op run on a database whose schema also holds
# 2,000 unrelated tables, which must stay within 1.3x of the no-op run on a
# database holding only the auth tables (migrate inspects only the tables
# it names; issue 12). Exits 1 when it does not.
#
# SQLite always runs; PostgreSQL and MySQL run when AUTHCTL_TEST_POSTGRES_URL
# and AUTHCTL_TEST_MYSQL_URL name servers (`. .ci/services.sh` starts both).
# Wall times are medians, from the shell's nanosecond clock, and include
# starting the process and loading the config from authctl's loader cache.
#
# Usage: bench/migrate.sh [RUNS]   (default 9)
set -euo pipefail
runs=${1:-9}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
cleanup() {
	for d in ${pg_dbs:-}; do psql -q "$AUTHCTL_TEST_POSTGRES_URL" -c "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1 || true; done
	for s in ${pg_schemas:-}; do psql -q "$AUTHCTL_TEST_POSTGRES_URL" -c "DROP SCHEMA IF EXISTS $s CASCADE" >/dev/null 2>&1 || true; done
	for d in ${my_dbs:-}; do my_sql "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1 || true; done
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/authctl" "$root"
cp -r "$root/testdata/fixtures/migrate" "$work/proj"
. "$root/bench/module.sh"
bench_module "$root" "$work/proj" example.com/migrate
export AUTHCTL_CACHE_DIR="$work/cache"
cd "$work/proj"
# One untimed run compiles the config into the loader cache.
"$work/authctl" migrate --dry-run --url "sqlite:$work/warm.db" >/dev/null 2>&1

seconds() { # command... -> prints the wall time in seconds
	local start end
	start=$(date +%s%N)
	"$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
	end=$(date +%s%N)
	awk -v ns=$((end - start)) 'BEGIN {printf "%.4f\n", ns / 1e9}'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
report() { printf '%-28s median %7.4f s   (%d runs)\n' "$1" "$(median < "$work/$2")" "$(wc -l < "$work/$2")"; }

my_sql() {
	local u=${AUTHCTL_TEST_MYSQL_URL#mysql://} creds host
	creds=${u%%@*} host=${u#*@}; host=${host%%/*}
	mariadb -u "${creds%%:*}" -p"${creds#*:}" -h "${host%%:*}" -P "${host##*:}" -e "$1"
}
pg_url() { # schema -> the test server's URL selecting it
	local sep='?'
	case $AUTHCTL_TEST_POSTGRES_URL in *\?*) sep='&' ;; esac
	echo "$AUTHCTL_TEST_POSTGRES_URL${sep}search_path=$1"
}
pg_db_url() { # database -> the test server's URL selecting it
	local u=$AUTHCTL_TEST_POSTGRES_URL rest=""
	case $u in *\?*) rest="?${u#*\?}" u=${u%%\?*} ;; esac
	echo "${u%/*}/$1$rest"
}
my_url() { echo "${AUTHCTL_TEST_MYSQL_URL%/*}/$1"; }

bench_engine() { # engine new-database-function: the function sets $url
	local engine=$1 new=$2
	for i in $(seq "$runs"); do
		$new "$i"
		seconds "$work/authctl" migrate --yes --url "$url" >> "$work/$engine.apply"
		seconds "$work/authctl" migrate --yes --url "$url" >> "$work/$engine.noop"
	done
	report "$engine apply" "$engine.apply"
	report "$engine no-op" "$engine.noop"
}

status=0
new_sqlite() { url="sqlite:$work/bench-$1.db"; }
bench_engine sqlite new_sqlite

if [ -n "${AUTHCTL_TEST_POSTGRES_URL:-}" ]; then
	new_pg() {
		local s=bench_$$_$1
		psql -q "$AUTHCTL_TEST_POSTGRES_URL" -c "CREATE SCHEMA $s" >/dev/null
		pg_schemas="${pg_schemas:-} $s"
		url=$(pg_url "$s")
	}
	bench_engine postgres new_pg

	# Two fresh databases: one holding only the auth tables, one whose
	# schema also holds 2,000 unrelated tables (with an index each). They
	# must be separate databases: the catalogs are per database, so a
	# baseline schema next to the crowded one would be crowded too.
	plain=bench_$$_plain crowded=bench_$$_crowded
	psql -q "$AUTHCTL_TEST_POSTGRES_URL" -c "CREATE DATABASE $plain" -c "CREATE DATABASE $crowded" >/dev/null
	pg_dbs="$plain $crowded"
	plain_url=$(pg_db_url "$plain") crowded_url=$(pg_db_url "$crowded")
	psql -q "$crowded_url" >/dev/null <<SQL
DO \$\$ BEGIN
  FOR i IN 1..2000 LOOP
    EXECUTE format('CREATE TABLE public.app_%s (id bigint PRIMARY KEY, name text NOT NULL, owner bigint, created timestamptz DEFAULT now())', i);
    EXECUTE format('CREATE INDEX ON public.app_%s (name)', i);
    IF i > 1 THEN
      EXECUTE format('ALTER TABLE public.app_%s ADD FOREIGN KEY (owner) REFERENCES public.app_%s (id)', i, i - 1);
    END IF;
  END LOOP;
END \$\$;
SQL
	# Let the catalogs settle, as they have in any database that has been
	# up for a while.
	for u in "$plain_url" "$crowded_url"; do psql -q "$u" -c "VACUUM ANALYZE" >/dev/null; done
	"$work/authctl" migrate --yes --url "$crowded_url" >/dev/null 2>&1
	"$work/authctl" migrate --yes --url "$plain_url" >/dev/null 2>&1
	# Alternate the two, so that load on the machine hits both alike.
	for i in $(seq "$runs"); do
		seconds "$work/authctl" migrate --yes --url "$plain_url" >> "$work/postgres.plain"
		seconds "$work/authctl" migrate --yes --url "$crowded_url" >> "$work/postgres.crowded"
	done
	report "postgres no-op, auth tables" postgres.plain
	report "postgres no-op, +2000 tables" postgres.crowded
	awk -v a="$(median < "$work/postgres.crowded")" -v b="$(median < "$work/postgres.plain")" \
		'BEGIN { r = a / b; printf "2000 unrelated tables / none: %.2fx (target 1.3x)\n", r; exit (r > 1.3) }' || status=1
else
	echo "postgres: skipped (AUTHCTL_TEST_POSTGRES_URL is not set)"
fi

if [ -n "${AUTHCTL_TEST_MYSQL_URL:-}" ]; then
	new_my() {
		local d=bench_$$_$1
		my_sql "CREATE DATABASE $d"
		my_dbs="${my_dbs:-} $d"
		url=$(my_url "$d")
	}
	bench_engine mysql new_my
else
	echo "mysql: skipped (AUTHCTL_TEST_MYSQL_URL is not set)"
fi
exit $status

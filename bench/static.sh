#!/usr/bin/env bash
# Times reading a literal config on a fresh CI runner (issue 12): every run
# has an empty Go build cache (GOCACHE=$(mktemp -d)) and an empty authctl
# loader cache. On examples/basic (a literal config) it measures
#   static   - `authctl generate -o -` (auto: the static reader)
#   edit     - the same after editing auth.go
#   check    - `authctl generate --check` (the CI drift check)
#   compiled - `authctl generate --loader compiled -o -` (what auto did
#              before: type-check and build the loader, stdlib included)
# and reports median wall time and peak RSS of the whole process tree
# (bench/treerss; separate runs, so the sampler never slows a timed one).
# Each static run also asserts that the go command was not started.
#
# With REFERENCE=1 it also times the reference's `auth generate` on the
# same config (bench/reference.sh; npm install included, about 2 minutes)
# and prints how many times faster the drift check is.
#
# Usage: bench/static.sh [RUNS] [COMPILED_RUNS]   (default 11 and 2; a
# compiled run on a cold cache takes about 25 s)
set -euo pipefail
runs=${1:-11}
cruns=${2:-2}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

go build -o "$work/authctl" "$root"
go build -o "$work/treerss" "$root/bench/treerss"
mkdir -p "$work/proj"
cp -r "$root/examples/basic/lib" "$work/proj/lib"
. "$root/bench/module.sh"
bench_module "$root" "$work/proj" example.com/bench
cd "$work/proj"
export AUTHCTL_CACHE_DIR="$work/cache"

fresh() { # a fresh runner: empty build cache, empty loader cache
	chmod -R u+w "$work/gocache" 2>/dev/null || true
	rm -rf "$work/gocache" "$AUTHCTL_CACHE_DIR"
	mkdir -p "$work/gocache"
}
measure() { # label command... -> appends seconds to $work/$label.time
	local start end
	fresh
	start=$(date +%s%N)
	GOCACHE="$work/gocache" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
	end=$(date +%s%N)
	if [ "$label" != compiled ] && grep -q Compiling "$work/err"; then
		echo "$label: the config was compiled, not read statically" >&2; exit 1
	fi
	echo "$(( (end - start) / 1000 ))e-6" | awk '{printf "%.6f\n", $1}' >> "$work/$label.time"
}
measure_rss() { # label command... -> appends KiB to $work/$label.rss
	fresh
	GOCACHE="$work/gocache" "$work/treerss" "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
	cat "$work/t" >> "$work/$label.rss"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
report() {
	printf '%-9s median %8.4f s   peak RSS (process tree) %6.1f MiB   (%d timed runs, %d sampled)\n' "$1" \
		"$(median < "$work/$1.time")" \
		"$(sort -n "$work/$1.rss" | tail -1 | awk '{print $1/1024}')" \
		"$(wc -l < "$work/$1.time")" "$(wc -l < "$work/$1.rss")"
}

"$work/authctl" generate --yes -o auth-schema.sql >/dev/null # the file --check compares with
for i in $(seq "$runs"); do
	label=static measure "$work/authctl" generate -o -
	label=static measure_rss "$work/authctl" generate -o -
	echo "// edit $i $RANDOM" >> lib/auth.go
	label=edit measure "$work/authctl" generate -o -
	label=edit measure_rss "$work/authctl" generate -o -
	label=check measure "$work/authctl" generate --check
	label=check measure_rss "$work/authctl" generate --check
done
for i in $(seq "$cruns"); do
	label=compiled measure "$work/authctl" generate --loader compiled -o -
	label=compiled measure_rss "$work/authctl" generate --loader compiled -o -
done
report static; report edit; report check
s=$(median < "$work/check.time")
if [ "$cruns" -gt 0 ]; then
	report compiled
	awk -v s="$s" -v c="$(median < "$work/compiled.time")" 'BEGIN {printf "compiled / static: %.0fx\n", c / s}'
fi
if [ "${REFERENCE:-}" = 1 ]; then
	read -r _ rs rm < <("$root/bench/reference.sh" "$runs")
	printf '%-9s median %8.4f s   peak RSS (process tree) %6.1f MiB   (auth generate, Better Auth 1.7.5)\n' reference "$rs" "$rm"
	awk -v s="$s" -v r="$rs" 'BEGIN {printf "reference / check: %.0fx (target 20x)\n", r / s}'
fi

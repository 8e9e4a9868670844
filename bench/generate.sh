#!/usr/bin/env bash
# Times `authctl generate --loader compiled` on examples/basic (see the README,
# "Performance"; bench/static.sh times the static reader, which auto uses for
# this literal config):
#   cold  - empty authctl loader cache, Go build cache warm
#   warm  - loader cache hit (must not start the go command)
#   edit  - after editing auth.go (the loader is rebuilt)
# and reports the median wall time and the peak RSS of the whole process tree
# (authctl plus `go build`, compile and link alive at the same moment,
# summed; bench/treerss samples /proc every millisecond) of each. Wall time
# and memory come from separate runs so that the sampler does not slow the
# timed ones.
#
# Usage: bench/generate.sh [RUNS]   (default 7; warm runs 3x as many)
set -euo pipefail
runs=${1:-7}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/authctl" "$root"
go build -o "$work/treerss" "$root/bench/treerss"
mkdir -p "$work/proj"
cp -r "$root/examples/basic/lib" "$work/proj/lib"
. "$root/bench/module.sh"
bench_module "$root" "$work/proj" example.com/bench
export AUTHCTL_CACHE_DIR="$work/cache"
cd "$work/proj"

# One untimed run warms the Go build cache for this project.
"$work/authctl" generate --loader compiled -o - >/dev/null 2>&1

measure() { # label command... -> appends seconds to $work/$label.time
	local start end
	start=$(date +%s%N)
	"$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
	end=$(date +%s%N)
	echo "$(( (end - start) / 1000 ))e-6" | awk '{printf "%.6f\n", $1}' >> "$work/$label.time"
}
measure_rss() { # label command... -> appends KiB to $work/$label.rss
	"$work/treerss" "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
	cat "$work/t" >> "$work/$label.rss"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
report() {
	printf '%-6s median %7.4f s   peak RSS (process tree) %6.1f MiB   (%d timed runs, %d sampled)\n' "$1" \
		"$(median < "$work/$1.time")" \
		"$(sort -n "$work/$1.rss" | tail -1 | awk '{print $1/1024}')" \
		"$(wc -l < "$work/$1.time")" "$(wc -l < "$work/$1.rss")"
}

for i in $(seq "$runs"); do
	rm -rf "$AUTHCTL_CACHE_DIR"
	label=cold measure "$work/authctl" generate --loader compiled -o -
	rm -rf "$AUTHCTL_CACHE_DIR"
	label=cold measure_rss "$work/authctl" generate --loader compiled -o -
done
for i in $(seq $((runs * 3))); do
	label=warm measure "$work/authctl" generate --loader compiled -o -
done
for i in $(seq "$runs"); do
	label=warm measure_rss "$work/authctl" generate --loader compiled -o -
done
for i in $(seq "$runs"); do
	echo "// edit $i $RANDOM" >> lib/auth.go
	label=edit measure "$work/authctl" generate --loader compiled -o -
	echo "// edit $i.rss $RANDOM" >> lib/auth.go
	label=edit measure_rss "$work/authctl" generate --loader compiled -o -
done
report cold; report warm; report edit

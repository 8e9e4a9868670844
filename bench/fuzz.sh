#!/usr/bin/env bash
# Fuzz every target for a while (default 60s each): bash bench/fuzz.sh [DURATION]
#
# Not part of .ci/run on purpose: a gate must give the same answer for the same
# commit, and new random inputs do not. The seed corpora (f.Add seeds and
# testdata/fuzz/*) run with `go test ./...`, so every input that ever failed
# is replayed by CI. When this script finds one, `go test` writes it under the
# package's testdata/fuzz/; commit it with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
t=${1:-60s}
go test ./core -run '^$' -fuzz '^FuzzReadBody$' -fuzztime "$t"
go test ./core -run '^$' -fuzz '^FuzzCookies$' -fuzztime "$t"
go test ./dotenv -run '^$' -fuzz '^FuzzParse$' -fuzztime "$t"

#!/usr/bin/env bash
# get-session with sessions in Redis vs in PostgreSQL, on one Go handler and
# on three (issue 16): prints req/s and median latency of each and the
# Redis/PostgreSQL ratios. Needs the servers .ci/services.sh starts:
#   set -a; . /tmp/svc.env; set +a   # or source .ci/services.sh
#   bash bench/sessions.sh
# (AUTHCTL_TEST_POSTGRES_URL and AUTHCTL_TEST_REDIS_URL). 3 rounds of 3000 requests from
# 16 concurrent clients per case (the cases alternate;
# each keeps its best round), over loopback, on this machine's cores.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${AUTHCTL_TEST_POSTGRES_URL:?set AUTHCTL_TEST_POSTGRES_URL (see .ci/services.sh)}"
: "${AUTHCTL_TEST_REDIS_URL:?set AUTHCTL_TEST_REDIS_URL (see .ci/services.sh)}"
AUTHCTL_BENCH_SESSIONS=1 go test ./core -count=1 -v -run '^TestBenchGetSessionRedisVsPostgres$' 2>&1 |
	grep -E 'req/s|instance|^(ok|FAIL|---)'

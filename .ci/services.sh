# Sourced by .ci/run: starts PostgreSQL 15, MariaDB and Redis on 127.0.0.1
# only, on ports nothing else uses, exports the URLs the tests read, and stops
# them by pid when the shell exits.
#   AUTHCTL_TEST_POSTGRES_URL  postgres://postgres@127.0.0.1:55433/postgres?sslmode=disable
#   AUTHCTL_TEST_MYSQL_URL     mysql://authctl:authctl@127.0.0.1:53307/authctl
#   AUTHCTL_TEST_REDIS_URL     redis://127.0.0.1:56380 (tests take their own database number)
svc_dir=$(mktemp -d /tmp/authctl-ci.XXXXXX)
chmod 755 "$svc_dir"
PG_PORT=55433
MY_PORT=53307
REDIS_PORT=56380

svc_stop() {
	[ -f "$svc_dir/pg/data/postmaster.pid" ] && kill "$(head -1 "$svc_dir/pg/data/postmaster.pid")" 2>/dev/null || true
	[ -f "$svc_dir/my/mysqld.pid" ] && kill "$(cat "$svc_dir/my/mysqld.pid")" 2>/dev/null || true
	[ -f "$svc_dir/redis/redis.pid" ] && kill "$(cat "$svc_dir/redis/redis.pid")" 2>/dev/null || true
	sleep 1
	rm -rf "$svc_dir"
}
trap svc_stop EXIT

echo "== PostgreSQL 15"
PG_BIN=/usr/lib/postgresql/15/bin
if [ ! -x "$PG_BIN/initdb" ]; then
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
fi
mkdir -p "$svc_dir/pg" && chown postgres "$svc_dir/pg"
su postgres -c "$PG_BIN/initdb -D $svc_dir/pg/data -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8" >/dev/null
su postgres -c "$PG_BIN/pg_ctl -D $svc_dir/pg/data -l $svc_dir/pg/pg.log -w -o '-c listen_addresses=127.0.0.1 -p $PG_PORT -k $svc_dir/pg -c fsync=off -c max_connections=200' start" >/dev/null
export AUTHCTL_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres?sslmode=disable"

echo "== MariaDB"
if ! command -v mariadbd >/dev/null; then
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server >/dev/null
fi
mkdir -p "$svc_dir/my" && chown mysql:mysql "$svc_dir/my"
mariadb-install-db --user=mysql --datadir="$svc_dir/my/data" --skip-test-db --auth-root-authentication-method=socket >/dev/null
mariadbd --user=mysql --datadir="$svc_dir/my/data" --port=$MY_PORT --bind-address=127.0.0.1 \
	--socket="$svc_dir/my/mysqld.sock" --pid-file="$svc_dir/my/mysqld.pid" --log-error="$svc_dir/my/err.log" \
	--innodb-flush-log-at-trx-commit=0 --skip-log-bin --max-connections=300 2>>"$svc_dir/my/stderr.log" &
for _ in $(seq 100); do
	mariadb-admin --socket="$svc_dir/my/mysqld.sock" ping >/dev/null 2>&1 && break
	sleep 0.2
done
mariadb --socket="$svc_dir/my/mysqld.sock" -e "CREATE USER 'authctl'@'127.0.0.1' IDENTIFIED BY 'authctl'; GRANT ALL ON *.* TO 'authctl'@'127.0.0.1' WITH GRANT OPTION; CREATE DATABASE authctl;"
export AUTHCTL_TEST_MYSQL_URL="mysql://authctl:authctl@127.0.0.1:$MY_PORT/authctl"

echo "== Redis"
if ! command -v redis-server >/dev/null; then
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
# No persistence (the tests make their own data), no protected-mode surprises:
# it listens on 127.0.0.1 only.
mkdir -p "$svc_dir/redis"
redis-server --bind 127.0.0.1 --port $REDIS_PORT --daemonize yes --pidfile "$svc_dir/redis/redis.pid" \
	--dir "$svc_dir/redis" --logfile "$svc_dir/redis/redis.log" --save '' --appendonly no --databases 64
for _ in $(seq 100); do
	redis-cli -p $REDIS_PORT ping >/dev/null 2>&1 && break
	sleep 0.1
done
export AUTHCTL_TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT"

#!/usr/bin/env bash
# MariaDB (or MySQL) and Redis for `make test`: start them if they are not answering.
# Point elsewhere with OMNI_TEST_MYSQL_URL and OMNI_TEST_REDIS_URL; then nothing is started here.
set -euo pipefail

wait_for() {  # wait_for <what> <command...>: up to 30 s
  local what=$1; shift
  for _ in $(seq 1 150); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "$what did not come up" >&2; return 1
}

mysql_up() { mysqladmin --protocol=tcp -h 127.0.0.1 -P 3306 -u root ping; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG; }

if [ -z "${OMNI_TEST_MYSQL_URL:-}" ] && ! mysql_up >/dev/null 2>&1; then
  echo "Starting MariaDB ..."
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  wait_for MariaDB mysql_up
fi

if [ -z "${OMNI_TEST_REDIS_URL:-}" ] && ! redis_up >/dev/null 2>&1; then
  echo "Starting Redis ..."
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  wait_for Redis redis_up
fi

# Every API process keeps up to OMNI_THREADS connections and may open 10 more under load: a test
# stack, a private process or two and `make bench`'s load go past the server's default of 151.
if [ -z "${OMNI_TEST_MYSQL_URL:-}" ]; then
  current=$(mysql --protocol=tcp -h 127.0.0.1 -P 3306 -u root -N -e "SELECT @@max_connections")
  if [ "$current" -lt 500 ]; then
    mysql --protocol=tcp -h 127.0.0.1 -P 3306 -u root -e "SET GLOBAL max_connections = 500"
  fi
fi

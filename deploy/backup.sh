#!/bin/sh
# A consistent backup of every Omnipresence schema, as SQL on standard output:
#
#   OMNI_DB_PREFIX=omni deploy/backup.sh -h HOST -u root -p > omni-$(date +%F).sql
#
# Arguments are passed to mysqldump as they are (host, user, password, --defaults-extra-file…).
# --single-transaction dumps all the schemas from one snapshot: InnoDB tables, no locks, so the
# services keep working meanwhile (but no migration may run during the backup). Users and grants
# are not in the dump: after a restore, `python -m omni_common provision` recreates them.
# Restore: deploy/README.md, "Backups".
set -eu

prefix="${OMNI_DB_PREFIX:-omni}"
dump="$(command -v mysqldump || command -v mariadb-dump || true)"
if [ -z "$dump" ]; then
  echo "backup.sh: neither mysqldump nor mariadb-dump is installed" >&2
  exit 127
fi

exec "$dump" "$@" \
  --single-transaction --quick \
  --routines --triggers --events --hex-blob \
  --default-character-set=utf8mb4 \
  --databases "${prefix}_identity" "${prefix}_presence" "${prefix}_sync" "${prefix}_reporting"

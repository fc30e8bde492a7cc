#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into a fresh database and an empty media folder.
#
#   createdb mip_restored
#   DATABASE_URL=postgres://mip@db:5432/mip_restored MEDIA_ROOT=/srv/mip/media-restored \
#       scripts/restore.sh backups/mip-20250101T020000Z
#
# Refuses to write into a database that already has tables or a media folder that has files,
# so it never overwrites live content. Checks the backup's SHA-256 sums before it starts and
# every media file's checksum after it has finished. Point the site at the restored database
# and media folder (DATABASE_URL, MEDIA_ROOT) and run `manage.py migrate` if the code is newer.
set -euo pipefail

fail() { echo "restore: $*" >&2; exit 1; }

backup="${1:-}"
[ -n "$backup" ] || fail "usage: scripts/restore.sh BACKUP_FOLDER (made by scripts/backup.sh)"
[ -f "$backup/SHA256SUMS" ] || fail "$backup has no SHA256SUMS: not a backup folder."
[ -n "${DATABASE_URL:-}" ] || fail "DATABASE_URL is not set: the fresh database to restore into."
case "$DATABASE_URL" in
    postgres://* | postgresql://*) ;;
    *) fail "DATABASE_URL must be a PostgreSQL URL." ;;
esac
project_dir="$(cd "$(dirname "$0")/.." && pwd)"
media_root="${MEDIA_ROOT:-$project_dir/media}"
for tool in pg_restore psql tar sha256sum; do
    command -v "$tool" >/dev/null || fail "$tool is not installed."
done

(cd "$backup" && sha256sum --check --quiet SHA256SUMS) || fail "$backup is damaged: its checksums do not match."

tables="$(psql --dbname="$DATABASE_URL" --tuples-only --no-align \
    --command="select count(*) from pg_tables where schemaname = 'public'")" \
    || fail "cannot connect to the database in DATABASE_URL (create it first, e.g. with createdb)."
[ "$tables" = "0" ] || fail "the database in DATABASE_URL already has $tables tables: restore needs a fresh one."
if [ -d "$media_root" ] && [ -n "$(ls -A "$media_root")" ]; then
    fail "MEDIA_ROOT $media_root is not empty: restore needs an empty media folder."
fi

pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
    --dbname="$DATABASE_URL" "$backup/database.dump"
mkdir -p "$media_root"
tar --extract --gzip --file="$backup/media.tar.gz" --directory="$media_root"
(cd "$media_root" && sha256sum --check --quiet "$(cd "$backup" && pwd)/media-files.sha256") \
    || fail "restored media files do not match their checksums."

pages="$(psql --dbname="$DATABASE_URL" --tuples-only --no-align --command="select count(*) from wagtailcore_page")"
echo "restore: done: $pages pages, $(wc -l < "$backup/media-files.sha256") media files, into $media_root" >&2

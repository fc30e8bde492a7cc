#!/usr/bin/env bash
# Back up MiP's content: the PostgreSQL database and the uploaded files (MEDIA_ROOT).
#
#   DATABASE_URL=postgres://mip@db:5432/mip MEDIA_ROOT=/srv/mip/media scripts/backup.sh [BACKUP_DIR]
#
# Writes one folder, BACKUP_DIR/mip-<UTC timestamp>/ (BACKUP_DIR defaults to ~/mip-backups,
# outside the project so a backup is never committed):
#   database.dump      pg_dump custom format (compressed; restore with scripts/restore.sh)
#   media.tar.gz       every file under MEDIA_ROOT
#   media-files.sha256 SHA-256 of each media file, checked again after a restore
#   SHA256SUMS         SHA-256 of the three files above, checked before a restore
# and prints the folder's path on the last line. Safe to run while the site serves:
# pg_dump reads one consistent snapshot.
set -euo pipefail

fail() { echo "backup: $*" >&2; exit 1; }

[ -n "${DATABASE_URL:-}" ] || fail "DATABASE_URL is not set (postgres://user:password@host:5432/name)."
case "$DATABASE_URL" in
    postgres://* | postgresql://*) ;;
    *) fail "DATABASE_URL must be a PostgreSQL URL; back up a SQLite database by copying its file." ;;
esac
project_dir="$(cd "$(dirname "$0")/.." && pwd)"
media_root="${MEDIA_ROOT:-$project_dir/media}"
[ -d "$media_root" ] || fail "MEDIA_ROOT $media_root is not a directory."
for tool in pg_dump tar sha256sum; do
    command -v "$tool" >/dev/null || fail "$tool is not installed."
done

backup_root="${1:-${BACKUP_DIR:-$HOME/mip-backups}}"
target="$backup_root/mip-$(date -u +%Y%m%dT%H%M%SZ)"
[ ! -e "$target" ] || fail "$target already exists."
mkdir -p "$target"
trap 'rm -rf "$target"; echo "backup: failed, nothing kept" >&2' ERR

pg_dump --format=custom --no-owner --no-privileges --file="$target/database.dump" --dbname="$DATABASE_URL"
(cd "$media_root" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum) > "$target/media-files.sha256"
tar --create --gzip --file="$target/media.tar.gz" --directory="$media_root" .
(cd "$target" && sha256sum database.dump media.tar.gz media-files.sha256 > SHA256SUMS)

trap - ERR
echo "backup: database $(du -h "$target/database.dump" | cut -f1), media $(wc -l < "$target/media-files.sha256") files" >&2
echo "$target"

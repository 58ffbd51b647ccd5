#!/usr/bin/env bash
# What `npm test` needs besides node_modules: the Debian packages the suites drive (a PostgreSQL
# server's binaries for throwaway clusters, real Alembic, PgBouncer, zsh and fish, qemu for the
# arm64 release binary). Installs what is missing with apt-get when it can (as root, or through
# sudo without a password); otherwise stops with the exact command to run. No test is skipped for
# want of one of them: a test that finds its tool missing fails and names the package.
set -euo pipefail
cd "$(dirname "$0")/.."

# bun and deno ship their binaries through install scripts, which package.json allows; an install
# that skipped scripts (npm ci --ignore-scripts, an older npm) gets them here.
if ! { test -x node_modules/bun/bin/bun.exe || test -x node_modules/.bin/bun; } || ! test -x node_modules/.bin/deno; then
  npm rebuild bun deno >/dev/null
fi

missing=()
# need CHECK PACKAGE...: the packages are missing unless CHECK (a shell command) succeeds.
need() {
  local check="$1"
  shift
  bash -c "$check" >/dev/null 2>&1 || missing+=("$@")
}
need 'ls /usr/lib/postgresql/*/bin/initdb || command -v initdb' postgresql postgresql-client
need '/usr/bin/python3 -c "import alembic, psycopg2"' python3-alembic python3-psycopg2
need 'command -v pgbouncer || test -x /usr/sbin/pgbouncer' pgbouncer
need 'command -v qemu-aarch64 && test -e /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1' qemu-user libc6-arm64-cross
need 'command -v zsh' zsh
need 'command -v fish' fish
need 'command -v script' bsdutils

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "The tests need these Debian packages: ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo)
else
  echo "Install them, then run npm test again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
echo "Installed: ${missing[*]}" >&2

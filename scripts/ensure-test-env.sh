#!/usr/bin/env bash
# Installs and starts what the test suite needs beyond npm packages, on a fresh
# Debian machine: Debian's Chromium for the browser tests, LibreOffice Calc for
# the tests that open Rumbo's workbooks in a real spreadsheet program, and the
# local PostgreSQL server for the database tests. Does nothing when all are there.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v soffice >/dev/null || missing+=(libreoffice-calc-nogui)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Instalando ${missing[*]} de Debian para las pruebas…"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "Iniciando el servidor PostgreSQL local…"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
fi
pg_isready -h 127.0.0.1 -p 5432 >/dev/null || {
  echo "No hay un servidor PostgreSQL en 127.0.0.1:5432 (las pruebas de base de datos lo necesitan)." >&2
  exit 1
}

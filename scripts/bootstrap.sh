#!/usr/bin/env bash
# Shared set-up for scripts/run and scripts/test: Debian libraries Qt needs, then the venv.
# Sourced, not executed. Idempotent: a second run installs nothing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${INSPECTOR_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"

# Libraries PySide6 needs for offscreen and X11 windows, printing, the bundled fonts' fallback.
RUNTIME_DEBS=(libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libglib2.0-0
  libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxcb-util1 libx11-xcb1 libcups2)
# Digital signatures (issue 14): the SoftHSM2 token emulator for the tests and the bench, poppler's
# pdfsig for the independent check of signed PDFs. A real USB token brings its own PKCS#11 module.
SIGNING_DEBS=(softhsm2 poppler-utils)

missing_debs() {
  local pkg out=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || out+=("$pkg")
  done
  echo "${out[@]:-}"
}

install_debs() {
  command -v dpkg-query >/dev/null 2>&1 || return 0   # not Debian: nothing to do here
  local missing
  missing="$(missing_debs "$@")"
  [ -z "$missing" ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"
    else
      echo "Inspector: missing Debian packages: $missing" >&2
      echo "  install them with: sudo apt-get install -y $missing" >&2
      return 0
    fi
  fi
  echo "Inspector: installing Debian packages: $missing" >&2
  # shellcheck disable=SC2086
  $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
}

ensure_venv() {
  local extras="$1" stamp="$VENV/.inspector-installed-$1"
  if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
  fi
  if [ ! -f "$stamp" ] || [ "$ROOT/setup.cfg" -nt "$stamp" ]; then
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
    "$VENV/bin/python" -m pip install -q -e "$ROOT[$extras]"
    touch "$stamp"
  fi
}

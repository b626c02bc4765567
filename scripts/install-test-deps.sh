#!/usr/bin/env bash
# Test set-up: the system packages the browser tests need (Debian/Ubuntu).
#
# Installs headless Chromium (`/usr/bin/chromium`) when it is missing.  Safe to run again: it
# does nothing when Chromium is already there.  Needs root (or sudo) and apt-get; exits 1 with
# a message saying what is missing otherwise, so callers can skip the browser tests with a reason.
set -euo pipefail

CHROMIUM="${FILSPEC_CHROMIUM:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
    echo "install-test-deps: $CHROMIUM is installed"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-deps: $CHROMIUM is missing and apt-get is not available; install Chromium by hand" >&2
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    echo "install-test-deps: $CHROMIUM is missing and installing it needs root (or password-less sudo)" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-test-deps: installing chromium with apt-get"
# The package lists may be stale (a new Chromium security release replaces the old .deb).
"${as_root[@]}" apt-get update -qq || echo "install-test-deps: apt-get update failed; trying the lists we have" >&2
"${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null

if [ ! -x "$CHROMIUM" ]; then
    echo "install-test-deps: apt-get finished but $CHROMIUM is still missing" >&2
    exit 1
fi
echo "install-test-deps: installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)"

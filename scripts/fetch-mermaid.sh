#!/usr/bin/env bash
# Fetch Mermaid's browser bundle for the documentation site, from the npm registry, pinned.
#
#   scripts/fetch-mermaid.sh DEST
#
# Runs `npm pack mermaid@VERSION` in a temporary directory, extracts `dist/mermaid.min.js`,
# checks its SHA-256 against the pinned digest, and writes it to DEST (Mermaid's licence goes
# beside it as DEST.LICENSE).  `filspec docs build` runs this when its cached copy is missing; the
# site then serves Mermaid itself, so diagrams render with no network at view time.
# The version and digest are pinned here and in checker/docs/mermaid.py (a test keeps them equal).
set -euo pipefail

MERMAID_VERSION="11.12.0"
MERMAID_SHA256="07e37dfa97b337ccc85365d57eddf99b9706f09db3b59b260d0333b23b343c4b"

dest="${1:?usage: fetch-mermaid.sh DEST (where to write mermaid.min.js)}"

if ! command -v npm >/dev/null 2>&1; then
    echo "fetch-mermaid: npm is not installed; install Node.js/npm, or put mermaid@$MERMAID_VERSION's" \
         "dist/mermaid.min.js at $dest yourself" >&2
    exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! (cd "$work" && npm pack --silent "mermaid@$MERMAID_VERSION" >/dev/null 2>"$work/npm.err"); then
    echo "fetch-mermaid: npm pack mermaid@$MERMAID_VERSION failed:" >&2
    sed 's/^/  /' "$work/npm.err" >&2
    exit 1
fi
tar -xzf "$work/mermaid-$MERMAID_VERSION.tgz" -C "$work" package/dist/mermaid.min.js package/LICENSE

got="$(sha256sum "$work/package/dist/mermaid.min.js" | cut -d' ' -f1)"
if [ "$got" != "$MERMAID_SHA256" ]; then
    echo "fetch-mermaid: mermaid@$MERMAID_VERSION dist/mermaid.min.js has SHA-256 $got, expected $MERMAID_SHA256" >&2
    exit 1
fi

mkdir -p "$(dirname "$dest")"
cp "$work/package/LICENSE" "$dest.LICENSE"
cp "$work/package/dist/mermaid.min.js" "$dest.tmp.$$"
mv "$dest.tmp.$$" "$dest"
echo "fetch-mermaid: mermaid@$MERMAID_VERSION → $dest"

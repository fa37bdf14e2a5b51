#!/usr/bin/env bash
# mypy --strict over the one import package `tutela` as it is installed: cli/ and generators/
# are mapped under tutela/ by setuptools (package-dir), which mypy cannot follow. Lay the
# tree out with symlinks in a temporary folder and check that.
set -euo pipefail
BIN=$(cd "$1" && pwd)
top=$(pwd)
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/tutela"
for entry in "$top"/tutela/*; do ln -s "$entry" "$tree/tutela/$(basename "$entry")"; done
ln -s "$top/cli" "$tree/tutela/cli"
ln -s "$top/generators" "$tree/tutela/generators"
cd "$tree"
"$BIN/mypy" --config-file "$top/pyproject.toml" -p tutela

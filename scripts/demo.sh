#!/usr/bin/env bash
# make demo: run tutela's main jobs on the example contact center.
set -uo pipefail
BIN=$1; EXAMPLE=$2; OUT=$3
mkdir -p "$OUT"
echo "== tutela validate $EXAMPLE/inventory.yaml"
"$BIN/tutela" validate "$EXAMPLE/inventory.yaml" || exit $?

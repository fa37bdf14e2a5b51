#!/usr/bin/env bash
# `make demo`: run tutela's jobs on the example contact center (examples/contact-center).
# Notices and reports go to OUT; the gate's verdicts are printed. A verdict of "findings"
# (exit 1) is the demo working; "could not run" (exit 2) or a bug (exit 3) fails the demo.
set -uo pipefail
REPO=$(pwd); BIN=$(cd "$1" && pwd); EXAMPLE=$2; OUT=$(mkdir -p "$3" && cd "$3" && pwd)
TUTELA="$BIN/tutela"
cd "$EXAMPLE" || exit 2

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
gate() {  # run a gate; exit 1 (findings) is expected, anything else above 1 is a failure
  "$@"; code=$?
  if [ "$code" -gt 1 ]; then echo "demo: '$*' could not run (exit $code)" >&2; exit "$code"; fi
  echo "(exit $code: $([ "$code" = 0 ] && echo clean || echo 'findings block the commit'))"
}

step "tutela validate inventory.yaml"
"$TUTELA" validate inventory.yaml || exit $?

step "tutela notice per audience and channel: customer, debtor, prospect, employee -> $OUT"
notice() { "$TUTELA" notice --force "$@" || exit $?; }
notice --audience clientes --channel web --format html --out "$OUT/aviso-clientes-web.html"
notice --audience clientes --channel web --format md --out "$OUT/aviso-clientes-web.md"
notice --audience deudores --out "$OUT/aviso-deudores-integral.md"
notice --audience deudores --channel chat --out "$OUT/aviso-deudores-chat.md"
notice --audience deudores --channel phone --out "$OUT/aviso-deudores-telefono.txt"
notice --audience prospectos --channel phone --out "$OUT/aviso-prospectos-telefono.txt"
notice --audience empleados --channel print --format html --out "$OUT/aviso-empleados-impreso.html"
notice --audience empleados --channel print --review --out "$OUT/revision-empleados.md"
ls -1 "$OUT"/aviso-* "$OUT"/revision-*
echo "--- phone script for telemarketing prospects (under a minute, counted in spoken words):"
cat "$OUT/aviso-prospectos-telefono.txt"
echo "--- the customers' script does not fit in 60 s: tutela refuses and says what to cut:"
"$TUTELA" notice --audience clientes --channel phone >/dev/null
echo "(exit $?: refused; with --max-seconds 75 it is written)"
notice --audience clientes --channel phone --max-seconds 75 --out "$OUT/aviso-clientes-telefono.txt"

step "tutela lint models/ dbt/models (the pre-commit gate for warehouse SQL)"
gate "$TUTELA" lint models dbt/models --output "$OUT/lint.sarif" --format sarif
gate "$TUTELA" lint models dbt/models

if "$TUTELA" shares --help >/dev/null 2>&1 && [ -d shares ]; then
  step "tutela shares check shares/ (the CI gate for data-sharing manifests)"
  gate "$TUTELA" shares check shares
fi

step "tutela arco plan: cancelacion for customer C-00481516 (bloqueo, then supresion) -> $OUT"
"$TUTELA" arco plan --right cancelacion --subject-key C-00481516 --data-subject clientes \
  --dialect snowflake --as-of 2026-11-28 --out "$OUT/arco-cancelacion.sql" --force || exit $?
"$TUTELA" arco letter --right cancelacion --received 2026-11-20 --date 2026-11-28 \
  --data-subject clientes --out "$OUT/arco-carta.md" --force || exit $?
head -12 "$OUT/arco-cancelacion.sql"

step "tutela retention plan --explain (what is blocked and suppressed as of 2026-11-28)"
"$TUTELA" retention plan --as-of 2026-11-28 --dialect snowflake --explain | head -30 || exit $?
"$TUTELA" retention plan --as-of 2026-11-28 --dialect snowflake --out "$OUT/retencion.sql" --force || exit $?

step "tutela audit: what the warehouse really ran (generated histories, 4 vendors' layouts)"
"$BIN/python" "$REPO/scripts/audit_demo_history.py" "$OUT/historial" || exit $?
rm -f "$OUT/tutela-audit.duckdb"
gate "$TUTELA" audit "$OUT"/historial/* --db "$OUT/tutela-audit.duckdb" --limit 5
"$TUTELA" report --db "$OUT/tutela-audit.duckdb" --format html --out "$OUT/informe-auditoria.html" --force || exit $?
"$TUTELA" report --db "$OUT/tutela-audit.duckdb" --format md --out "$OUT/informe-auditoria.md" --force || exit $?
step "tutela breach: example incident INC-2026-011 (LFPDPPP art. 19) -> $OUT/breach"
mkdir -p "$OUT/breach"
"$TUTELA" breach incidents/INC-2026-011.yaml --check || exit $?
"$TUTELA" breach incidents/INC-2026-011.yaml --out-dir "$OUT/breach" --force \
  --now 2026-11-25T15:00:00-06:00 || exit $?
"$TUTELA" breach incidents/INC-2026-011.yaml --count-sql --dialect snowflake || exit $?
echo "--- phone version of the notice to titulares:"
cat "$OUT/breach/INC-2026-011-aviso-telefono.txt"

step "GDPR profile: Art. 13 notice for a profile-enabled copy of the example -> $OUT/gdpr"
mkdir -p "$OUT/gdpr"
cat inventory.yaml gdpr/gdpr.yaml > "$OUT/gdpr/inventory.yaml"  # the copy: example + gdpr block
"$TUTELA" validate --jurisdiction gdpr "$OUT/gdpr/inventory.yaml" || exit $?
"$TUTELA" gdpr notice -i "$OUT/gdpr/inventory.yaml" --article 13 --lang en --format html \
  --out "$OUT/gdpr/privacy-notice-art13.en.html" --force || exit $?
"$TUTELA" gdpr notice -i "$OUT/gdpr/inventory.yaml" --article 13 --lang es --format md \
  --out "$OUT/gdpr/aviso-rgpd-art13.es.md" --force || exit $?
gate "$TUTELA" lint -i "$OUT/gdpr/inventory.yaml" --jurisdiction gdpr --select GDP models

step "Done. Notices, ARCO and retention scripts, the letter and the SARIF report are in $OUT"
ls -1 "$OUT"

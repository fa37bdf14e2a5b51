package tutela.analysis

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "statement"

# METADATA
# title: Opaque statement
# description: |
#   What it does: warns on a statement the SQL parser keeps as an opaque command (a vendor
#   keyword it does not model), so tutela cannot see what data it reads or writes.
#   Why it matters: the other rules cannot judge what they cannot see; someone must check the
#   statement by hand (accountability, Art. 13).
# custom:
#   id: SQL002
#   name: opaque-statement
#   severity: warning
#   legal_basis:
#     - {instrument: LFPDPPP, article: "13", note: "tool requirement"}
#   recommended_action: >-
#     Check the statement by hand; if it moves no personal data, suppress the finding with
#     `-- tutela: ignore[SQL002] <reason>`.
#   examples: opaque_statement.examples.yaml
#   message:
#     en: >-
#       The statement "{keyword}" is an opaque command whose data flow tutela cannot see.
#     es: >-
#       La sentencia "{keyword}" es un comando opaco: tutela no puede ver qué datos lee ni a dónde
#       los lleva.
#   translations:
#     es:
#       title: Sentencia opaca
#       description: |
#         Qué hace: advierte sobre una sentencia que el analizador de SQL conserva como comando
#         opaco (una palabra clave del proveedor que no modela), de modo que tutela no puede ver qué
#         datos lee o escribe.
#         Por qué importa: las demás reglas no pueden juzgar lo que no ven; alguien debe revisar la
#         sentencia a mano (responsabilidad, art. 13).
#       recommended_action: >-
#         Revise la sentencia a mano; si no mueve datos personales, suprima el hallazgo con `--
#         tutela: ignore[SQL002] <motivo>`.
warn contains finding.with_values("SQL002", {"keyword": _sql002_keyword}, []) if {
	data.tutela.lib.statement.is_statement
	input.operation == "command"
}

_sql002_keyword := upper(input.command) if is_string(input.command)

_sql002_keyword := "?" if not is_string(input.command)

package tutela.retention

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "statement"

# METADATA
# title: Blocked table read
# description: |
#   What it does: flags a read of a table the inventory marks `blocked: true` (a bloqueo store)
#   for a purpose not tagged `legal_defence`, `deletion` or `arco`. Writing into the store (the
#   cancellation itself) is not a read.
#   Why it matters: blocked data are kept only to determine liabilities until they prescribe
#   and may not be processed otherwise (Art. 2 fr. III; Art. 24); the Reglamento says the same
#   (Reg. 108).
# custom:
#   id: RET003
#   name: blocked-table-read
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "2", fraction: "III"}
#     - {instrument: LFPDPPP, article: "24"}
#     - {instrument: Reglamento LFPDPPP, article: "108", note: "Reglamento 2011; binding status uncertain"}
#   recommended_action: >-
#     Do not read the blocked table for this purpose; use the live tables, or run the statement
#     under a purpose tagged legal_defence, deletion or arco if that is what it serves.
#   examples: blocked_table_read.examples.yaml
#   message:
#     en: >-
#       Blocked table {table} is read for purpose "{purpose}"; bloqueo allows storage only.
#     es: >-
#       La tabla bloqueada {table} se lee para la finalidad "{purpose}"; el bloqueo solo permite su
#       conservación.
#   translations:
#     es:
#       title: Lectura de una tabla bloqueada
#       description: |
#         Qué hace: señala la lectura de una tabla que el inventario marca `blocked: true` (un
#         almacén de bloqueo) para una finalidad sin etiqueta `legal_defence`, `deletion` o `arco`.
#         Escribir en el almacén (la cancelación misma) no es una lectura.
#         Por qué importa: los datos bloqueados se conservan solo para determinar responsabilidades
#         hasta su prescripción y no pueden tratarse de otro modo (art. 2 fr. III; art. 24); el
#         Reglamento dice lo mismo (Reg. 108).
#       recommended_action: >-
#         No lea la tabla bloqueada para esta finalidad; use las tablas vivas, o ejecute la
#         sentencia con una finalidad etiquetada legal_defence, deletion o arco si es a lo que
#         sirve.
deny contains finding.with_values("RET003", values, data.tutela.lib.statement.first_read(t)) if {
	data.tutela.lib.statement.is_statement
	some r in input.reads
	t := data.tutela.lib.statement.lower_name(r.table)
	_ret003_blocked(r)
	not data.tutela.lib.statement.declared_legal
	values := {"table": t, "purpose": _ret003_purpose}
}

_ret003_blocked(r) if r.blocked == true

_ret003_blocked(r) if data.tutela.lib.statement.table(r.table).blocked == true

_ret003_purpose := input.purpose if is_string(input.purpose)

_ret003_purpose := null if not is_string(input.purpose)

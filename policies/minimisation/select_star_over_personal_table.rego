package tutela.minimisation

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "statement"

# METADATA
# title: SELECT * over a personal table
# description: |
#   What it does: warns on a `*` or `alias.*` projection directly over a table the inventory
#   lists as holding personal data.
#   Why it matters: processing must be limited to the data that are necessary, adequate and
#   relevant for the purpose (Art. 12); `*` reads every column, including the ones the task does
#   not need, and silently picks up columns added later.
# custom:
#   id: MIN001
#   name: select-star-over-personal-table
#   severity: warning
#   aliases: [PUR003]
#   legal_basis:
#     - {instrument: LFPDPPP, article: "12"}
#   recommended_action: >-
#     List the columns the purpose needs. For an access request that must return every column,
#     suppress the finding with `-- tutela: ignore[MIN001] <reason>`.
#   examples: select_star_over_personal_table.examples.yaml
#   message:
#     en: >-
#       SELECT * reads every column of personal table {table}.
#     es: >-
#       SELECT * lee todas las columnas de la tabla con datos personales {table}.
#   translations:
#     es:
#       title: SELECT * sobre una tabla con datos personales
#       description: |
#         Qué hace: advierte sobre una proyección `*` o `alias.*` directamente sobre una tabla que
#         el inventario registra con datos personales.
#         Por qué importa: el tratamiento debe limitarse a los datos necesarios, adecuados y
#         pertinentes para la finalidad (art. 12); `*` lee todas las columnas, incluidas las que la
#         tarea no necesita, y toma en silencio las columnas que se agreguen después.
#       recommended_action: >-
#         Enumere las columnas que la finalidad necesita. Para una solicitud de acceso que debe
#         devolver todas las columnas, suprima el hallazgo con `-- tutela: ignore[MIN001] <motivo>`.
warn contains finding.with_values("MIN001", values, ["stars", i]) if {
	data.tutela.lib.statement.is_statement
	some i, star in input.stars
	some t in star.tables
	t.known == true
	t.personal == true
	values := {"table": data.tutela.lib.statement.lower_or_null(t.table)}
}

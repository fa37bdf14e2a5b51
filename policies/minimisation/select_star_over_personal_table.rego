package tutela.minimisation

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "statement"

# METADATA
# title: SELECT * over a personal table
# description: |
#   What it does: warns when a `*` (or `alias.*`, `OBJECT_CONSTRUCT(*)`, a whole row) expands
#   personal columns of a table the inventory lists and those columns reach a result, a write
#   or an export: the facts' exposures with `via_star`, true when a `*` chose the column at
#   every step from its table to the output. One finding per table, at its first `*`.
#
#   Does not fire: dbt's import-CTE style, `WITH src AS (SELECT * FROM {{ source(...) }})
#   SELECT id, estado FROM src`, where the consumer names the columns it keeps (the star only
#   forwards them); a `*` over a table without personal data; `COUNT(*)`.
#
#   Bad: `SELECT * FROM crm.clientes`, or `WITH s AS (SELECT * FROM crm.clientes) SELECT * FROM
#   s`. Good: `WITH s AS (SELECT * FROM crm.clientes) SELECT id_cliente, nombre FROM s`.
#
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
#         Qué hace: advierte cuando un `*` (o `alias.*`, `OBJECT_CONSTRUCT(*)`, una fila entera)
#         expande columnas personales de una tabla del inventario y esas columnas llegan a un
#         resultado, una escritura o una exportación (las exposiciones con `via_star`). Un hallazgo
#         por tabla, en su primer `*`.
#
#         No se activa: con el estilo de CTE de importación de dbt, `WITH src AS (SELECT * FROM
#         {{ source(...) }}) SELECT id, estado FROM src`, donde la consulta que consume nombra las
#         columnas que conserva; con un `*` sobre una tabla sin datos personales; con `COUNT(*)`.
#
#         Por qué importa: el tratamiento debe limitarse a los datos necesarios, adecuados y
#         pertinentes para la finalidad (art. 12); `*` lee todas las columnas, incluidas las que la
#         tarea no necesita, y toma en silencio las columnas que se agreguen después.
#       recommended_action: >-
#         Enumere las columnas que la finalidad necesita. Para una solicitud de acceso que debe
#         devolver todas las columnas, suprima el hallazgo con `-- tutela: ignore[MIN001] <motivo>`.
warn contains finding.with_values("MIN001", {"table": t}, ["stars", i]) if {
	some t in _star_exposed
	i := min({j |
		some j, star in input.stars
		some st in star.tables
		is_string(st.table)
		lower(st.table) == t
	})
}

# Personal tables some of whose personal columns a star delivers to an output.
_star_exposed contains lower(e.table) if {
	data.tutela.lib.statement.is_statement
	some e in input.exposures
	e.via_star == true
	is_string(e.table)
	data.tutela.lib.statement.personal(e)
	some star in input.stars
	some st in star.tables
	is_string(st.table)
	lower(st.table) == lower(e.table)
	st.known == true
	st.personal == true
}

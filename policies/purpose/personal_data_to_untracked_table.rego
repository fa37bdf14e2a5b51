package tutela.purpose

import data.tutela.lib.finding

# METADATA
# title: Personal data written to a table the inventory does not track
# description: |
#   What it does: flags a statement that writes personal columns (INSERT, CREATE TABLE AS,
#   MERGE, SELECT INTO...) into a table the inventory does not list.
#   Why it matters: a table outside the inventory has no declared purpose, retention or
#   blocking period, so nobody can answer for it (accountability, Art. 13) or delete it on time.
#   The Reglamento asks for documented conservation periods (Reg. 38) and a data inventory
#   (Reg. 61 fr. I).
# custom:
#   id: PUR005
#   name: personal-data-to-untracked-table
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "13"}
#     - {instrument: Reglamento LFPDPPP, article: "38", note: "Reglamento 2011; binding status uncertain"}
#     - instrument: Reglamento LFPDPPP
#       article: "61"
#       fraction: "I"
#       note: "Reglamento 2011; binding status uncertain"
#   recommended_action: >-
#     Add the table to the inventory with its purposes, retention and columns, or write into a
#     table the inventory already lists.
#   examples: personal_data_to_untracked_table.examples.yaml
#   message:
#     en: >-
#       Personal data is written to table {table}, which the inventory does not list.
#     es: >-
#       Se escriben datos personales en la tabla {table}, que el inventario no registra.
#   translations:
#     es:
#       title: Datos personales escritos en una tabla fuera del inventario
#       description: |
#         Qué hace: señala una sentencia que escribe columnas personales (INSERT, CREATE TABLE AS,
#         MERGE, SELECT INTO...) en una tabla que el inventario no registra.
#         Por qué importa: una tabla fuera del inventario no tiene finalidad, plazo de conservación
#         ni periodo de bloqueo declarados, de modo que nadie puede responder por ella
#         (responsabilidad, art. 13) ni suprimirla a tiempo. El Reglamento pide plazos de
#         conservación documentados (Reg. 38) y un inventario de datos (Reg. 61 fr. I).
#       recommended_action: >-
#         Agregue la tabla al inventario con sus finalidades, su conservación y sus columnas, o
#         escriba en una tabla que el inventario ya registre.
deny contains finding.with_values("PUR005", values, ["writes", j]) if {
	data.tutela.lib.statement.is_statement
	some j, w in input.writes
	w.known == false
	some e in input.exposures
	e.sink == "write"
	data.tutela.lib.statement.lower_name(e.target) == data.tutela.lib.statement.lower_name(w.table)
	data.tutela.lib.statement.personal(e)
	values := {"table": w.table}
}

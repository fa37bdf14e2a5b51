package tutela.inventory_coverage

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "statement"

# METADATA
# title: Unclassified column that looks personal
# description: |
#   What it does: warns on a column the inventory does not classify (a column missing from a
#   known table, a column of an unknown table) whose name looks personal (CURP, RFC, phone,
#   e-mail, card...), and on a string literal that looks like a personal identifier.
#   Why it matters: the controller must be able to show what personal data it processes
#   (accountability, Art. 13); the Reglamento asks for an inventory of the data (Reg. 61
#   fr. I). An unclassified column escapes every purpose, consent and retention check.
# custom:
#   id: INV001
#   name: unclassified-personal-column
#   severity: warning
#   legal_basis:
#     - {instrument: LFPDPPP, article: "13"}
#     - instrument: Reglamento LFPDPPP
#       article: "61"
#       fraction: "I"
#       note: "Reglamento 2011; binding status uncertain"
#   recommended_action: >-
#     Add the column (and its table) to the inventory with its category, or, for a literal,
#     pass the value as a parameter instead of writing it into the SQL.
#   examples: unclassified_personal_column.examples.yaml
#   message:
#     column:
#       en: >-
#          Column {table}.{column} is not classified in the inventory and looks like {pattern} data.
#       es: >-
#          La columna {table}.{column} no está clasificada en el inventario y parece contener datos
#          de tipo {pattern}.
#     literal:
#       en: >-
#          A literal in the statement looks like {pattern} data.
#       es: >-
#          Un literal de la sentencia parece un dato de tipo {pattern}.
#   translations:
#     es:
#       title: Columna sin clasificar que parece personal
#       description: |
#         Qué hace: advierte sobre una columna que el inventario no clasifica (una columna que falta
#         en una tabla conocida, una columna de una tabla desconocida) cuyo nombre parece personal
#         (CURP, RFC, teléfono, correo electrónico, tarjeta...), y sobre un literal de texto que
#         parece un identificador personal.
#         Por qué importa: el responsable debe poder demostrar qué datos personales trata
#         (responsabilidad, art. 13); el Reglamento pide un inventario de los datos (Reg. 61 fr. I).
#         Una columna sin clasificar escapa a toda verificación de finalidad, consentimiento y
#         conservación.
#       recommended_action: >-
#         Agregue la columna (y su tabla) al inventario con su categoría o, si es un literal, pase
#         el valor como parámetro en lugar de escribirlo en el SQL.
warn contains finding.variant("INV001", "column", values, ["unclassified", i]) if {
	data.tutela.lib.statement.is_statement
	some i, u in input.unclassified
	u.looks_personal == true
	is_string(u.column)
	values := {"table": _inv001_table(u), "column": lower(u.column), "pattern": _inv001_pattern(u)}
}

warn contains finding.variant("INV001", "literal", values, ["unclassified", i]) if {
	data.tutela.lib.statement.is_statement
	some i, u in input.unclassified
	u.looks_personal == true
	not is_string(u.column)
	values := {"pattern": _inv001_pattern(u)}
}

_inv001_table(u) := data.tutela.lib.statement.lower_or_null(u.table)

_inv001_pattern(u) := u.pattern if is_string(u.pattern)

_inv001_pattern(u) := "personal" if not is_string(u.pattern)

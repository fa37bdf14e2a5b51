package tutela.purpose

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "statement"

# METADATA
# title: Column used outside its purposes
# description: |
#   What it does: flags a personal column of a known table that reaches an output, or is used
#   in the projection or the WHERE clause, for a purpose the inventory does not allow for it
#   (the column's own `purposes` when given, else its table's). A purpose tagged `arco` or
#   `deletion` may use every column of a table that lists it.
#   Why it matters: personal data may only be processed for the purposes it was collected for
#   (Art. 11), and only as far as necessary for them (Art. 12).
# custom:
#   id: PUR002
#   name: column-outside-purpose
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "11"}
#     - {instrument: LFPDPPP, article: "12"}
#   recommended_action: >-
#     Drop the column from the statement, or, if the purpose really needs it, add the purpose to
#     the column's (or the table's) `purposes` in the inventory and to the aviso.
#   examples: column_outside_purpose.examples.yaml
#   message:
#     en: >-
#       Column {table}.{column} is used for purpose "{purpose}", which the inventory does not allow
#       for it.
#     es: >-
#       La columna {table}.{column} se usa para la finalidad "{purpose}", que el inventario no
#       permite para ella.
#   translations:
#     es:
#       title: Columna usada fuera de sus finalidades
#       description: |
#         Qué hace: señala una columna personal de una tabla conocida que llega a una salida, o se
#         usa en la proyección o en la cláusula WHERE, para una finalidad que el inventario no le
#         permite (los `purposes` de la propia columna cuando los tiene o, si no, los de su tabla).
#         Una finalidad con etiqueta `arco` o `deletion` puede usar todas las columnas de una tabla
#         que la incluya.
#         Por qué importa: los datos personales solo pueden tratarse para las finalidades para las
#         que se recabaron (art. 11), y solo en la medida necesaria para ellas (art. 12).
#       recommended_action: >-
#         Quite la columna de la sentencia o, si la finalidad de verdad la necesita, agregue la
#         finalidad a los `purposes` de la columna (o de la tabla) en el inventario y al aviso de
#         privacidad.
deny contains finding.with_values("PUR002", values, data.tutela.lib.statement.first_path(t, c)) if {
	some [t, c] in _pur002_columns
	values := {"table": t, "column": c, "purpose": input.purpose}
}

_pur002_columns contains [u.table, u.column] if {
	data.tutela.lib.statement.declared_purpose
	some u in data.tutela.lib.statement.uses
	_pur002_counts(u)
	data.tutela.lib.statement.personal(u.entry)
	_pur002_known(u)
	not _pur002_allowed(u)
}

# Facts copy the inventory's allowed purposes onto each column entry (`purposes`,
# `table_purposes`); hand-written facts without them fall back to the inventory.
_pur002_known(u) if u.entry.known == true

_pur002_known(u) if {
	not is_boolean(u.entry.known)
	data.tutela.inventory.tables[u.table].columns_by_name[u.column]
}

_pur002_allowed(u) if input.purpose in u.entry.purposes

_pur002_allowed(u) if {
	some tag in data.tutela.lib.statement.declared_purpose.tags
	tag in {"arco", "deletion"}
	input.purpose in u.entry.table_purposes
}

_pur002_allowed(u) if {
	not is_array(u.entry.purposes)
	data.tutela.lib.statement.allowed(u.table, u.column, input.purpose)
}

_pur002_counts(u) if u.path[0] == "exposures"

_pur002_counts(u) if {
	u.path[0] == "references"
	u.entry.clause in {"projection", "where"}
}

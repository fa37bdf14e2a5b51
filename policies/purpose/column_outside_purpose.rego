package tutela.purpose

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "statement"

# METADATA
# title: Column used outside its purposes
# description: |
#   What it does: flags a personal column of a known table that reaches an output, or is used
#   in the projection or the WHERE clause, for a purpose the inventory does not allow for it
#   (the column's own `purposes` when given, else its table's), or that reaches the output in
#   a form the purpose may not use. The inventory says per purpose how a column (`usage` on
#   the column) or every column of a table (`usage` on the dataset) may be used: `raw` (the
#   value; the default for the purposes the column serves), `aggregated` (only through
#   aggregates: COUNT, SUM, AVG, APPROX_COUNT_DISTINCT…), `pseudonymised` (only hashed or
#   tokenised: SHA2, MD5, FARM_FINGERPRINT…), `masked` (only masked or truncated). A `usage`
#   entry also lets its purpose use the column in that form. An exposure's `treatment` (the
#   outermost transform that does not preserve the value) must be one of the allowed kinds;
#   `aggregated` is accepted by every kind, since an aggregate discloses less than a hash or a
#   mask. A value-preserving path still fires: a hash joined back to the raw column outputs
#   the raw value, `MIN`/`MAX` return a value, a `COUNT` grouped by the column itself answers
#   one row per value (the facts mark all three `raw`). A column used only to filter, join or
#   group is judged by its exposures. A purpose tagged `arco` or `deletion` may use every
#   column of a table that lists it.
#
#   Does not fire: `COUNT(DISTINCT telefono)` or `SHA2(id_deudor)` with `SUM(saldo)` for a
#   purpose whose `usage` allows `aggregated` / `pseudonymised` on those columns; any use by a
#   purpose the column serves raw.
#
#   Bad (`usage: {analitica: [aggregated]}` on `telefono`): `SELECT telefono, COUNT(*) FROM
#   crm.clientes GROUP BY telefono`. Good: `SELECT COUNT(DISTINCT telefono) FROM crm.clientes`.
#
#   Why it matters: personal data may only be processed for the purposes it was collected for
#   (Art. 11), and only as far as necessary for them (Art. 12); a purpose that needs only
#   statistics may use data dissociated (Art. 2), not the values themselves.
# custom:
#   id: PUR002
#   name: column-outside-purpose
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "11"}
#     - {instrument: LFPDPPP, article: "12"}
#   recommended_action: >-
#     Drop the column from the statement or use it only in the allowed form (an aggregate, a
#     hash, a mask), or, if the purpose really needs it, add the purpose to the column's (or
#     the table's) `purposes` or `usage` in the inventory and to the aviso.
#   examples: column_outside_purpose.examples.yaml
#   message:
#     not_allowed:
#       en: >-
#          Column {table}.{column} is used for purpose "{purpose}", which the inventory does not
#          allow for it.
#       es: >-
#          La columna {table}.{column} se usa para la finalidad "{purpose}", que el inventario no
#          permite para ella.
#     wrong_form:
#       en: >-
#          Column {table}.{column} reaches the output {treatment} for purpose "{purpose}", which may
#          use it only in these forms: {usages}.
#       es: >-
#          La columna {table}.{column} llega a la salida en forma {treatment} para la finalidad
#          "{purpose}", que solo puede usarla en estas formas: {usages}.
#   translations:
#     es:
#       title: Columna usada fuera de sus finalidades
#       description: |
#         Qué hace: señala una columna personal de una tabla conocida que llega a una salida, o se
#         usa en la proyección o en la cláusula WHERE, para una finalidad que el inventario no le
#         permite (los `purposes` de la propia columna cuando los tiene o, si no, los de su tabla),
#         o que llega a la salida en una forma que la finalidad no puede usar. El inventario indica
#         por finalidad cómo puede usarse una columna (`usage` en la columna) o todas las columnas
#         de una tabla (`usage` en el dataset): `raw` (el valor; lo predeterminado para las
#         finalidades a las que sirve la columna), `aggregated` (solo mediante agregados: COUNT,
#         SUM, AVG, APPROX_COUNT_DISTINCT…), `pseudonymised` (solo con hash o tokenizado: SHA2, MD5,
#         FARM_FINGERPRINT…), `masked` (solo enmascarado o truncado). Una entrada de `usage` también
#         permite a su finalidad usar la columna en esa forma. El `treatment` de una exposición (la
#         transformación más externa que no conserva el valor) debe ser una de las formas
#         permitidas; `aggregated` se acepta con cualquier forma, porque un agregado revela menos
#         que un hash o una máscara. Un camino que conserva el valor sí se señala: un hash unido de
#         vuelta a la columna original entrega el valor, `MIN`/`MAX` devuelven un valor y un `COUNT`
#         agrupado por la propia columna responde una fila por valor (los hechos marcan los tres
#         como `raw`). Una columna usada solo para filtrar, unir o agrupar se juzga por sus
#         exposiciones. Una finalidad con etiqueta `arco` o `deletion` puede usar todas las columnas
#         de una tabla que la incluya.
#         No se activa: con `COUNT(DISTINCT telefono)` o `SHA2(id_deudor)` con `SUM(saldo)` para una
#         finalidad cuyo `usage` permite `aggregated` / `pseudonymised` en esas columnas; con
#         cualquier uso de una finalidad a la que la columna sirve en forma `raw`.
#         Incorrecto (`usage: {analitica: [aggregated]}` en `telefono`): `SELECT telefono, COUNT(*)
#         FROM crm.clientes GROUP BY telefono`. Correcto: `SELECT COUNT(DISTINCT telefono) FROM
#         crm.clientes`.
#         Por qué importa: los datos personales solo pueden tratarse para las finalidades para las
#         que se recabaron (art. 11), y solo en la medida necesaria para ellas (art. 12); una
#         finalidad que solo necesita estadísticas puede usar datos disociados (art. 2), no los
#         valores mismos.
#       recommended_action: >-
#         Quite la columna de la sentencia o úsela solo en la forma permitida (un agregado, un hash,
#         una máscara) o, si la finalidad de verdad la necesita, agregue la finalidad a los
#         `purposes` o al `usage` de la columna (o de la tabla) en el inventario y al aviso de
#         privacidad.
deny contains finding.variant("PUR002", "not_allowed", values, data.tutela.lib.statement.first_path(t, c)) if {
	some [t, c] in _pur002_columns
	values := {"table": t, "column": c, "purpose": input.purpose}
}

deny contains finding.variant("PUR002", "wrong_form", values, u.path) if {
	some u in _pur002_wrong_form
	values := {
		"table": u.table,
		"column": u.column,
		"treatment": object.get(u.entry, "treatment", null),
		"purpose": input.purpose,
		"usages": sort(_usage_kinds(u)),
	}
}

_pur002_columns contains [u.table, u.column] if {
	data.tutela.lib.statement.declared_purpose
	some u in data.tutela.lib.statement.uses
	_pur002_counts(u)
	data.tutela.lib.statement.personal(u.entry)
	_pur002_known(u)
	not _pur002_allowed(u)
	not _pur002_usage_limited(u)
}

_pur002_usage_limited(u) if {
	u.table in _pur002_limited_tables
	_usage_kinds(u)
}

# A use the purpose may make only in some forms: the first exposure of the column in a form
# outside them (one finding per column).
_pur002_wrong_form contains u if {
	data.tutela.lib.statement.declared_purpose
	some u in _pur002_bad_exposures
	u.rank == min({w.rank | some w in _pur002_bad_exposures; w.table == u.table; w.column == u.column})
}

_pur002_bad_exposures := [w |
	some w in data.tutela.lib.statement.uses
	w.path[0] == "exposures"
	w.table in _pur002_limited_tables
	_pur002_restricted_exposure(w)
]

# The statement's tables whose inventory entry (the table, or one of its columns) limits how
# the statement's purpose may use them. Computed once per fact over the distinct tables, so a
# statement whose purpose no `usage` limits pays nothing per exposure (the per-exposure checks
# above would otherwise push a 40-column SELECT past the compiled VM's instruction limit).
_pur002_limited_tables contains t if {
	some t in {u.table | some u in data.tutela.lib.statement.uses}
	_pur002_table_limits(data.tutela.lib.statement.inventory_tables[t])
}

_pur002_table_limits(table) if is_array(table.usage[input.purpose])

_pur002_table_limits(table) if {
	some col in table.columns_by_name
	is_array(col.usage[input.purpose])
}

_pur002_restricted_exposure(u) if {
	data.tutela.lib.statement.personal(u.entry)
	_pur002_known(u)
	not _pur002_arco(u)
	kinds := _usage_kinds(u)
	not "raw" in kinds
	not _treatment_within(u.entry, kinds)
}

_treatment_within(e, kinds) if e.treatment in kinds

_treatment_within(e, _) if e.treatment == "aggregated"

# _usage_kinds(u): the kinds of use the declared purpose may make of the column, when the
# inventory's `usage` says (the column's own entry wins; the table's applies to the columns
# the purpose may use, and to those that do not narrow their own `purposes`). Undefined when
# no `usage` names the purpose: then the purposes lists alone decide (raw).
_usage_kinds(u) := {k | some k in _column_usage(u)[input.purpose]} if {
	is_array(_column_usage(u)[input.purpose])
}

_usage_kinds(u) := {k | some k in _table_usage(u)[input.purpose]} if {
	not is_array(_column_usage(u)[input.purpose])
	is_array(_table_usage(u)[input.purpose])
	_table_usage_applies(u)
}

_column_usage(u) := data.tutela.lib.statement.inventory_tables[u.table].columns_by_name[u.column].usage

_table_usage(u) := data.tutela.lib.statement.inventory_tables[u.table].usage

_table_usage_applies(u) if _pur002_allowed(u)

_table_usage_applies(u) if {
	not is_array(data.tutela.lib.statement.inventory_tables[u.table].columns_by_name[u.column].purposes)
}

# Facts copy the inventory's allowed purposes onto each column entry (`purposes`,
# `table_purposes`); hand-written facts without them fall back to the inventory.
_pur002_known(u) if u.entry.known == true

_pur002_known(u) if {
	not is_boolean(u.entry.known)
	data.tutela.inventory.tables[u.table].columns_by_name[u.column]
}

_pur002_allowed(u) if input.purpose in u.entry.purposes

_pur002_allowed(u) if _pur002_arco(u)

_pur002_allowed(u) if {
	not is_array(u.entry.purposes)
	data.tutela.lib.statement.allowed(u.table, u.column, input.purpose)
}

_pur002_arco(u) if {
	some tag in data.tutela.lib.statement.declared_purpose.tags
	tag in {"arco", "deletion"}
	input.purpose in _table_purposes(u)
}

_table_purposes(u) := u.entry.table_purposes if is_array(u.entry.table_purposes)

_table_purposes(u) := data.tutela.lib.statement.inventory_tables[u.table].purposes if {
	not is_array(u.entry.table_purposes)
}

_pur002_counts(u) if u.path[0] == "exposures"

_pur002_counts(u) if {
	u.path[0] == "references"
	u.entry.clause in {"projection", "where"}
}

package tutela.consent

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "statement"

# METADATA
# title: Consent filter missing
# description: |
#   What it does: for a purpose that requires consent, flags each known table whose personal
#   columns reach an output when the statement does not keep only the rows that gave consent
#   (judged per occurrence: a table read twice, in two UNION branches or a self-join, needs the
#   filter on each occurrence whose columns leave — the facts' `read` index):
#   a top-level WHERE/HAVING/QUALIFY conjunct (or inner-join condition) on the table's consent
#   column for the purpose (`consent_columns` in the inventory) with positive polarity
#   (`= TRUE`, `IS TRUE`, the bare column). A negative test (`= FALSE`, `IS NULL`, `NOT col`)
#   selects the people who refused, and `IS NOT NULL` lets a recorded refusal through: both
#   count as missing. A table with no consent column for the purpose is flagged unless the
#   statement restricts the rows by the purpose's consent on another table (for example an
#   inner join to the table that holds the consent). Exclusion lists are not judged here.
#   Why it matters: processing for a purpose that requires consent is only lawful for the
#   titulares who gave it and did not revoke it (Arts. 7 and 11); the aviso promises the means
#   to refuse those purposes (Art. 15 fr. III-IV).
# custom:
#   id: CON001
#   name: consent-filter-missing
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "7"}
#     - {instrument: LFPDPPP, article: "11"}
#     - {instrument: LFPDPPP, article: "15", fraction: "III-IV"}
#   recommended_action: >-
#     Add `AND <consent column> = TRUE` to the WHERE clause of the query that reads the table,
#     or declare the table's consent column for the purpose in `consent_columns`.
#   examples: consent_filter_missing.examples.yaml
#   message:
#     filter_missing:
#       en: >-
#          Table {table} is read for purpose "{purpose}" without a filter on its consent column
#          {consent_column}.
#       es: >-
#          La tabla {table} se lee para la finalidad "{purpose}" sin un filtro sobre su columna de
#          consentimiento {consent_column}.
#     no_consent_column:
#       en: >-
#          Table {table} is read for purpose "{purpose}", which requires consent, but it has no
#          consent column for it.
#       es: >-
#          La tabla {table} se lee para la finalidad "{purpose}", que requiere consentimiento, pero
#          no tiene columna de consentimiento para ella.
#   translations:
#     es:
#       title: Falta el filtro de consentimiento
#       description: |
#         Qué hace: para una finalidad que requiere consentimiento, señala cada tabla conocida cuyas
#         columnas personales llegan a una salida cuando la sentencia no conserva solo las filas de
#         quienes dieron su consentimiento (se juzga por ocurrencia: una tabla leída dos veces, en
#         dos ramas de un UNION o en un self-join, necesita el filtro en cada ocurrencia cuyas
#         columnas salen; el índice `read` de los hechos): una condición de primer nivel en
#         WHERE/HAVING/QUALIFY (o en la condición de un inner join) sobre la columna de
#         consentimiento de la tabla para la finalidad (`consent_columns` en el inventario) con
#         polaridad positiva (`= TRUE`, `IS TRUE`, la columna sola). Una prueba negativa (`= FALSE`,
#         `IS NULL`, `NOT col`) selecciona a quienes se negaron, e `IS NOT NULL` deja pasar una
#         negativa registrada: ambas cuentan como filtro faltante. Una tabla sin columna de
#         consentimiento para la finalidad se señala, salvo que la sentencia restrinja las filas por
#         el consentimiento de la finalidad en otra tabla (por ejemplo, un inner join con la tabla
#         que guarda el consentimiento). Las listas de exclusión no se juzgan aquí.
#         Por qué importa: el tratamiento para una finalidad que requiere consentimiento solo es
#         lícito respecto de los titulares que lo otorgaron y no lo revocaron (arts. 7 y 11); el
#         aviso de privacidad promete los medios para negarse a esas finalidades (art. 15 fr.
#         III-IV).
#       recommended_action: >-
#         Agregue `AND <columna de consentimiento> = TRUE` a la cláusula WHERE de la consulta que
#         lee la tabla, o declare la columna de consentimiento de la tabla para la finalidad en
#         `consent_columns`.
deny contains finding.variant("CON001", "filter_missing", values, _con001_path(t, read)) if {
	some [t, read] in _con001_occurrences
	column := data.tutela.lib.statement.table(t).consent_columns[input.purpose]
	not _con001_filtered(t, read, column)
	values := {"table": t, "purpose": input.purpose, "consent_column": column}
}

deny contains finding.variant(
	"CON001", "no_consent_column", values,
	data.tutela.lib.statement.first_exposure(t),
) if {
	some t in _con001_tables
	not data.tutela.lib.statement.table(t).consent_columns[input.purpose]
	not _con001_any_filter
	values := {"table": t, "purpose": input.purpose}
}

# [table, occurrence] of every personal column that leaves; the occurrence is the exposure's
# `read` (index in input.reads), or null when the facts do not attribute it to one.
_con001_occurrences contains [t, data.tutela.lib.statement.occurrence(e)] if {
	data.tutela.lib.statement.declared_purpose.requires_consent == true
	some e in input.exposures
	data.tutela.lib.statement.personal(e)
	data.tutela.lib.statement.table(e.table)
	not data.tutela.lib.statement.is_exclusion_list(e.table)
	t := data.tutela.lib.statement.lower_name(e.table)
}

_con001_tables contains t if some [t, _] in _con001_occurrences

_con001_path(t, read) := ["exposures", i] if {
	i := min({j |
		some j, e in input.exposures
		data.tutela.lib.statement.lower_name(e.table) == t
		data.tutela.lib.statement.occurrence(e) == read
	})
}

_con001_filtered(t, read, column) if {
	some f in input.consent_filters
	data.tutela.lib.statement.lower_name(f.table) == t
	data.tutela.lib.statement.lower_name(f.column) == data.tutela.lib.statement.lower_name(column)
	_con001_valid(f)
	data.tutela.lib.statement.same_occurrence(data.tutela.lib.statement.occurrence(f), read)
}


_con001_any_filter if {
	some f in input.consent_filters
	input.purpose in f.purposes
	_con001_valid(f)
}

_con001_valid(f) if {
	f.restricts == true
	f.polarity == "positive"
}

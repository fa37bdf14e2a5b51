package tutela.exclusion

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "statement"

# METADATA
# title: Exclusion list not applied
# description: |
#   What it does: for a purpose tagged `marketing` or `telemarketing`, flags each phone or
#   e-mail column that reaches an output when the statement has no anti-join against an
#   internal exclusion list on that very column: `NOT EXISTS` (correlated), `NOT IN`,
#   `LEFT JOIN ... IS NULL`, `LEFT ANTI JOIN` or `EXCEPT`, with an equality between the column
#   and one of the list's `contact_columns`. An `INNER JOIN` keeps exactly the people who opted
#   out, a `LEFT JOIN` without `IS NULL` excludes nobody, and an uncorrelated `NOT EXISTS`
#   does not depend on the person: all three are flagged. Judged per occurrence: a table read
#   twice (two UNION branches, a self-join) needs the anti-join on each occurrence whose contact
#   columns leave (the facts' `read` index).
#   Why it matters: the titular may oppose marketing (Art. 26); the aviso offers the exclusion
#   list as the means to limit use (Art. 15 fr. IV); the Reglamento sets out the lists
#   (Reg. 110).
# custom:
#   id: EXC001
#   name: exclusion-list-not-applied
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "26"}
#     - {instrument: LFPDPPP, article: "15", fraction: "IV"}
#     - {instrument: Reglamento LFPDPPP, article: "110", note: "Reglamento 2011; binding status uncertain"}
#   recommended_action: >-
#     Add `AND NOT EXISTS (SELECT 1 FROM <exclusion list> e WHERE e.<contact column> =
#     <table>.<column>)` to the audience query.
#   examples: exclusion_list_not_applied.examples.yaml
#   message:
#     en: >-
#       Contact column {table}.{column} reaches an audience for purpose "{purpose}" without an
#       anti-join against the internal exclusion list.
#     es: >-
#       La columna de contacto {table}.{column} llega a una audiencia para la finalidad "{purpose}"
#       sin un anti-join contra la lista de exclusión interna.
#   translations:
#     es:
#       title: Lista de exclusión no aplicada
#       description: |
#         Qué hace: para una finalidad con etiqueta `marketing` o `telemarketing`, señala cada
#         columna de teléfono o correo electrónico que llega a una salida cuando la sentencia no
#         tiene un anti-join contra una lista de exclusión interna sobre esa misma columna: `NOT
#         EXISTS` (correlacionado), `NOT IN`, `LEFT JOIN ... IS NULL`, `LEFT ANTI JOIN` o `EXCEPT`,
#         con una igualdad entre la columna y una de las `contact_columns` de la lista. Un `INNER
#         JOIN` conserva justo a las personas que se dieron de baja, un `LEFT JOIN` sin `IS NULL` no
#         excluye a nadie y un `NOT EXISTS` no correlacionado no depende de la persona: los tres se
#         señalan. Se juzga por ocurrencia: una tabla leída dos veces (dos ramas de un UNION, un
#         self-join) necesita el anti-join en cada ocurrencia cuyas columnas de contacto salen (el
#         índice `read` de los hechos).
#         Por qué importa: el titular puede oponerse a la mercadotecnia (art. 26); el aviso de
#         privacidad ofrece la lista de exclusión como medio para limitar el uso (art. 15 fr. IV);
#         el Reglamento regula las listas (Reg. 110).
#       recommended_action: >-
#         Agregue `AND NOT EXISTS (SELECT 1 FROM <lista de exclusión> e WHERE e.<columna de
#         contacto> = <tabla>.<columna>)` a la consulta de la audiencia.
deny contains finding.with_values("EXC001", values, _exclusion_path(t, c, read)) if {
	p := data.tutela.lib.statement.declared_purpose
	some tag in p.tags
	tag in {"marketing", "telemarketing"}
	some [t, c, kind, read] in _contact_columns
	kind in {"phone", "email"}
	not _excluded(t, c, read, "internal")
	values := {"table": t, "column": c, "purpose": input.purpose}
}

# _contact_columns are the exposed contact columns of tables that are not exclusion lists:
# [table, column, contact type, occurrence], the occurrence being the exposure's `read`
# (index in input.reads), or null when the facts do not say.
_contact_columns contains [t, c, e.contact_type, occurrence] if {
	data.tutela.lib.statement.is_statement
	some e in input.exposures
	e.category == "contacto"
	is_string(e.contact_type)
	not data.tutela.lib.statement.is_exclusion_list(e.table)
	occurrence := data.tutela.lib.statement.occurrence(e)
	t := data.tutela.lib.statement.lower_or_null(e.table)
	c := data.tutela.lib.statement.lower_or_null(e.column)
}

# _excluded holds when a real anti-join against a list of `kind` matches table t, column c, on
# that occurrence: a second, unchecked UNION branch or self-join alias of the same table is not
# covered. Facts without occurrences match per column.
_excluded(t, c, read, kind) if {
	some x in input.exclusion_checks
	x.exclusion_kind == kind
	x.anti == true
	x.correlated == true
	some pair in x.pairs
	data.tutela.lib.statement.lower_name(pair.table) == t
	data.tutela.lib.statement.lower_name(pair.column) == c
	data.tutela.lib.statement.lower_name(pair.exclusion_column) in {
		data.tutela.lib.statement.lower_name(col) |
			some col in x.exclusion_columns
	}
	data.tutela.lib.statement.same_occurrence(data.tutela.lib.statement.occurrence(pair), read)
}

# The first exposure of that column on that occurrence: where the finding points.
_exclusion_path(t, c, read) := ["exposures", i] if {
	i := min({j |
		some j, e in input.exposures
		data.tutela.lib.statement.lower_or_null(e.table) == t
		data.tutela.lib.statement.lower_or_null(e.column) == c
		data.tutela.lib.statement.occurrence(e) == read
	})
}

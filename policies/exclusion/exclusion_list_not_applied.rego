package tutela.exclusion

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "statement"

# METADATA
# title: Exclusion list not applied
# description: |
#   What it does: for a purpose tagged `marketing` or `telemarketing`, flags each phone or
#   e-mail column that reaches an output when the statement has no anti-join on that very
#   column against the internal exclusion list (the titulares' own objections). A table that
#   is several lists at once (`exclusion_lists:`, e.g. the REPEP copy and the internal list in
#   one table) counts as the internal list when the anti-join compares the internal list's
#   contact columns; a REPEP-only table does not (EXC002 asks the REPEP, for phones in
#   telemarketing). Anti-joins: `NOT EXISTS` (correlated),
#   `NOT IN`, `LEFT JOIN ... IS NULL`, `LEFT ANTI JOIN`, `EXCEPT`, and a join back to a derived
#   table that already removed the listed contacts (`WITH ok AS (SELECT tel FROM clientes
#   EXCEPT SELECT tel FROM no_llamar) SELECT c.tel FROM clientes c JOIN ok ON ok.tel =
#   c.tel`), credited to the occurrence whose rows leave. An `INNER JOIN` keeps exactly the
#   people who opted out, a `LEFT JOIN` without `IS NULL` excludes nobody, and an uncorrelated
#   `NOT EXISTS` does not depend on the person: all three are flagged. Judged per occurrence: a
#   table read twice (two UNION branches, a self-join) needs the anti-join on each occurrence
#   whose contact columns leave (the facts' `read` index). The manifest gate (SHR005) applies
#   the same test (policies/lib/exclusion.rego) to a share's query.
#
#   Does not fire: purposes without a marketing tag; an address column; a phone or e-mail
#   anti-joined against the internal list, or against a table that is the internal list and
#   the REPEP at once.
#
#   Bad: `SELECT correo FROM crm.clientes c WHERE NOT EXISTS (SELECT 1 FROM repep r WHERE
#   r.telefono = c.telefono)` (the REPEP holds no e-mails, and the internal list is not
#   applied). Good: `… WHERE NOT EXISTS (SELECT 1 FROM listado_exclusion x WHERE x.correo =
#   c.correo)`.
#
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
#         tiene un anti-join sobre esa misma columna contra la lista de exclusión interna (las
#         oposiciones de los propios titulares). Una tabla que es varias listas a la vez
#         (`exclusion_lists:`, p. ej. la copia del REPEP y la lista interna en una sola tabla)
#         cuenta como lista interna cuando el anti-join compara las columnas de contacto de la lista
#         interna; una tabla que solo es REPEP no cuenta (EXC002 exige el REPEP para teléfonos en
#         telemarketing). Anti-joins: `NOT EXISTS` (correlacionado), `NOT IN`, `LEFT JOIN ... IS
#         NULL`, `LEFT ANTI JOIN`, `EXCEPT`, y un join con una tabla derivada que ya quitó los
#         contactos de la lista (`WITH ok AS (SELECT tel FROM clientes EXCEPT SELECT tel FROM
#         no_llamar) SELECT c.tel FROM clientes c JOIN ok ON ok.tel = c.tel`), acreditado a la
#         ocurrencia cuyas filas salen. Un `INNER JOIN` conserva justo a las personas que se dieron
#         de baja, un `LEFT JOIN` sin `IS NULL` no excluye a nadie y un `NOT EXISTS` no
#         correlacionado no depende de la persona: los tres se señalan. Se juzga por ocurrencia: una
#         tabla leída dos veces (dos ramas de un UNION, un self-join) necesita el anti-join en cada
#         ocurrencia cuyas columnas de contacto salen (el índice `read` de los hechos). La
#         verificación de manifiestos (SHR005) aplica la misma prueba (policies/lib/exclusion.rego)
#         a la consulta de un intercambio.
#         No se activa: en finalidades sin etiqueta de mercadotecnia; en una columna de domicilio;
#         en un teléfono o correo con anti-join contra la lista interna, o contra una tabla que es a
#         la vez la lista interna y el REPEP.
#         Incorrecto: `SELECT correo FROM crm.clientes c WHERE NOT EXISTS (SELECT 1 FROM repep r
#         WHERE r.telefono = c.telefono)` (el REPEP no contiene correos y la lista interna no se
#         aplica). Correcto: `… WHERE NOT EXISTS (SELECT 1 FROM listado_exclusion x WHERE x.correo =
#         c.correo)`.
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
	"internal" in data.tutela.lib.exclusion.required_kinds(p.tags, kind)
	not data.tutela.lib.exclusion.covered(input.exclusion_checks, t, c, read, {"internal"})
	values := {"table": t, "column": c, "purpose": input.purpose}
}

# _contact_columns are the exposed contact columns of tables that are not exclusion lists:
# [table, column, contact type, occurrence], the occurrence being the exposure's `read`
# (index in input.reads), or null when the facts do not say.
_contact_columns contains [t, c, e.contact_type, occurrence] if {
	data.tutela.lib.statement.is_statement
	some e in input.exposures
	is_string(e.table)
	is_string(e.column)
	e.category == "contacto"
	is_string(e.contact_type)
	not data.tutela.lib.exclusion.is_list(e.table)
	occurrence := data.tutela.lib.statement.occurrence(e)
	t := data.tutela.lib.statement.lower_or_null(e.table)
	c := data.tutela.lib.statement.lower_or_null(e.column)
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

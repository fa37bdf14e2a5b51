package tutela.share

import data.tutela.lib.finding

# METADATA
# title: Share query that tutela cannot analyse
# description: |
#   What it does: flags a manifest `query:` that does not parse, is not exactly one SELECT,
#   reads tables the inventory does not list, uses columns the inventory does not classify, or
#   holds a literal that looks like personal data (a CURP, a card number...). tutela then
#   cannot tell what leaves, so the gate fails closed.
#   Why it matters: the manifest is the evidence of what is communicated (Art. 35; Reg. 69
#   puts the burden of proof on both parties); an unreadable query proves nothing.
# custom:
#   id: SHR006
#   name: share-query-not-analysable
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "35"}
#     - {instrument: Reglamento LFPDPPP, article: "69"}
#   recommended_action: >-
#     Write one SELECT in the stated dialect over inventory tables (add new tables to the
#     inventory first), or list `tables:` and `columns:` instead.
#   examples: query_not_analysable.examples.yaml
#   message:
#     not_parsed:
#       en: >-
#          The query of manifest "{manifest}" cannot be analysed: {reason}.
#       es: >-
#          No se puede analizar la consulta del manifiesto "{manifest}": {reason}.
#     statements:
#       en: >-
#          The query of manifest "{manifest}" has {count} statements; it must be one SELECT.
#       es: >-
#          La consulta del manifiesto "{manifest}" tiene {count} sentencias; debe ser un solo
#          SELECT.
#     not_select:
#       en: >-
#          The query of manifest "{manifest}" is a {operation} statement, not a SELECT.
#       es: >-
#          La consulta del manifiesto "{manifest}" es una sentencia {operation}, no un SELECT.
#     unknown_table:
#       en: >-
#          The query of manifest "{manifest}" reads {table}, which the inventory does not list.
#       es: >-
#          La consulta del manifiesto "{manifest}" lee {table}, que el inventario no registra.
#     unclassified_column:
#       en: >-
#          The query of manifest "{manifest}" uses {table}.{column}, which the inventory does not
#          classify.
#       es: >-
#          La consulta del manifiesto "{manifest}" usa {table}.{column}, que el inventario no
#          clasifica.
#     literal:
#       en: >-
#          The query of manifest "{manifest}" holds a literal that looks like a {pattern}.
#       es: >-
#          La consulta del manifiesto "{manifest}" contiene un literal que parece un dato de tipo
#          {pattern}.
#   translations:
#     es:
#       title: Consulta de intercambio que tutela no puede analizar
#       description: |
#         Qué hace: señala una `query:` de manifiesto que no se puede interpretar, que no es
#         exactamente un SELECT, que lee tablas que el inventario no registra, que usa columnas que
#         el inventario no clasifica o que contiene un literal que parece un dato personal (una
#         CURP, un número de tarjeta...). En ese caso tutela no puede saber qué sale, así que la
#         verificación falla en modo cerrado.
#         Por qué importa: el manifiesto es la evidencia de lo que se comunica (art. 35; el Reg. 69
#         impone la carga de la prueba a ambas partes); una consulta ilegible no prueba nada.
#       recommended_action: >-
#         Escriba un solo SELECT en el dialecto indicado sobre tablas del inventario (agregue antes
#         las tablas nuevas al inventario), o enumere `tables:` y `columns:` en su lugar.
deny contains finding.variant("SHR006", reason.variant, values, path) if {
	data.tutela.lib.manifest.is_manifest
	some reason in _reasons
	path := reason.path
	values := object.union({"manifest": data.tutela.lib.manifest.manifest_id}, reason.values)
}

# Each reason: where it points, the variant of the message and the values it names.
_reasons contains {"path": ["query"], "variant": "not_parsed", "values": values} if {
	input.query.parsed == false
	values := {"reason": object.get(input.query, ["error", "message"], null)}
}

_reasons contains {"path": ["query"], "variant": "statements", "values": values} if {
	input.query.parsed == true
	input.query.statements != 1
	values := {"count": input.query.statements}
}

_reasons contains {"path": ["query"], "variant": "not_select", "values": values} if {
	input.query.parsed == true
	input.query.statements == 1
	input.query.operation != "select"
	values := {"operation": input.query.operation}
}

_reasons contains {"path": ["query", "unknown_tables", i], "variant": "unknown_table", "values": values} if {
	some i, t in input.query.unknown_tables
	values := {"table": object.get(t, "table", null)}
}

_reasons contains {"path": ["query", "unclassified", i], "variant": "unclassified_column", "values": values} if {
	some i, u in input.query.unclassified
	is_string(u.column)
	values := {"table": object.get(u, "table", null), "column": u.column}
}

_reasons contains {"path": ["query", "unclassified", i], "variant": "literal", "values": values} if {
	some i, u in input.query.unclassified
	not is_string(u.column)
	u.looks_personal == true
	values := {"pattern": object.get(u, "pattern", null)}
}

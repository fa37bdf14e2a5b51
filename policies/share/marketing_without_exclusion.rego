package tutela.share

import data.tutela.lib.finding

# METADATA
# title: Marketing contacts shared without exclusion-list filtering
# description: |
#   What it does: flags a manifest for a purpose tagged `marketing` or `telemarketing` that
#   sends contact data (category `contacto`) unless its `query:` removes the titulares on an
#   internal exclusion list (an anti-join: NOT EXISTS, NOT IN, LEFT JOIN ... IS NULL, EXCEPT).
#   A `tables:` share cannot filter, so it is always flagged.
#   Why it matters: titulares who objected or asked not to receive advertising must be left out
#   (Art. 26; Art. 15 fr. IV), also when a partner or agency sends it (LFPC Arts. 17, 18 Bis).
# custom:
#   id: SHR005
#   name: marketing-share-without-exclusion
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "26"}
#     - {instrument: LFPC, article: "18 Bis"}
#   recommended_action: >-
#     Share through a `query:` that anti-joins the internal exclusion list on the contact
#     columns (e.g. `WHERE NOT EXISTS (SELECT 1 FROM listado_exclusion x WHERE x.telefono = c.telefono)`).
#   examples: marketing_without_exclusion.examples.yaml
#   message:
#     en: >-
#       Manifest "{manifest}" sends contact data {table}.{column} for marketing without removing the
#       exclusion list.
#     es: >-
#       El manifiesto "{manifest}" envía el dato de contacto {table}.{column} para mercadotecnia sin
#       excluir a quienes están en la lista de exclusión.
#   translations:
#     es:
#       title: Contactos para mercadotecnia compartidos sin filtrar la lista de exclusión
#       description: |
#         Qué hace: señala un manifiesto para una finalidad con etiqueta `marketing` o
#         `telemarketing` que envía datos de contacto (categoría `contacto`) salvo que su `query:`
#         elimine a los titulares inscritos en una lista de exclusión interna (un anti-join: NOT
#         EXISTS, NOT IN, LEFT JOIN ... IS NULL, EXCEPT). Un intercambio con `tables:` no puede
#         filtrar, así que siempre se señala.
#         Por qué importa: los titulares que se opusieron o pidieron no recibir publicidad deben
#         quedar fuera (art. 26; art. 15 fr. IV), también cuando la envía un socio o una agencia
#         (LFPC arts. 17, 18 Bis).
#       recommended_action: >-
#         Comparta mediante una `query:` que haga un anti-join contra la lista de exclusión interna
#         sobre las columnas de contacto (p. ej. `WHERE NOT EXISTS (SELECT 1 FROM listado_exclusion
#         x WHERE x.telefono = c.telefono)`).
deny contains finding.with_values("SHR005", values, ["columns", i]) if {
	data.tutela.lib.manifest.is_manifest
	count(data.tutela.lib.manifest.purpose_tags & {"marketing", "telemarketing"}) > 0
	i := min({j | some j in data.tutela.lib.manifest.identifiable_columns; input.columns[j].category == "contacto"})
	not _excluded
	c := input.columns[i]
	values := {
		"manifest": data.tutela.lib.manifest.manifest_id,
		"table": object.get(c, "table", null),
		"column": object.get(c, "column", null),
	}
}

_excluded if {
	some x in input.query.exclusion_checks
	x.anti == true
	x.exclusion_kind == "internal"
}

package tutela.share

import data.tutela.lib.finding

# METADATA
# title: Consent-based share without a consent filter
# description: |
#   What it does: flags a manifest for a purpose that requires consent when a shared table has a
#   consent column for that purpose (`consent_columns`) and the `query:` does not keep only the
#   rows where it is true (a restricting positive filter). A `tables:` share cannot filter, so
#   it is flagged.
#   Why it matters: data may be used for a consent-based purpose only for titulares who gave
#   and did not revoke consent (Arts. 7 and 11).
# custom:
#   id: SHR008
#   name: share-without-consent-filter
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "7"}
#     - {instrument: LFPDPPP, article: "11"}
#   recommended_action: >-
#     Filter the query on the consent column (`WHERE t.acepta_x = TRUE`) so only consenting
#     titulares are shared.
#   examples: consent_not_filtered.examples.yaml
#   message:
#     en: >-
#       Manifest "{manifest}" shares {table} for "{purpose}" without keeping only rows where
#       {consent_column} is true.
#     es: >-
#       El manifiesto "{manifest}" comparte {table} para "{purpose}" sin conservar solo las filas en
#       las que {consent_column} es verdadero.
#   translations:
#     es:
#       title: Intercambio basado en consentimiento sin filtro de consentimiento
#       description: |
#         Qué hace: señala un manifiesto para una finalidad que requiere consentimiento cuando una
#         tabla compartida tiene una columna de consentimiento para esa finalidad
#         (`consent_columns`) y la `query:` no conserva solo las filas en las que es verdadera (un
#         filtro positivo restrictivo). Un intercambio con `tables:` no puede filtrar, así que se
#         señala.
#         Por qué importa: los datos solo pueden usarse para una finalidad basada en el
#         consentimiento respecto de los titulares que lo otorgaron y no lo revocaron (arts. 7 y
#         11).
#       recommended_action: >-
#         Filtre la consulta por la columna de consentimiento (`WHERE t.acepta_x = TRUE`) para
#         compartir solo a los titulares que consintieron.
deny contains finding.with_values("SHR008", values, ["tables", i]) if {
	data.tutela.lib.manifest.shares_personal
	input.purpose_details.requires_consent == true
	some i, t in input.tables
	column := t.consent_columns[input.purpose]
	not _filtered(t.table, column)
	values := {
		"manifest": data.tutela.lib.manifest.manifest_id,
		"table": object.get(t, "table", null),
		"purpose": input.purpose,
		"consent_column": column,
	}
}

_filtered(table, column) if {
	some f in input.query.consent_filters
	is_string(f.table)
	is_string(f.column)
	is_string(table)
	is_string(column)
	lower(f.table) == lower(table)
	lower(f.column) == lower(column)
	f.polarity == "positive"
	f.restricts == true
}

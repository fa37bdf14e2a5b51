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
deny contains finding.new("SHR008", msg, ["tables", i]) if {
	data.tutela.lib.manifest.shares_personal
	input.purpose_details.requires_consent == true
	some i, t in input.tables
	column := t.consent_columns[input.purpose]
	not _filtered(t.table, column)
	msg := sprintf(
		"Manifest %q shares %s for %q without keeping only rows where %s is true.",
		[input.id, t.table, input.purpose, column],
	)
}

_filtered(table, column) if {
	some f in input.query.consent_filters
	lower(f.table) == lower(table)
	lower(f.column) == lower(column)
	f.polarity == "positive"
	f.restricts == true
}

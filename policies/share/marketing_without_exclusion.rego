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
deny contains finding.new("SHR005", msg, ["columns", i]) if {
	data.tutela.lib.manifest.is_manifest
	count(data.tutela.lib.manifest.purpose_tags & {"marketing", "telemarketing"}) > 0
	i := min({j | some j in data.tutela.lib.manifest.identifiable_columns; input.columns[j].category == "contacto"})
	not _excluded
	c := input.columns[i]
	msg := sprintf(
		"Manifest %q sends contact data %s.%s for marketing without removing the exclusion list.",
		[input.id, c.table, c.column],
	)
}

_excluded if {
	some x in input.query.exclusion_checks
	x.anti == true
	x.exclusion_kind == "internal"
}

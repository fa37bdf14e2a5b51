package tutela.share

import data.tutela.lib.finding

# METADATA
# title: Blocked data shared
# description: |
#   What it does: flags a manifest that draws on a table the inventory marks `blocked` (a
#   bloqueo store) for a purpose that is not one of the legal purposes (`data.tutela.lib.config.legal_tags`:
#   defending claims, deletion, ARCO).
#   Why it matters: blocked data may only be kept to determine liabilities until suppression
#   (Art. 2 fr. III; Art. 24); sharing them for anything else is processing after cancellation.
# custom:
#   id: SHR004
#   name: blocked-data-shared
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "2", fraction: "III"}
#     - {instrument: LFPDPPP, article: "24"}
#   recommended_action: >-
#     Do not share blocked data; for litigation use a purpose tagged `legal_defence` and an
#     Art. 36 fr. VI basis.
#   examples: blocked_data_shared.examples.yaml
deny contains finding.new("SHR004", msg, ["tables", i]) if {
	data.tutela.lib.manifest.is_manifest
	some i, t in input.tables
	t.blocked == true
	count(data.tutela.lib.manifest.purpose_tags & data.tutela.lib.config.legal_tags) == 0
	msg := sprintf("Manifest %q shares blocked table %s for purpose %q.", [input.id, t.table, input.purpose])
}

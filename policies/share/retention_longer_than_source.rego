package tutela.share

import data.tutela.lib.finding

# METADATA
# title: Recipient keeps the data longer than the source
# description: |
#   What it does: flags a manifest whose `retention.period` at the recipient is longer than
#   the shortest time the source keeps any shared table (its retention plus its bloqueo period,
#   from the inventory).
#   Why it matters: data may be kept only as long as the purposes need (Arts. 10 and 12), and
#   the recipient assumes the transferor's obligations (Art. 35 ¶2): it cannot keep what the
#   source must already have deleted.
# custom:
#   id: SHR003
#   name: retention-longer-than-source
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "10"}
#     - {instrument: LFPDPPP, article: "35", paragraph: "2"}
#   recommended_action: >-
#     Shorten `retention.period` to at most the source's period (and say in the contract how
#     the recipient deletes the data).
#   examples: retention_longer_than_source.examples.yaml
deny contains finding.new("SHR003", msg, ["retention_days"]) if {
	data.tutela.lib.manifest.shares_personal
	is_number(input.source_retention_days)
	input.retention_days > input.source_retention_days
	msg := sprintf(
		"Recipient %q keeps the data %d days; the source keeps them at most %d days.",
		[input.recipient.id, input.retention_days, input.source_retention_days],
	)
}

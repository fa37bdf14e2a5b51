package tutela.transfer

import data.tutela.lib.finding

# METADATA
# title: Recipient purpose outside what was consented
# description: |
#   What it does: flags a transfer where the recipient will use a shared column for a purpose
#   (`recipient_purposes`, by default the manifest's `purpose`) that the inventory does not
#   allow for that column: the data were collected and consented for other purposes.
#   Why it matters: the recipient takes on the transferor's obligations and may only process
#   the data for the purposes the titular accepted (Art. 35 ¶2; Art. 11).
# custom:
#   id: TRF003
#   name: recipient-purpose-not-consented
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "35", paragraph: "2"}
#     - {instrument: LFPDPPP, article: "11"}
#   recommended_action: >-
#     Share only columns whose inventory purposes include every recipient purpose, or obtain
#     consent for the new purpose and add it to the inventory and the aviso first.
#   examples: recipient_purpose_not_consented.examples.yaml
deny contains finding.new("TRF003", msg, ["columns", i]) if {
	data.tutela.lib.manifest.transfer
	some i in data.tutela.lib.manifest.identifiable_columns
	c := input.columns[i]
	some p in input.recipient_purposes
	not p in {x | some x in c.purposes}
	msg := sprintf(
		"Column %s.%s goes to %q for purpose %q, which it was not collected for.",
		[c.table, c.column, input.recipient.id, p],
	)
}

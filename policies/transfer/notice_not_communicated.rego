package tutela.transfer

import data.tutela.lib.finding

# METADATA
# title: Aviso not communicated to the recipient
# description: |
#   What it does: flags a transfer of identifiable personal data whose manifest has no
#   `notice.delivered` date: no evidence that the recipient received the aviso and the purposes
#   the titulares accepted.
#   Why it matters: the transferor must communicate the aviso and the purposes to the third
#   party (Art. 35 ¶1); not doing so is an infraction (Art. 58 fr. X). Art. 36 exceptions waive
#   consent, not this duty.
# custom:
#   id: TRF002
#   name: notice-not-communicated
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "35", paragraph: "1"}
#     - {instrument: LFPDPPP, article: "58", fraction: "X"}
#   recommended_action: >-
#     Deliver the aviso and the accepted purposes to the recipient (e.g. as a contract annex)
#     and record it under `notice: {delivered: YYYY-MM-DD, reference: ...}`.
#   examples: notice_not_communicated.examples.yaml
deny contains finding.new("TRF002", msg, ["notice"]) if {
	data.tutela.lib.manifest.transfer
	data.tutela.lib.manifest.shares_personal
	not data.tutela.lib.manifest.has(input.notice, "delivered")
	msg := sprintf(
		"Manifest %q has no evidence that %q received the aviso and its purposes.",
		[input.id, input.recipient.id],
	)
}

package tutela.transfer

import data.tutela.lib.finding

# METADATA
# title: Transfer not declared in the notice
# description: |
#   What it does: flags a transfer whose purpose is not among the purposes the inventory (and
#   so the aviso built from it) declares for that recipient.
#   Why it matters: the aviso must list the transfers and their purposes, and the recipient is
#   bound by what the titular accepted there (Art. 35 ¶2; Reg. 68).
# custom:
#   id: TRF007
#   name: transfer-not-in-notice
#   severity: warning
#   legal_basis:
#     - {instrument: LFPDPPP, article: "35", paragraph: "2"}
#     - {instrument: Reglamento LFPDPPP, article: "68"}
#   recommended_action: >-
#     Add the purpose to the recipient's `purposes` in the inventory (and publish the updated
#     aviso) before sharing, or use a purpose already declared for it.
#   examples: transfer_not_in_notice.examples.yaml
warn contains finding.new("TRF007", msg, ["purpose"]) if {
	data.tutela.lib.manifest.transfer
	not input.purpose in {p | some p in input.recipient.purposes}
	msg := sprintf(
		"Transfer to %q for purpose %q is not declared in the notice for that recipient.",
		[input.recipient.id, input.purpose],
	)
}

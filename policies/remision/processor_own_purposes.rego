package tutela.remision

import data.tutela.lib.finding

# METADATA
# title: Processor uses the data for its own purposes
# description: |
#   What it does: flags a manifest to a recipient labelled `encargado` when the manifest says
#   `own_use: true` or the inventory marks the recipient with `own_purposes: true`.
#   Why it matters: whoever processes data for its own purposes is not an encargado (Art. 2
#   fr. XII) but a third party, so the communication is a transfer (Art. 2 fr. XX) with its
#   consent and notice duties; an encargado that does so becomes a responsable (Reg. 53).
# custom:
#   id: REM005
#   name: processor-own-purposes
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "2", fraction: "XII"}
#     - {instrument: LFPDPPP, article: "2", fraction: "XX"}
#     - {instrument: Reglamento LFPDPPP, article: "53"}
#   recommended_action: >-
#     Make the recipient a `tercero` in the inventory and treat the share as a transfer, or
#     limit it to processing on your behalf (`own_use: false`).
#   examples: processor_own_purposes.examples.yaml
deny contains finding.new("REM005", msg, [key]) if {
	data.tutela.lib.manifest.remision
	some key in ["own_use", "recipient"]
	_own(key)
	msg := sprintf(
		"Recipient %q is labelled encargado but uses the data for its own purposes.",
		[input.recipient.id],
	)
}

_own("own_use") if input.own_use == true

_own("recipient") if {
	input.recipient.own_purposes == true
	not input.own_use == true
}

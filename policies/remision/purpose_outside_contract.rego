package tutela.remision

import data.tutela.lib.finding

# METADATA
# title: Processor purpose outside its instructions
# description: |
#   What it does: flags a remisión whose `purpose` or `recipient_purposes` include a purpose the
#   inventory does not list for that encargado (its instructions and contract scope).
#   Why it matters: an encargado may process data only per the responsable's instructions and
#   for no other purpose (Reg. 50 fr. I-II); one that does becomes a responsable (Reg. 53).
# custom:
#   id: REM002
#   name: purpose-outside-contract
#   severity: error
#   legal_basis:
#     - {instrument: Reglamento LFPDPPP, article: "50", fraction: "I"}
#     - {instrument: Reglamento LFPDPPP, article: "53"}
#   recommended_action: >-
#     Share only for a purpose listed for the recipient in the inventory, or extend the contract
#     and the inventory's `purposes` for the recipient first.
#   examples: purpose_outside_contract.examples.yaml
deny contains finding.new("REM002", msg, path) if {
	data.tutela.lib.manifest.remision
	some key in ["purpose", "recipient_purposes"]
	some p in _purposes(key)
	not p in {x | some x in input.recipient.purposes}
	path := [key]
	msg := sprintf("Processor %q would process data for %q, outside its contract.", [input.recipient.id, p])
}

_purposes("purpose") := {input.purpose}

_purposes("recipient_purposes") := {p | some p in input.recipient_purposes; p != input.purpose}

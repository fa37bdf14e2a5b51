package tutela.remision

import data.tutela.lib.finding

# METADATA
# title: Remisión without contract
# description: |
#   What it does: flags a manifest that sends personal data to an `encargado` when neither the
#   manifest nor the inventory's recipient names a contract `reference`.
#   Why it matters: the relationship with a processor must be formalised in contractual clauses
#   or another instrument that proves its existence, scope and content (Reg. 51); the
#   responsable stays accountable for what the processor does (Art. 13 accountability).
# custom:
#   id: REM001
#   name: remision-without-contract
#   severity: warning
#   legal_basis:
#     - {instrument: Reglamento LFPDPPP, article: "51"}
#     - {instrument: LFPDPPP, article: "13"}
#   recommended_action: >-
#     Sign a processing contract with the encargado and record its `reference` (in the
#     manifest's `contract` or the recipient's `contract` in the inventory).
#   examples: remision_without_contract.examples.yaml
warn contains finding.new("REM001", msg, ["contract"]) if {
	data.tutela.lib.manifest.remision
	data.tutela.lib.manifest.shares_personal
	not data.tutela.lib.manifest.has(input.contract, "reference")
	msg := sprintf("Remisión %q to processor %q has no contract reference.", [input.id, input.recipient.id])
}

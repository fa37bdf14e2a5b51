package tutela.remision

import data.tutela.lib.finding

# METADATA
# title: Subprocessors not authorised in the contract
# description: |
#   What it does: flags a remisión to an encargado that lists `subprocessors` in the inventory
#   when the contract that covers the manifest has no `subprocessors` clause.
#   Why it matters: subcontracting must be authorised in the contract or beforehand and the
#   subprocessor takes on the encargado's duties (Reg. 54-55).
# custom:
#   id: REM003
#   name: subprocessors-not-authorised
#   severity: warning
#   legal_basis:
#     - {instrument: Reglamento LFPDPPP, article: "54"}
#     - {instrument: Reglamento LFPDPPP, article: "55"}
#   recommended_action: Add the `subprocessors` clause to the contract (and to `contract.clauses`).
#   examples: subprocessors_not_authorised.examples.yaml
warn contains finding.new("REM003", msg, ["contract"]) if {
	data.tutela.lib.manifest.remision
	count(input.recipient.subprocessors) > 0
	not "subprocessors" in data.tutela.lib.manifest.contract_clauses
	msg := sprintf(
		"Processor %q uses subprocessors that its contract does not authorise.",
		[input.recipient.id],
	)
}

package tutela.international

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "manifest"

# METADATA
# title: Processor abroad without contract or data location
# description: |
#   What it does: flags a remisión of personal data to an `encargado` abroad when no contract
#   covers it or the contract lacks the `data_location` clause.
#   Why it matters: a remisión abroad needs no consent but does need a contract (Reg. 51, 53),
#   and the responsable stays accountable for data held by its processor abroad (Reg. 47).
# custom:
#   id: INT003
#   name: international-remision-without-contract
#   severity: warning
#   legal_basis:
#     - {instrument: Reglamento LFPDPPP, article: "47"}
#     - {instrument: Reglamento LFPDPPP, article: "51"}
#   recommended_action: >-
#     Record the processing contract and include a `data_location` clause naming where the data
#     are kept.
#   examples: international_remision_without_contract.examples.yaml
warn contains finding.new("INT003", msg, ["contract"]) if {
	data.tutela.lib.manifest.remision
	data.tutela.lib.manifest.abroad
	data.tutela.lib.manifest.shares_personal
	not "data_location" in data.tutela.lib.manifest.contract_clauses
	msg := sprintf(
		"Processor %q in %s has no contract clause on where the data are kept.",
		[input.recipient.id, input.country],
	)
}

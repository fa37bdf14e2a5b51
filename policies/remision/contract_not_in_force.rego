package tutela.remision

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "manifest"

# METADATA
# title: Contract not in force
# description: |
#   What it does: flags a manifest to an `encargado` whose contract ended (`valid_until` before
#   the run date) or has not started (`valid_from` after it).
#   Why it matters: a processor acts on the responsable's behalf only within a legal
#   relationship that delimits its service (Art. 2 fr. XII; Reg. 49 and 51); without one in
#   force the data have no contractual protection and the "processor" is a third party.
# custom:
#   id: REM006
#   name: contract-not-in-force
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "2", fraction: "XII"}
#     - {instrument: Reglamento LFPDPPP, article: "51"}
#   recommended_action: >-
#     Renew the contract (and update `valid_until`) or stop the remisión; do not send data before
#     `valid_from`.
#   examples: contract_not_in_force.examples.yaml
deny contains finding.new("REM006", msg, ["contract"]) if {
	data.tutela.lib.manifest.remision
	data.tutela.lib.manifest.has(input.contract, "valid_until")
	input.contract.valid_until < data.tutela.lib.config.today
	msg := sprintf(
		"Contract %s with processor %q ended on %s.",
		[_reference, input.recipient.id, input.contract.valid_until],
	)
}

deny contains finding.new("REM006", msg, ["contract"]) if {
	data.tutela.lib.manifest.remision
	data.tutela.lib.manifest.has(input.contract, "valid_from")
	input.contract.valid_from > data.tutela.lib.config.today
	msg := sprintf(
		"Contract %s with processor %q starts only on %s.",
		[_reference, input.recipient.id, input.contract.valid_from],
	)
}

default _reference := "(no reference)"

_reference := sprintf("%q", [input.contract.reference]) if data.tutela.lib.manifest.has(input.contract, "reference")

package tutela.international

import data.tutela.lib.finding

# METADATA
# title: International transfer without binding clauses
# description: |
#   What it does: flags a transfer of identifiable personal data abroad when the contract that
#   covers it lacks the `binding_obligations` clause (or there is no contract).
#   Why it matters: the foreign recipient must assume the transferor's obligations (Art. 35
#   ¶2), through contractual clauses or another instrument that carries them (Reg. 74-75).
# custom:
#   id: INT002
#   name: international-transfer-without-clauses
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "35", paragraph: "2"}
#     - {instrument: Reglamento LFPDPPP, article: "75"}
#   recommended_action: >-
#     Add clauses binding the recipient to your obligations and list `binding_obligations` in
#     `contract.clauses`.
#   examples: international_transfer_without_clauses.examples.yaml
deny contains finding.new("INT002", msg, ["contract"]) if {
	data.tutela.lib.manifest.transfer
	data.tutela.lib.manifest.abroad
	data.tutela.lib.manifest.shares_personal
	not "binding_obligations" in data.tutela.lib.manifest.contract_clauses
	msg := sprintf(
		"Transfer to %q in %s has no clauses binding the recipient to the transferor's obligations.",
		[input.recipient.id, input.country],
	)
}

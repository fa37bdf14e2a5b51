package tutela.gdpr

import data.tutela.lib.finding

# METADATA
# title: Processing without an Art. 6 basis for the declared purpose
# description: |
#   What it does: with the GDPR profile on, flags a statement that exposes personal data, or a
#   manifest that shares it, for a declared purpose whose entry in the inventory's `gdpr.purposes`
#   names no `lawful_basis`.
#   Why it matters: processing is lawful only if one of the six bases of Art. 6(1) applies
#   (consent, contract, legal obligation, vital interests, public task, legitimate interests);
#   lawfulness is the first principle (Art. 5(1)(a)), and the notice must state the basis of
#   each purpose (Arts. 13(1)(c), 14(1)(c)).
# custom:
#   id: GDP001
#   name: gdpr-processing-without-lawful-basis
#   severity: error
#   legal_basis:
#     - {instrument: GDPR, article: "6(1)"}
#     - {instrument: GDPR, article: "5(1)(a)"}
#   recommended_action: >-
#     Add `gdpr.purposes.<purpose>.lawful_basis` (consent, contract, legal_obligation,
#     vital_interests, public_task or legitimate_interests) to the inventory.
#   examples: processing_without_lawful_basis.examples.yaml
deny contains finding.new("GDP001", msg, ["purpose"]) if {
	_on
	_processes_personal
	is_string(input.purpose)
	data.tutela.inventory.purposes_by_id[input.purpose]
	not _basis(input.purpose)
	msg := sprintf("Purpose %q has no GDPR Art. 6(1) lawful basis in the inventory.", [input.purpose])
}

_processes_personal if _statement_personal

_processes_personal if data.tutela.lib.manifest.shares_personal

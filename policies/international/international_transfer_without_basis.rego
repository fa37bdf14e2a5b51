package tutela.international

import data.tutela.lib.finding

# METADATA
# title: International transfer without consent or exception
# description: |
#   What it does: flags a transfer of identifiable personal data to a `tercero` whose data will
#   be kept outside Mexico (`country` other than MX) when the manifest records neither an Art. 36
#   exception nor the titulares' consent.
#   Why it matters: international transfers follow the same consent rules as national ones
#   (Arts. 35-36), and data leaving the country are harder to recover.
# custom:
#   id: INT001
#   name: international-transfer-without-basis
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "35"}
#     - {instrument: LFPDPPP, article: "36"}
#   recommended_action: >-
#     Record the Art. 36 exception or the consent (`legal_basis.consent`, `consent_record`) that
#     covers the transfer abroad.
#   examples: international_transfer_without_basis.examples.yaml
deny contains finding.new("INT001", msg, ["country"]) if {
	data.tutela.lib.manifest.transfer
	data.tutela.lib.manifest.abroad
	data.tutela.lib.manifest.shares_personal
	data.tutela.lib.manifest.exception == ""
	data.tutela.lib.manifest.consent == ""
	msg := sprintf(
		"Personal data go to %q in %s with neither consent nor an Art. 36 exception.",
		[input.recipient.id, input.country],
	)
}

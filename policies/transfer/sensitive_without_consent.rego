package tutela.transfer

import data.tutela.lib.finding

# METADATA
# title: Sensitive or financial data transferred without the required consent
# description: |
#   What it does: flags a transfer without an Art. 36 exception that sends sensitive data
#   (`sensible`, `biometrico`) without express written consent, or financial data
#   (`patrimonial`, `pci_pan`) without express consent (express written also counts).
#   Why it matters: sensitive data need express and written consent (Art. 8) and financial or
#   patrimonial data express consent (Art. 7 ¶5); transferring without it is an infraction
#   (Art. 58 fr. XIII).
# custom:
#   id: TRF005
#   name: sensitive-transfer-without-consent
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "8"}
#     - {instrument: LFPDPPP, article: "7", paragraph: "5"}
#     - {instrument: LFPDPPP, article: "58", fraction: "XIII"}
#   recommended_action: >-
#     Collect and record the consent the data need (`legal_basis.consent: express_written` for
#     sensitive data, `express` for financial data), rely on an Art. 36 exception, or aggregate
#     the columns.
#   examples: sensitive_without_consent.examples.yaml
deny contains finding.new("TRF005", msg, ["columns", i]) if {
	data.tutela.lib.manifest.transfer
	data.tutela.lib.manifest.exception == ""
	some i in data.tutela.lib.manifest.identifiable_columns
	c := input.columns[i]
	c.category in data.tutela.lib.manifest.sensitive_categories
	data.tutela.lib.manifest.consent != "express_written"
	msg := sprintf(
		"Sensitive column %s.%s is transferred to %q without express written consent.",
		[c.table, c.column, input.recipient.id],
	)
}

deny contains finding.new("TRF005", msg, ["columns", i]) if {
	data.tutela.lib.manifest.transfer
	data.tutela.lib.manifest.exception == ""
	some i in data.tutela.lib.manifest.identifiable_columns
	c := input.columns[i]
	c.category in data.tutela.lib.manifest.financial_categories
	not data.tutela.lib.manifest.consent in {"express", "express_written"}
	msg := sprintf(
		"Financial column %s.%s is transferred to %q without express consent.",
		[c.table, c.column, input.recipient.id],
	)
}

package tutela.gdpr

import data.tutela.lib.finding

# METADATA
# title: Third-country transfer without a Chapter V safeguard
# description: |
#   What it does: with the GDPR profile on, flags a manifest that shares identifiable personal
#   data with a recipient outside the EEA, or a statement that exports personal data to the
#   declared destination of such a recipient, when the inventory's `gdpr.recipients` gives that
#   recipient no `safeguard` (adequacy, dpf, scc, bcr or derogation).
#   Why it matters: a transfer to a third country may take place only under Chapter V (Art. 44):
#   an adequacy decision (Art. 45), appropriate safeguards such as standard contractual clauses
#   (Art. 46) or binding corporate rules (Art. 47), or a derogation for a specific situation
#   (Art. 49).
# custom:
#   id: GDP003
#   name: gdpr-transfer-without-safeguard
#   severity: error
#   legal_basis:
#     - {instrument: GDPR, article: "44"}
#     - {instrument: GDPR, article: "46"}
#   recommended_action: >-
#     Record the Chapter V ground in `gdpr.recipients.<recipient>.safeguard` (and where to get a
#     copy in `reference`), or keep the data in the EEA.
#   examples: transfer_without_safeguard.examples.yaml
deny contains finding.new("GDP003", msg, ["country"]) if {
	_on
	data.tutela.lib.manifest.shares_personal
	_third_country(input.country)
	not _safeguard(input.recipient.id)
	msg := sprintf(
		"Personal data go to %q in %s, a third country, without a GDPR Chapter V safeguard.",
		[input.recipient.id, input.country],
	)
}

deny contains finding.new("GDP003", msg, ["egress", i]) if {
	_on
	data.tutela.lib.statement.is_statement
	some i, g in input.egress
	data.tutela.egress.personal_egress(g)
	some r in data.tutela.egress.recipients_for(g.target)
	_third_country(r.country)
	not _safeguard(r.id)
	msg := sprintf(
		"Personal data are exported to %q in %s, a third country, without a GDPR Chapter V safeguard.",
		[r.id, r.country],
	)
}

package tutela.consent

import data.tutela.lib.finding

# METADATA
# title: Financial data used with tacit consent
# description: |
#   What it does: flags a patrimonial (financial or property) column that is exposed or used in
#   any clause for a purpose that relies on consent of kind `tacit`.
#   Why it matters: financial and patrimonial data need express consent unless an Art. 9
#   exception applies (Art. 7 ¶5); processing them without it is an infraction (Art. 58
#   fr. XIII). A purpose with an Art. 9 exception (`requires_consent: false`) is not flagged.
# custom:
#   id: CON003
#   name: financial-without-express-consent
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "7", paragraph: "5"}
#     - {instrument: LFPDPPP, article: "58", fraction: "XIII"}
#   recommended_action: >-
#     Drop the column from the statement, or obtain express consent for the purpose and record it
#     as `consent: express` in the inventory.
#   examples: financial_without_express_consent.examples.yaml
deny contains finding.new("CON003", msg, data.tutela.lib.statement.first_path(t, c)) if {
	some [t, c] in _con003_columns
	msg := sprintf(
		"Patrimonial column %s.%s is used for purpose %q, which has only tacit consent.",
		[t, c, input.purpose],
	)
}

_con003_columns contains [u.table, u.column] if {
	p := data.tutela.lib.statement.declared_purpose
	p.requires_consent == true
	p.consent == "tacit"
	some u in data.tutela.lib.statement.uses
	u.entry.category == "patrimonial"
}

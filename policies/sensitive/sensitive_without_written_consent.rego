package tutela.sensitive

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "statement"

# METADATA
# title: Sensitive data without express written consent
# description: |
#   What it does: flags a column of category `sensible` or `biometrico` that is exposed or used
#   in any clause (a filter or a GROUP BY is processing too) for a purpose that requires consent
#   of a kind other than `express_written`. A purpose that needs no consent because of an
#   Art. 9 exception may use a sensitive column only if the inventory maps the column to that
#   purpose (the column's `purposes`, else its table's): the exception covers the processing
#   the purpose needs, not any sensitive data that happens to be at hand (the Reglamento's
#   art. 17 reads the legal-relationship exception the same way).
#   Why it matters: sensitive data need the titular's express and written consent (Art. 8 ¶1);
#   processing them without it is an infraction (Art. 58 fr. XIII).
# custom:
#   id: SEN001
#   name: sensitive-without-written-consent
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "8", paragraph: "1"}
#     - {instrument: LFPDPPP, article: "9"}
#     - {instrument: LFPDPPP, article: "58", fraction: "XIII"}
#   recommended_action: >-
#     Remove the sensitive column, or run the statement for a purpose with `consent:
#     express_written` (and filter on its signed-consent column).
#   examples: sensitive_without_written_consent.examples.yaml
deny contains finding.new("SEN001", msg, data.tutela.lib.statement.first_path(t, c)) if {
	p := data.tutela.lib.statement.declared_purpose
	p.requires_consent == true
	p.consent != "express_written"
	some [t, c] in _sensitive_columns
	msg := sprintf(
		"Sensitive column %s.%s is used for purpose %q, which lacks express written consent.",
		[t, c, input.purpose],
	)
}

deny contains finding.new("SEN001", msg, data.tutela.lib.statement.first_path(t, c)) if {
	p := data.tutela.lib.statement.declared_purpose
	p.requires_consent == false
	some [t, c] in _sensitive_columns
	data.tutela.inventory.tables[t].columns_by_name[c]
	not data.tutela.lib.statement.allowed(t, c, input.purpose)
	msg := sprintf(
		"Sensitive column %s.%s is used for purpose %q, whose consent exception does not cover it.",
		[t, c, input.purpose],
	)
}

_sensitive_columns contains [u.table, u.column] if {
	some u in data.tutela.lib.statement.uses
	u.entry.category in {"sensible", "biometrico"}
}

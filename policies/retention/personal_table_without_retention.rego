package tutela.retention

import data.tutela.lib.finding

# METADATA
# title: Personal table without a retention period
# description: |
#   What it does: warns when a statement reads a table that the inventory lists, that holds
#   personal data, and whose dataset has no `retention` (period, trigger, legal basis).
#   Why it matters: data must be suppressed once they are no longer needed, at the end of the
#   conservation period (Art. 10 ¶2); without a documented period nobody can tell when that
#   is. The Reglamento asks for documented, provable periods (Reg. 37-38).
# custom:
#   id: RET001
#   name: personal-table-without-retention
#   severity: warning
#   legal_basis:
#     - {instrument: LFPDPPP, article: "10", paragraph: "2"}
#     - {instrument: Reglamento LFPDPPP, article: "37-38", note: "Reglamento 2011; binding status uncertain"}
#   recommended_action: Add `retention` (period, trigger, legal_basis) to the dataset in the inventory.
#   examples: personal_table_without_retention.examples.yaml
warn contains finding.new("RET001", msg, data.tutela.lib.statement.first_read(t)) if {
	data.tutela.lib.statement.is_statement
	some r in input.reads
	r.personal == true
	t := lower(r.table)
	ds := data.tutela.lib.statement.table(t)
	not ds.retention
	msg := sprintf("Table %s holds personal data but the inventory gives it no retention period.", [t])
}

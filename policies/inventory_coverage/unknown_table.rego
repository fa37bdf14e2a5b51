package tutela.inventory_coverage

import data.tutela.lib.finding

# METADATA
# title: Table not in the inventory
# description: |
#   What it does: warns when a statement reads a table the inventory does not list (CTE names
#   are not tables). The facts name candidate inventory tables when a partial name is ambiguous.
#   Why it matters: the controller answers for all the personal data it processes (Art. 13);
#   tutela cannot judge purpose, consent or retention for a table it does not know, so the
#   other rules stay silent about it.
# custom:
#   id: INV002
#   name: unknown-table
#   severity: warning
#   legal_basis:
#     - {instrument: LFPDPPP, article: "13"}
#   recommended_action: >-
#     Add the table to the inventory's `datasets` (with `category: ninguna` columns if it holds
#     no personal data), or fix the table name.
#   examples: unknown_table.examples.yaml
warn contains finding.new("INV002", msg, data.tutela.lib.statement.first_read(t)) if {
	data.tutela.lib.statement.is_statement
	some r in input.reads
	r.known == false
	t := lower(r.table)
	msg := sprintf("Table %s is not in the inventory.", [t])
}

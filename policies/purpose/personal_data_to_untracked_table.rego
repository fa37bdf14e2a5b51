package tutela.purpose

import data.tutela.lib.finding

# METADATA
# title: Personal data written to a table the inventory does not track
# description: |
#   What it does: flags a statement that writes personal columns (INSERT, CREATE TABLE AS,
#   MERGE, SELECT INTO...) into a table the inventory does not list.
#   Why it matters: a table outside the inventory has no declared purpose, retention or
#   blocking period, so nobody can answer for it (accountability, Art. 13) or delete it on time.
#   The Reglamento asks for documented conservation periods (Reg. 38) and a data inventory
#   (Reg. 61 fr. I).
# custom:
#   id: PUR005
#   name: personal-data-to-untracked-table
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "13"}
#     - {instrument: Reglamento LFPDPPP, article: "38", note: "Reglamento 2011; binding status uncertain"}
#     - instrument: Reglamento LFPDPPP
#       article: "61"
#       fraction: "I"
#       note: "Reglamento 2011; binding status uncertain"
#   recommended_action: >-
#     Add the table to the inventory with its purposes, retention and columns, or write into a
#     table the inventory already lists.
#   examples: personal_data_to_untracked_table.examples.yaml
deny contains finding.new("PUR005", msg, ["writes", j]) if {
	data.tutela.lib.statement.is_statement
	some j, w in input.writes
	w.known == false
	some e in input.exposures
	e.sink == "write"
	lower(e.target) == lower(w.table)
	data.tutela.lib.statement.personal(e)
	msg := sprintf("Personal data is written to table %s, which the inventory does not list.", [w.table])
}

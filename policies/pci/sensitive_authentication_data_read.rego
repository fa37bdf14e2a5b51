package tutela.pci

import data.tutela.lib.finding

# METADATA
# title: Sensitive authentication data read
# description: |
#   What it does: flags any use (output, filter, join, grouping...) of a column the inventory
#   classifies `pci_cvv`, `pci_pin` or `pci_track`. Two things are not reads: setting the
#   column to NULL (`UPDATE t SET cvv = NULL`, a written column) and the `cvv IS [NOT] NULL`
#   test of an UPDATE that sets that column to NULL or of a DELETE from its table, because
#   those statements purge the data.
#   Why it matters: card verification codes, PINs and full track data may not be kept after
#   authorization, not even encrypted (PCI DSS 3.3.1, 3.3.1.1-3.3.1.3); a query that reads
#   them keeps them alive and spreads them.
# custom:
#   id: PCI001
#   name: sensitive-authentication-data-read
#   severity: error
#   legal_basis:
#     - {instrument: PCI DSS, article: "3.3.1", note: "v4.0.1"}
#     - {instrument: PCI DSS, article: "3.3.1.1-3.3.1.3", note: "v4.0.1"}
#   recommended_action: >-
#     Stop reading the column and purge it (`UPDATE ... SET <column> = NULL`, then drop it);
#     capture card data so that it never reaches the warehouse.
#   examples: sensitive_authentication_data_read.examples.yaml
deny contains finding.new("PCI001", msg, data.tutela.lib.statement.first_path(t, c)) if {
	some [t, c, category] in _pci001_columns
	msg := sprintf("Column %s.%s holds %s, which may not be retained after authorization.", [t, c, _sad_name[category]])
}

_sad_name := {
	"pci_cvv": "a card verification code",
	"pci_pin": "a PIN",
	"pci_track": "full track data",
}

_pci001_columns contains [u.table, u.column, u.entry.category] if {
	some u in data.tutela.lib.statement.uses
	_sad_name[u.entry.category]
	not _purge_check(u)
}

# _purge_check: the NULL test of a purge (UPDATE setting the column to NULL, or DELETE).
_purge_check(u) if {
	u.path[0] == "references"
	u.entry.null_check == true
	input.operation == "update"
	some w in input.written_columns
	lower(w.table) == u.table
	lower(w.column) == u.column
	w.value == "null"
}

_purge_check(u) if {
	u.path[0] == "references"
	u.entry.null_check == true
	input.operation == "delete"
	some w in input.writes
	lower(w.table) == u.table
}

package tutela.share

import data.tutela.lib.finding

# METADATA
# title: Share outside what the recipient may receive
# description: |
#   What it does: flags a manifest that sends a personal column whose category is not among
#   the recipient's `categories` in the inventory (what its contract covers), unless the column
#   leaves aggregated, masked or hashed with a key. It is EGR003's category test on a
#   manifest. A recipient that declares no `categories` is not limited by category.
#
#   Does not fire: columns within the declared categories; de-identified columns.
#
#   Bad: a share of `pagos.legacy.numero_tarjeta` to a recipient with `categories:
#   [identificacion, contacto]`. Good: `RIGHT(numero_tarjeta, 4)`, or no card column.
#
#   Why it matters: a processor may only process what the controller instructs within the
#   contract, and a third party only what the titular accepted for it (Arts. 2 fr. XII, 35).
# custom:
#   id: SHR011
#   name: share-outside-recipient-scope
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "2", fraction: "XII"}
#     - {instrument: LFPDPPP, article: "35"}
#   recommended_action: >-
#     Drop or mask the column, or, if the recipient's contract covers the category, add it to
#     the recipient's `categories` in the inventory.
#   examples: outside_recipient_scope.examples.yaml
deny contains finding.new("SHR011", msg, ["columns", i]) if {
	data.tutela.lib.manifest.is_manifest
	is_array(input.recipient.categories)
	some i in data.tutela.lib.manifest.identifiable_columns
	c := input.columns[i]
	not c.category in {x | some x in input.recipient.categories}
	msg := sprintf(
		"Manifest %q sends %s.%s (%s) to %q, whose contract covers only %s.",
		[input.id, c.table, c.column, c.category, input.recipient.id, concat(", ", sort(input.recipient.categories))],
	)
}

# METADATA
# title: Transfer consent claimed but not filtered
# description: |
#   What it does: for a manifest to a `tercero` that relies on consent (no Art. 36
#   `exception`), flags each shared table for which the recipient names a transfer-consent
#   column (`consent_columns: {<table>: <column>}` on the recipient in the inventory) when the
#   share's `query:` does not keep only the rows where that column is true (a restricting,
#   positive filter: `WHERE c.acepta_socio = TRUE`). The manifest's consent claim is checked
#   against the rows actually shared, not taken on its word; a `tables:` share cannot filter
#   and is always flagged.
#
#   Does not fire: a transfer under an Art. 36 exception; a recipient with no consent column
#   for that table; a remisión to an encargado (no consent needed for it).
#
#   Bad: `SELECT nombre, telefono FROM crm.clientes` to the partner whose consent column is
#   `acepta_socio`. Good: `… WHERE acepta_socio = TRUE`.
#
#   Why it matters: a transfer without an Art. 36 exception needs the titular's consent (Art.
#   35); sending titulares who did not accept it is a transfer without consent.
# custom:
#   id: SHR012
#   name: transfer-consent-not-filtered
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "35"}
#     - {instrument: LFPDPPP, article: "36"}
#   recommended_action: >-
#     Share through a `query:` that keeps only the titulares who accepted the transfer (`WHERE
#     <table>.<consent column> = TRUE`), or record the Art. 36 exception that applies.
#   examples: transfer_consent_not_filtered.examples.yaml
deny contains finding.new("SHR012", msg, ["tables", i]) if {
	data.tutela.lib.manifest.transfer
	data.tutela.lib.manifest.shares_personal
	data.tutela.lib.manifest.exception == ""
	some i, t in input.tables
	t.shared == true
	column := t.transfer_consent_columns[input.recipient.id]
	not _shr012_filtered(t.table, column)
	msg := sprintf(
		"Manifest %q transfers %s to %q without keeping only rows where %s is true.",
		[input.id, t.table, input.recipient.id, column],
	)
}

_shr012_filtered(table, column) if {
	is_object(input.query)
	some f in object.get(input.query, "consent_filters", [])
	lower(f.table) == lower(table)
	lower(f.column) == lower(column)
	f.polarity == "positive"
	f.restricts == true
}

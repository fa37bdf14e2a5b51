package tutela.transfer

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "manifest"

# METADATA
# title: Art. 36 exception not declared for the recipient
# description: |
#   What it does: flags a transfer whose manifest claims an Art. 36 exception that differs from
#   the `exception` the inventory records for that recipient (or the inventory records none).
#   Why it matters: the inventory is what the aviso is generated from; an exception that only
#   the manifest knows about is not in the record of transfers the privacy office reviews, and
#   the justification for sharing without consent cannot be shown consistently (Art. 36;
#   Reg. 68).
# custom:
#   id: TRF008
#   name: exception-not-in-inventory
#   severity: warning
#   legal_basis:
#     - {instrument: LFPDPPP, article: "36"}
#     - {instrument: Reglamento LFPDPPP, article: "68"}
#   recommended_action: >-
#     Record the same exception under the recipient in the inventory, or correct the manifest's
#     `legal_basis.exception`.
#   examples: exception_not_in_inventory.examples.yaml
warn contains finding.new("TRF008", msg, ["legal_basis"]) if {
	data.tutela.lib.manifest.transfer
	data.tutela.lib.manifest.exception != ""
	not input.recipient.exception == data.tutela.lib.manifest.exception
	msg := sprintf(
		"Manifest %q claims exception %s, which the inventory does not record for %q.",
		[input.id, data.tutela.lib.manifest.exception, input.recipient.id],
	)
}

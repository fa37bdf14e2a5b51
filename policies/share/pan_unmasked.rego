package tutela.share

import data.tutela.lib.finding

# METADATA
# title: Card number shared unmasked
# description: |
#   What it does: flags a card number (`pci_pan`) in a share unless a mask from
#   `data.tutela.config.masks` (truncation such as `RIGHT(pan, 4)`, a keyed hash) is applied.
#   A plain hash is not a mask.
#   Why it matters: PAN must be unreadable wherever it is stored (PCI DSS 3.5.1) and copying it
#   out needs explicit authorisation (3.4.2).
# custom:
#   id: SHR002
#   name: pan-shared-unmasked
#   severity: error
#   legal_basis:
#     - {instrument: PCI DSS, article: "3.5.1"}
#     - {instrument: PCI DSS, article: "3.4.2"}
#   recommended_action: >-
#     Send a token or the last four digits (`RIGHT(pan, 4)`) instead of the card number, using a
#     `query:` so tutela can see the mask.
#   examples: pan_unmasked.examples.yaml
deny contains finding.new("SHR002", msg, ["columns", i]) if {
	data.tutela.lib.manifest.is_manifest
	some i, c in input.columns
	c.category == "pci_pan"
	not _masked(c)
	msg := sprintf("Manifest %q sends card number %s.%s unmasked.", [input.id, c.table, c.column])
}

_masked(c) if {
	some t in c.transforms
	lower(t) in data.tutela.lib.config.masks
}

package tutela.share

import data.tutela.lib.finding

# METADATA
# title: Card authentication data shared
# description: |
#   What it does: flags any CVV/CVC, PIN or track-data column (`pci_cvv`, `pci_pin`,
#   `pci_track`) in what a manifest sends, whatever the transform: masked, hashed or
#   aggregated, it must not leave.
#   Why it matters: sensitive authentication data may not be kept after authorisation, even
#   encrypted (PCI DSS 3.3.1); sending it anywhere makes another copy.
# custom:
#   id: SHR001
#   name: card-authentication-data-shared
#   severity: error
#   legal_basis:
#     - {instrument: PCI DSS, article: "3.3.1"}
#   recommended_action: Remove the column from the share (and from the source table).
#   examples: card_authentication_data.examples.yaml
deny contains finding.new("SHR001", msg, ["columns", i]) if {
	data.tutela.lib.manifest.is_manifest
	some i, c in input.columns
	c.category in {"pci_cvv", "pci_pin", "pci_track"}
	msg := sprintf("Manifest %q sends card authentication data %s.%s.", [input.id, c.table, c.column])
}

package tutela.share

import data.tutela.lib.finding

# METADATA
# title: Personal data sent without encryption in transit
# description: |
#   What it does: flags a manifest that sends identifiable personal data with
#   `transport.encryption_in_transit: false`.
#   Why it matters: the responsable must keep administrative, technical and physical security
#   measures that protect the data against loss, alteration or unauthorised access (Art. 18);
#   an unencrypted channel exposes every record sent.
# custom:
#   id: SHR007
#   name: unencrypted-transport
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "18"}
#   recommended_action: >-
#     Use an encrypted channel (SFTP, HTTPS, TLS to the bucket) and set
#     `encryption_in_transit: true`.
#   examples: unencrypted_transport.examples.yaml
deny contains finding.new("SHR007", msg, ["transport"]) if {
	data.tutela.lib.manifest.shares_personal
	input.transport.encryption_in_transit == false
	msg := sprintf("Manifest %q sends personal data over %s without encryption.", [input.id, input.transport.method])
}

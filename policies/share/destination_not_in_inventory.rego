package tutela.share

import data.tutela.lib.finding

# METADATA
# title: Share destination not declared for the recipient
# description: |
#   What it does: flags a manifest destination (`transport.destinations`) that none of the
#   inventory recipient's `destinations` covers (same value, or under it at a `/` boundary;
#   stage names ignore case). Recipients with no `destinations` in the inventory are skipped.
#   Why it matters: the inventory is the record of who receives data and where; a destination
#   only the manifest knows is missing from that record (Art. 13 accountability), and the SQL
#   gate, which also reads the inventory's destinations, would not recognise it.
# custom:
#   id: SHR010
#   name: destination-not-in-inventory
#   severity: warning
#   legal_basis:
#     - {instrument: LFPDPPP, article: "13"}
#   recommended_action: >-
#     Add the destination to the recipient's `destinations` in the inventory, or send to one it
#     already lists.
#   examples: destination_not_in_inventory.examples.yaml
warn contains finding.new("SHR010", msg, ["transport"]) if {
	data.tutela.lib.manifest.is_manifest
	count(object.get(input.recipient, "destinations", [])) > 0
	some target in input.transport.destinations
	not _declared(target)
	msg := sprintf(
		"Destination %s is not among the destinations the inventory lists for %q.",
		[target, input.recipient.id],
	)
}

_declared(target) if {
	some d in input.recipient.destinations
	_covers(target, d)
}

_covers(target, d) if _norm(target) == _norm(d)

_covers(target, d) if {
	endswith(d, "/")
	startswith(_norm(target), _norm(d))
}

_covers(target, d) if {
	not endswith(d, "/")
	startswith(_norm(target), concat("", [_norm(d), "/"]))
}

_norm(s) := lower(s) if startswith(s, "@")

_norm(s) := s if not startswith(s, "@")

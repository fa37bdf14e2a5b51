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
#   message:
#     en: >-
#       Destination {target} is not among the destinations the inventory lists for "{recipient}".
#     es: >-
#       El destino {target} no está entre los destinos que el inventario registra para
#       "{recipient}".
#   translations:
#     es:
#       title: Destino del intercambio no declarado para el destinatario
#       description: |
#         Qué hace: señala un destino del manifiesto (`transport.destinations`) que no ampara
#         ninguno de los `destinations` del destinatario en el inventario (el mismo valor, o uno que
#         lo contiene en un límite `/`; los nombres de stage no distinguen mayúsculas). Se omiten
#         los destinatarios sin `destinations` en el inventario.
#         Por qué importa: el inventario es el registro de quién recibe datos y dónde; un destino
#         que solo conoce el manifiesto falta en ese registro (responsabilidad, art. 13), y la
#         verificación de SQL, que también lee los destinos del inventario, no lo reconocería.
#       recommended_action: >-
#         Agregue el destino a los `destinations` del destinatario en el inventario, o envíe a uno
#         que ya esté registrado.
warn contains finding.with_values("SHR010", values, ["transport"]) if {
	data.tutela.lib.manifest.is_manifest
	count(object.get(input, ["recipient", "destinations"], [])) > 0
	some target in input.transport.destinations
	not _declared(target)
	values := {"target": target, "recipient": data.tutela.lib.manifest.recipient_id}
}

_declared(target) if {
	some d in input.recipient.destinations
	_covers(target, d)
}

_covers(target, d) if _norm(target) == _norm(d)

_covers(target, d) if {
	is_string(target)
	is_string(d)
	endswith(d, "/")
	startswith(_norm(target), _norm(d))
}

_covers(target, d) if {
	is_string(target)
	is_string(d)
	not endswith(d, "/")
	startswith(_norm(target), concat("", [_norm(d), "/"]))
}

_norm(s) := lower(s) if {
	is_string(s)
	startswith(s, "@")
}

_norm(s) := s if {
	is_string(s)
	not startswith(s, "@")
}

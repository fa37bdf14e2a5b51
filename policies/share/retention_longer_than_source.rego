package tutela.share

import data.tutela.lib.finding

# METADATA
# title: Recipient keeps the data longer than the source
# description: |
#   What it does: flags a manifest whose `retention.period` at the recipient is longer than
#   the shortest time the source keeps any shared table (its retention plus its bloqueo period,
#   from the inventory).
#   Why it matters: data may be kept only as long as the purposes need (Arts. 10 and 12), and
#   the recipient assumes the transferor's obligations (Art. 35 ¶2): it cannot keep what the
#   source must already have deleted.
# custom:
#   id: SHR003
#   name: retention-longer-than-source
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "10"}
#     - {instrument: LFPDPPP, article: "35", paragraph: "2"}
#   recommended_action: >-
#     Shorten `retention.period` to at most the source's period (and say in the contract how
#     the recipient deletes the data).
#   examples: retention_longer_than_source.examples.yaml
#   message:
#     en: >-
#       Recipient "{recipient}" keeps the data {days} days; the source keeps them at most
#       {source_days} days.
#     es: >-
#       El destinatario "{recipient}" conserva los datos {days} días; el origen los conserva como
#       máximo {source_days} días.
#   translations:
#     es:
#       title: El destinatario conserva los datos más tiempo que el origen
#       description: |
#         Qué hace: señala un manifiesto cuyo `retention.period` en el destinatario es mayor que el
#         menor tiempo durante el que el origen conserva cualquiera de las tablas compartidas (su
#         plazo de conservación más su periodo de bloqueo, según el inventario).
#         Por qué importa: los datos solo pueden conservarse el tiempo que requieran las finalidades
#         (arts. 10 y 12), y el receptor asume las obligaciones del transferente (art. 35 ¶2): no
#         puede conservar lo que el origen ya debió suprimir.
#       recommended_action: >-
#         Reduzca `retention.period` a no más que el plazo del origen (e indique en el contrato cómo
#         suprime los datos el destinatario).
deny contains finding.with_values("SHR003", values, ["retention_days"]) if {
	data.tutela.lib.manifest.shares_personal
	is_number(input.source_retention_days)
	input.retention_days > input.source_retention_days
	values := {
		"recipient": data.tutela.lib.manifest.recipient_id,
		"days": input.retention_days,
		"source_days": input.source_retention_days,
	}
}

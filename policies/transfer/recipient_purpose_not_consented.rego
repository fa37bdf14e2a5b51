package tutela.transfer

import data.tutela.lib.finding

# METADATA
# title: Recipient purpose outside what was consented
# description: |
#   What it does: flags a transfer where the recipient will use a shared column for a purpose
#   (`recipient_purposes`, by default the manifest's `purpose`) that the inventory does not
#   allow for that column: the data were collected and consented for other purposes.
#   Why it matters: the recipient takes on the transferor's obligations and may only process
#   the data for the purposes the titular accepted (Art. 35 ¶2; Art. 11).
# custom:
#   id: TRF003
#   name: recipient-purpose-not-consented
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "35", paragraph: "2"}
#     - {instrument: LFPDPPP, article: "11"}
#   recommended_action: >-
#     Share only columns whose inventory purposes include every recipient purpose, or obtain
#     consent for the new purpose and add it to the inventory and the aviso first.
#   examples: recipient_purpose_not_consented.examples.yaml
#   message:
#     en: >-
#       Column {table}.{column} goes to "{recipient}" for purpose "{purpose}", which it was not
#       collected for.
#     es: >-
#       La columna {table}.{column} se envía a "{recipient}" para la finalidad "{purpose}", para la
#       que no se recabó.
#   translations:
#     es:
#       title: Finalidad del destinatario fuera de lo consentido
#       description: |
#         Qué hace: señala una transferencia en la que el destinatario usará una columna compartida
#         para una finalidad (`recipient_purposes`, por omisión el `purpose` del manifiesto) que el
#         inventario no permite para esa columna: los datos se recabaron y se consintieron para
#         otras finalidades.
#         Por qué importa: el receptor asume las obligaciones del transferente y solo puede tratar
#         los datos para las finalidades que aceptó el titular (art. 35 ¶2; art. 11).
#       recommended_action: >-
#         Comparta solo columnas cuyas finalidades en el inventario incluyan todas las finalidades
#         del destinatario, u obtenga primero el consentimiento para la nueva finalidad y agréguela
#         al inventario y al aviso de privacidad.
deny contains finding.with_values("TRF003", values, ["columns", i]) if {
	data.tutela.lib.manifest.transfer
	some i in data.tutela.lib.manifest.identifiable_columns
	c := input.columns[i]
	some p in input.recipient_purposes
	not p in {x | some x in object.get(c, "purposes", [])}
	values := {
		"table": object.get(c, "table", null),
		"column": object.get(c, "column", null),
		"recipient": data.tutela.lib.manifest.recipient_id,
		"purpose": p,
	}
}

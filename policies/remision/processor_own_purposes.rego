package tutela.remision

import data.tutela.lib.finding

# METADATA
# title: Processor uses the data for its own purposes
# description: |
#   What it does: flags a manifest to a recipient labelled `encargado` when the manifest says
#   `own_use: true` or the inventory marks the recipient with `own_purposes: true`.
#   Why it matters: whoever processes data for its own purposes is not an encargado (Art. 2
#   fr. XII) but a third party, so the communication is a transfer (Art. 2 fr. XX) with its
#   consent and notice duties; an encargado that does so becomes a responsable (Reg. 53).
# custom:
#   id: REM005
#   name: processor-own-purposes
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "2", fraction: "XII"}
#     - {instrument: LFPDPPP, article: "2", fraction: "XX"}
#     - {instrument: Reglamento LFPDPPP, article: "53"}
#   recommended_action: >-
#     Make the recipient a `tercero` in the inventory and treat the share as a transfer, or
#     limit it to processing on your behalf (`own_use: false`).
#   examples: processor_own_purposes.examples.yaml
#   message:
#     en: >-
#       Recipient "{recipient}" is labelled encargado but uses the data for its own purposes.
#     es: >-
#       El destinatario "{recipient}" está registrado como encargado, pero usa los datos para
#       finalidades propias.
#   translations:
#     es:
#       title: El encargado usa los datos para finalidades propias
#       description: |
#         Qué hace: señala un manifiesto dirigido a un destinatario registrado como `encargado`
#         cuando el manifiesto indica `own_use: true` o el inventario marca al destinatario con
#         `own_purposes: true`.
#         Por qué importa: quien trata datos para finalidades propias no es un encargado (art. 2 fr.
#         XII) sino un tercero, de modo que la comunicación es una transferencia (art. 2 fr. XX) con
#         sus deberes de consentimiento y aviso de privacidad; el encargado que lo hace asume el
#         carácter de responsable (Reg. 53).
#       recommended_action: >-
#         Registre al destinatario como `tercero` en el inventario y trate la comunicación como
#         transferencia, o limítela al tratamiento por su cuenta (`own_use: false`).
deny contains finding.with_values("REM005", {"recipient": data.tutela.lib.manifest.recipient_id}, [key]) if {
	data.tutela.lib.manifest.remision
	some key in ["own_use", "recipient"]
	_own(key)
}

_own("own_use") if input.own_use == true

_own("recipient") if {
	input.recipient.own_purposes == true
	not input.own_use == true
}

package tutela.transfer

import data.tutela.lib.finding

# METADATA
# title: Transfer not declared in the notice
# description: |
#   What it does: flags a transfer whose purpose is not among the purposes the inventory (and
#   so the aviso built from it) declares for that recipient.
#   Why it matters: the aviso must list the transfers and their purposes, and the recipient is
#   bound by what the titular accepted there (Art. 35 ¶2; Reg. 68).
# custom:
#   id: TRF007
#   name: transfer-not-in-notice
#   severity: warning
#   legal_basis:
#     - {instrument: LFPDPPP, article: "35", paragraph: "2"}
#     - {instrument: Reglamento LFPDPPP, article: "68"}
#   recommended_action: >-
#     Add the purpose to the recipient's `purposes` in the inventory (and publish the updated
#     aviso) before sharing, or use a purpose already declared for it.
#   examples: transfer_not_in_notice.examples.yaml
#   message:
#     en: >-
#       Transfer to "{recipient}" for purpose "{purpose}" is not declared in the notice for that
#       recipient.
#     es: >-
#       La transferencia a "{recipient}" para la finalidad "{purpose}" no está declarada en el aviso
#       de privacidad para ese destinatario.
#   translations:
#     es:
#       title: Transferencia no declarada en el aviso de privacidad
#       description: |
#         Qué hace: señala una transferencia cuya finalidad no está entre las que el inventario (y
#         por lo tanto el aviso de privacidad generado a partir de él) declara para ese
#         destinatario.
#         Por qué importa: el aviso de privacidad debe enumerar las transferencias y sus
#         finalidades, y el receptor queda obligado por lo que el titular aceptó en él (art. 35 ¶2;
#         Reg. 68).
#       recommended_action: >-
#         Agregue la finalidad a los `purposes` del destinatario en el inventario (y publique el
#         aviso de privacidad actualizado) antes de compartir, o use una finalidad ya declarada para
#         él.
warn contains finding.with_values("TRF007", values, ["purpose"]) if {
	data.tutela.lib.manifest.transfer
	not input.purpose in {p | some p in object.get(input, ["recipient", "purposes"], [])}
	values := {
		"recipient": data.tutela.lib.manifest.recipient_id,
		"purpose": object.get(input, "purpose", null),
	}
}

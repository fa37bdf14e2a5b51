package tutela.remision

import data.tutela.lib.finding

# METADATA
# title: Processor purpose outside its instructions
# description: |
#   What it does: flags a remisión whose `purpose` or `recipient_purposes` include a purpose the
#   inventory does not list for that encargado (its instructions and contract scope).
#   Why it matters: an encargado may process data only per the responsable's instructions and
#   for no other purpose (Reg. 50 fr. I-II); one that does becomes a responsable (Reg. 53).
# custom:
#   id: REM002
#   name: purpose-outside-contract
#   severity: error
#   legal_basis:
#     - {instrument: Reglamento LFPDPPP, article: "50", fraction: "I"}
#     - {instrument: Reglamento LFPDPPP, article: "53"}
#   recommended_action: >-
#     Share only for a purpose listed for the recipient in the inventory, or extend the contract
#     and the inventory's `purposes` for the recipient first.
#   examples: purpose_outside_contract.examples.yaml
#   message:
#     en: >-
#       Processor "{recipient}" would process data for "{purpose}", outside its contract.
#     es: >-
#       El encargado "{recipient}" trataría datos para "{purpose}", fuera de lo que prevé su
#       contrato.
#   translations:
#     es:
#       title: Finalidad del encargado fuera de sus instrucciones
#       description: |
#         Qué hace: señala una remisión cuyo `purpose` o `recipient_purposes` incluye una finalidad
#         que el inventario no enumera para ese encargado (sus instrucciones y el alcance de su
#         contrato).
#         Por qué importa: un encargado solo puede tratar los datos conforme a las instrucciones del
#         responsable y para ninguna otra finalidad (Reg. 50 fr. I-II); el que lo hace asume el
#         carácter de responsable (Reg. 53).
#       recommended_action: >-
#         Comparta solo para una finalidad enumerada para el destinatario en el inventario, o amplíe
#         primero el contrato y los `purposes` del destinatario en el inventario.
deny contains finding.with_values("REM002", values, [key]) if {
	data.tutela.lib.manifest.remision
	some key in ["purpose", "recipient_purposes"]
	some p in _purposes(key)
	not p in {x | some x in object.get(input, ["recipient", "purposes"], [])}
	values := {"recipient": data.tutela.lib.manifest.recipient_id, "purpose": p}
}

_purposes("purpose") := {input.purpose}

_purposes("recipient_purposes") := {p | some p in input.recipient_purposes; p != input.purpose}

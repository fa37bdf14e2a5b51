package tutela.remision

import data.tutela.lib.finding

# METADATA
# title: Subprocessors not authorised in the contract
# description: |
#   What it does: flags a remisión to an encargado that lists `subprocessors` in the inventory
#   when the contract that covers the manifest has no `subprocessors` clause.
#   Why it matters: subcontracting must be authorised in the contract or beforehand and the
#   subprocessor takes on the encargado's duties (Reg. 54-55).
# custom:
#   id: REM003
#   name: subprocessors-not-authorised
#   severity: warning
#   legal_basis:
#     - {instrument: Reglamento LFPDPPP, article: "54"}
#     - {instrument: Reglamento LFPDPPP, article: "55"}
#   recommended_action: Add the `subprocessors` clause to the contract (and to `contract.clauses`).
#   examples: subprocessors_not_authorised.examples.yaml
#   message:
#     en: >-
#       Processor "{recipient}" uses subprocessors that its contract does not authorise.
#     es: >-
#       El encargado "{recipient}" recurre a subencargados que su contrato no autoriza.
#   translations:
#     es:
#       title: Subencargados no autorizados en el contrato
#       description: |
#         Qué hace: señala una remisión a un encargado que tiene `subprocessors` en el inventario
#         cuando el contrato que ampara el manifiesto no tiene una cláusula `subprocessors`.
#         Por qué importa: la subcontratación debe estar autorizada en el contrato o de manera
#         previa, y el subencargado asume las obligaciones del encargado (Reg. 54-55).
#       recommended_action: >-
#         Agregue la cláusula `subprocessors` al contrato (y a `contract.clauses`).
warn contains finding.with_values("REM003", {"recipient": data.tutela.lib.manifest.recipient_id}, ["contract"]) if {
	data.tutela.lib.manifest.remision
	is_array(input.recipient.subprocessors)
	count(input.recipient.subprocessors) > 0
	not "subprocessors" in data.tutela.lib.manifest.contract_clauses
}

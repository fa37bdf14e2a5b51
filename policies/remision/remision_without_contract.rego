package tutela.remision

import data.tutela.lib.finding

# METADATA
# title: Remisión without contract
# description: |
#   What it does: flags a manifest that sends personal data to an `encargado` when neither the
#   manifest nor the inventory's recipient names a contract `reference`.
#   Why it matters: the relationship with a processor must be formalised in contractual clauses
#   or another instrument that proves its existence, scope and content (Reg. 51); the
#   responsable stays accountable for what the processor does (Art. 13 accountability).
# custom:
#   id: REM001
#   name: remision-without-contract
#   severity: warning
#   legal_basis:
#     - {instrument: Reglamento LFPDPPP, article: "51"}
#     - {instrument: LFPDPPP, article: "13"}
#   recommended_action: >-
#     Sign a processing contract with the encargado and record its `reference` (in the
#     manifest's `contract` or the recipient's `contract` in the inventory).
#   examples: remision_without_contract.examples.yaml
#   message:
#     en: >-
#       Remisión "{manifest}" to processor "{recipient}" has no contract reference.
#     es: >-
#       La remisión "{manifest}" al encargado "{recipient}" no tiene referencia de contrato.
#   translations:
#     es:
#       title: Remisión sin contrato
#       description: |
#         Qué hace: señala un manifiesto que envía datos personales a un `encargado` cuando ni el
#         manifiesto ni el destinatario del inventario indican una `reference` de contrato.
#         Por qué importa: la relación con un encargado debe formalizarse mediante cláusulas
#         contractuales u otro instrumento que acredite su existencia, alcance y contenido (Reg.
#         51); el responsable sigue respondiendo por lo que haga el encargado (responsabilidad, art.
#         13).
#       recommended_action: >-
#         Firme un contrato de prestación de servicios con el encargado y registre su `reference`
#         (en el `contract` del manifiesto o en el `contract` del destinatario en el inventario).
warn contains finding.with_values("REM001", values, ["contract"]) if {
	data.tutela.lib.manifest.remision
	data.tutela.lib.manifest.shares_personal
	not data.tutela.lib.manifest.has(input.contract, "reference")
	values := {
		"manifest": data.tutela.lib.manifest.manifest_id,
		"recipient": data.tutela.lib.manifest.recipient_id,
	}
}

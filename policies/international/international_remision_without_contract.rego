package tutela.international

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "manifest"

# METADATA
# title: Processor abroad without contract or data location
# description: |
#   What it does: flags a remisión of personal data to an `encargado` abroad when no contract
#   covers it or the contract lacks the `data_location` clause.
#   Why it matters: a remisión abroad needs no consent but does need a contract (Reg. 51, 53),
#   and the responsable stays accountable for data held by its processor abroad (Reg. 47).
# custom:
#   id: INT003
#   name: international-remision-without-contract
#   severity: warning
#   legal_basis:
#     - {instrument: Reglamento LFPDPPP, article: "47"}
#     - {instrument: Reglamento LFPDPPP, article: "51"}
#   recommended_action: >-
#     Record the processing contract and include a `data_location` clause naming where the data
#     are kept.
#   examples: international_remision_without_contract.examples.yaml
#   message:
#     en: >-
#       Processor "{recipient}" in {country} has no contract clause on where the data are kept.
#     es: >-
#       El encargado "{recipient}" en {country} no tiene una cláusula contractual sobre dónde se
#       conservan los datos.
#   translations:
#     es:
#       title: Encargado en el extranjero sin contrato ni ubicación de los datos
#       description: |
#         Qué hace: señala una remisión de datos personales a un `encargado` en el extranjero cuando
#         ningún contrato la ampara o el contrato carece de la cláusula `data_location`.
#         Por qué importa: una remisión al extranjero no requiere consentimiento, pero sí un
#         contrato (Reg. 51, 53), y el responsable sigue respondiendo por los datos que su encargado
#         guarda en el extranjero (Reg. 47).
#       recommended_action: >-
#         Registre el contrato de prestación de servicios e incluya una cláusula `data_location` que
#         indique dónde se conservan los datos.
warn contains finding.with_values("INT003", values, ["contract"]) if {
	data.tutela.lib.manifest.remision
	data.tutela.lib.manifest.abroad
	data.tutela.lib.manifest.shares_personal
	not "data_location" in data.tutela.lib.manifest.contract_clauses
	values := {
		"recipient": data.tutela.lib.manifest.recipient_id,
		"country": object.get(input, "country", null),
	}
}

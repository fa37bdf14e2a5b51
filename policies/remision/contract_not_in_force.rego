package tutela.remision

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "manifest"

# METADATA
# title: Contract not in force
# description: |
#   What it does: flags a manifest to an `encargado` whose contract ended (`valid_until` before
#   the run date) or has not started (`valid_from` after it).
#   Why it matters: a processor acts on the responsable's behalf only within a legal
#   relationship that delimits its service (Art. 2 fr. XII; Reg. 49 and 51); without one in
#   force the data have no contractual protection and the "processor" is a third party.
# custom:
#   id: REM006
#   name: contract-not-in-force
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "2", fraction: "XII"}
#     - {instrument: Reglamento LFPDPPP, article: "51"}
#   recommended_action: >-
#     Renew the contract (and update `valid_until`) or stop the remisión; do not send data before
#     `valid_from`.
#   examples: contract_not_in_force.examples.yaml
#   message:
#     ended:
#       en: >-
#          Contract "{reference}" with processor "{recipient}" ended on {date}.
#       es: >-
#          El contrato "{reference}" con el encargado "{recipient}" terminó el {date}.
#     not_started:
#       en: >-
#          Contract "{reference}" with processor "{recipient}" starts only on {date}.
#       es: >-
#          El contrato "{reference}" con el encargado "{recipient}" apenas inicia el {date}.
#   translations:
#     es:
#       title: Contrato no vigente
#       description: |
#         Qué hace: señala un manifiesto dirigido a un `encargado` cuyo contrato terminó
#         (`valid_until` anterior a la fecha de ejecución) o aún no inicia (`valid_from` posterior a
#         ella).
#         Por qué importa: un encargado actúa por cuenta del responsable solo dentro de una relación
#         jurídica que delimita su servicio (art. 2 fr. XII; Reg. 49 y 51); sin una vigente, los
#         datos carecen de protección contractual y el "encargado" es un tercero.
#       recommended_action: >-
#         Renueve el contrato (y actualice `valid_until`) o detenga la remisión; no envíe datos
#         antes de `valid_from`.
deny contains finding.variant("REM006", "ended", values, ["contract"]) if {
	data.tutela.lib.manifest.remision
	data.tutela.lib.manifest.has(input.contract, "valid_until")
	input.contract.valid_until < data.tutela.lib.config.today
	values := {
		"reference": _reference,
		"recipient": data.tutela.lib.manifest.recipient_id,
		"date": input.contract.valid_until,
	}
}

deny contains finding.variant("REM006", "not_started", values, ["contract"]) if {
	data.tutela.lib.manifest.remision
	data.tutela.lib.manifest.has(input.contract, "valid_from")
	input.contract.valid_from > data.tutela.lib.config.today
	values := {
		"reference": _reference,
		"recipient": data.tutela.lib.manifest.recipient_id,
		"date": input.contract.valid_from,
	}
}

default _reference := null

_reference := input.contract.reference if data.tutela.lib.manifest.has(input.contract, "reference")

package tutela.international

import data.tutela.lib.finding

# METADATA
# title: International transfer without binding clauses
# description: |
#   What it does: flags a transfer of identifiable personal data abroad when the contract that
#   covers it lacks the `binding_obligations` clause (or there is no contract).
#   Why it matters: the foreign recipient must assume the transferor's obligations (Art. 35
#   ¶2), through contractual clauses or another instrument that carries them (Reg. 74-75).
# custom:
#   id: INT002
#   name: international-transfer-without-clauses
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "35", paragraph: "2"}
#     - {instrument: Reglamento LFPDPPP, article: "75"}
#   recommended_action: >-
#     Add clauses binding the recipient to your obligations and list `binding_obligations` in
#     `contract.clauses`.
#   examples: international_transfer_without_clauses.examples.yaml
#   message:
#     en: >-
#       Transfer to "{recipient}" in {country} has no clauses binding the recipient to the
#       transferor's obligations.
#     es: >-
#       La transferencia a "{recipient}" en {country} no tiene cláusulas que obliguen al receptor a
#       asumir las obligaciones del transferente.
#   translations:
#     es:
#       title: Transferencia internacional sin cláusulas vinculantes
#       description: |
#         Qué hace: señala una transferencia de datos personales identificables al extranjero cuando
#         el contrato que la ampara carece de la cláusula `binding_obligations` (o no hay contrato).
#         Por qué importa: el receptor extranjero debe asumir las obligaciones del transferente
#         (art. 35 ¶2), mediante cláusulas contractuales u otro instrumento que las contenga (Reg.
#         74-75).
#       recommended_action: >-
#         Agregue cláusulas que obliguen al receptor a asumir sus obligaciones e incluya
#         `binding_obligations` en `contract.clauses`.
deny contains finding.with_values("INT002", values, ["contract"]) if {
	data.tutela.lib.manifest.transfer
	data.tutela.lib.manifest.abroad
	data.tutela.lib.manifest.shares_personal
	not "binding_obligations" in data.tutela.lib.manifest.contract_clauses
	values := {
		"recipient": data.tutela.lib.manifest.recipient_id,
		"country": object.get(input, "country", null),
	}
}

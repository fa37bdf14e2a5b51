package tutela.transfer

import data.tutela.lib.finding

# METADATA
# title: Group exception without common-policies attestation
# description: |
#   What it does: flags a transfer that claims `art36_III` (a company of the same group) with
#   no `legal_basis.group_attestation`.
#   Why it matters: the group exception applies only to companies that operate under the same
#   internal processes and policies (Art. 36 fr. III); binding internal rules are the evidence
#   (Reg. 70).
# custom:
#   id: TRF004
#   name: group-exception-without-attestation
#   severity: warning
#   legal_basis:
#     - {instrument: LFPDPPP, article: "36", fraction: "III"}
#     - {instrument: Reglamento LFPDPPP, article: "70"}
#   recommended_action: >-
#     Reference the group's binding internal rules in `legal_basis.group_attestation`.
#   examples: group_exception_without_attestation.examples.yaml
#   message:
#     en: >-
#       Manifest "{manifest}" claims the group exception (Art. 36 fr. III) without an attestation of
#       common policies.
#     es: >-
#       El manifiesto "{manifest}" invoca la excepción de grupo (art. 36 fr. III) sin constancia de
#       políticas internas comunes.
#   translations:
#     es:
#       title: Excepción de grupo sin constancia de políticas comunes
#       description: |
#         Qué hace: señala una transferencia que invoca `art36_III` (una sociedad del mismo grupo)
#         sin `legal_basis.group_attestation`.
#         Por qué importa: la excepción de grupo solo aplica a sociedades que operan bajo los mismos
#         procesos y políticas internas (art. 36 fr. III); las reglas internas vinculantes son la
#         prueba (Reg. 70).
#       recommended_action: >-
#         Haga referencia a las reglas internas vinculantes del grupo en
#         `legal_basis.group_attestation`.
warn contains finding.with_values("TRF004", values, ["legal_basis"]) if {
	data.tutela.lib.manifest.transfer
	data.tutela.lib.manifest.exception == "art36_III"
	not data.tutela.lib.manifest.has(input.legal_basis, "group_attestation")
	values := {"manifest": data.tutela.lib.manifest.manifest_id}
}

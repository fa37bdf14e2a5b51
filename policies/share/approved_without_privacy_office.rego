package tutela.share

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "manifest"

# METADATA
# title: Share marked approved without the privacy office
# description: |
#   What it does: flags a manifest with `status: approved` whose `approvals` include none by
#   the `privacy_office`. tutela does not treat such a manifest as approved: SQL egress that
#   cites it stays flagged (EGR001).
#   Why it matters: the responsable must be able to show who decided each communication of
#   personal data (Art. 13 accountability; Reg. 69 burden of proof).
# custom:
#   id: SHR009
#   name: approved-without-privacy-office
#   severity: warning
#   legal_basis:
#     - {instrument: LFPDPPP, article: "13"}
#     - {instrument: Reglamento LFPDPPP, article: "69"}
#   recommended_action: >-
#     Add the privacy office's approval to `approvals` (name, role privacy_office, date).
#   examples: approved_without_privacy_office.examples.yaml
#   message:
#     en: >-
#       Manifest "{manifest}" is marked approved without an approval by the privacy office.
#     es: >-
#       El manifiesto "{manifest}" está marcado como aprobado sin una aprobación de la oficina de
#       privacidad.
#   translations:
#     es:
#       title: Intercambio aprobado sin la oficina de privacidad
#       description: |
#         Qué hace: señala un manifiesto con `status: approved` cuyas `approvals` no incluyen
#         ninguna de la `privacy_office`. tutela no trata ese manifiesto como aprobado: la salida de
#         datos en SQL que lo cita sigue señalada (EGR001).
#         Por qué importa: el responsable debe poder demostrar quién decidió cada comunicación de
#         datos personales (responsabilidad, art. 13; carga de la prueba, Reg. 69).
#       recommended_action: >-
#         Agregue la aprobación de la oficina de privacidad a `approvals` (nombre, rol
#         privacy_office, fecha).
warn contains finding.with_values("SHR009", values, ["approvals"]) if {
	data.tutela.lib.manifest.is_manifest
	input.status == "approved"
	not input.approved
	values := {"manifest": data.tutela.lib.manifest.manifest_id}
}

package tutela.share

import data.tutela.lib.finding

# METADATA
# title: Blocked data shared
# description: |
#   What it does: flags a manifest that draws on a table the inventory marks `blocked` (a
#   bloqueo store) for a purpose that is not one of the legal purposes (`data.tutela.lib.config.legal_tags`:
#   defending claims, deletion, ARCO).
#   Why it matters: blocked data may only be kept to determine liabilities until suppression
#   (Art. 2 fr. III; Art. 24); sharing them for anything else is processing after cancellation.
# custom:
#   id: SHR004
#   name: blocked-data-shared
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "2", fraction: "III"}
#     - {instrument: LFPDPPP, article: "24"}
#   recommended_action: >-
#     Do not share blocked data; for litigation use a purpose tagged `legal_defence` and an
#     Art. 36 fr. VI basis.
#   examples: blocked_data_shared.examples.yaml
#   message:
#     en: >-
#       Manifest "{manifest}" shares blocked table {table} for purpose "{purpose}".
#     es: >-
#       El manifiesto "{manifest}" comparte la tabla bloqueada {table} para la finalidad
#       "{purpose}".
#   translations:
#     es:
#       title: Datos bloqueados compartidos
#       description: |
#         Qué hace: señala un manifiesto que toma datos de una tabla que el inventario marca
#         `blocked` (un almacén de bloqueo) para una finalidad que no es una de las finalidades
#         legales (`data.tutela.lib.config.legal_tags`: defensa ante reclamaciones, supresión,
#         ARCO).
#         Por qué importa: los datos bloqueados solo pueden conservarse para determinar
#         responsabilidades hasta su supresión (art. 2 fr. III; art. 24); compartirlos para
#         cualquier otra cosa es tratarlos después de la cancelación.
#       recommended_action: >-
#         No comparta datos bloqueados; para un litigio use una finalidad con etiqueta
#         `legal_defence` y un fundamento del art. 36 fr. VI.
deny contains finding.with_values("SHR004", values, ["tables", i]) if {
	data.tutela.lib.manifest.is_manifest
	some i, t in input.tables
	t.blocked == true
	count(data.tutela.lib.manifest.purpose_tags & data.tutela.lib.config.legal_tags) == 0
	values := {
		"manifest": data.tutela.lib.manifest.manifest_id,
		"table": object.get(t, "table", null),
		"purpose": object.get(input, "purpose", null),
	}
}

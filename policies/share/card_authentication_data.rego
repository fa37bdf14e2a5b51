package tutela.share

import data.tutela.lib.finding

# METADATA
# title: Card authentication data shared
# description: |
#   What it does: flags any CVV/CVC, PIN or track-data column (`pci_cvv`, `pci_pin`,
#   `pci_track`) in what a manifest sends, whatever the transform: masked, hashed or
#   aggregated, it must not leave.
#   Why it matters: sensitive authentication data may not be kept after authorisation, even
#   encrypted (PCI DSS 3.3.1); sending it anywhere makes another copy.
# custom:
#   id: SHR001
#   name: card-authentication-data-shared
#   severity: error
#   legal_basis:
#     - {instrument: PCI DSS, article: "3.3.1"}
#   recommended_action: Remove the column from the share (and from the source table).
#   examples: card_authentication_data.examples.yaml
#   message:
#     en: >-
#       Manifest "{manifest}" sends card authentication data {table}.{column}.
#     es: >-
#       El manifiesto "{manifest}" envía datos de autenticación de la tarjeta {table}.{column}.
#   translations:
#     es:
#       title: Datos de autenticación de tarjeta compartidos
#       description: |
#         Qué hace: señala cualquier columna de CVV/CVC, NIP o datos de banda (`pci_cvv`, `pci_pin`,
#         `pci_track`) en lo que envía un manifiesto, sea cual sea la transformación: enmascarada,
#         con hash o agregada, no debe salir.
#         Por qué importa: los datos sensibles de autenticación no pueden conservarse después de la
#         autorización, ni siquiera cifrados (PCI DSS 3.3.1); enviarlos a cualquier lugar crea otra
#         copia.
#       recommended_action: >-
#         Quite la columna del intercambio (y de la tabla de origen).
deny contains finding.with_values("SHR001", values, ["columns", i]) if {
	data.tutela.lib.manifest.is_manifest
	some i, c in input.columns
	c.category in {"pci_cvv", "pci_pin", "pci_track"}
	values := {
		"manifest": data.tutela.lib.manifest.manifest_id,
		"table": object.get(c, "table", null),
		"column": object.get(c, "column", null),
	}
}

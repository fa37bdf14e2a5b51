package tutela.share

import data.tutela.lib.finding

# METADATA
# title: Card number shared unmasked
# description: |
#   What it does: flags a card number (`pci_pan`) in a share unless a mask from
#   `data.tutela.config.masks` (truncation such as `RIGHT(pan, 4)`, a keyed hash) is applied.
#   A plain hash is not a mask.
#   Why it matters: PAN must be unreadable wherever it is stored (PCI DSS 3.5.1) and copying it
#   out needs explicit authorisation (3.4.2).
# custom:
#   id: SHR002
#   name: pan-shared-unmasked
#   severity: error
#   legal_basis:
#     - {instrument: PCI DSS, article: "3.5.1"}
#     - {instrument: PCI DSS, article: "3.4.2"}
#   recommended_action: >-
#     Send a token or the last four digits (`RIGHT(pan, 4)`) instead of the card number, using a
#     `query:` so tutela can see the mask.
#   examples: pan_unmasked.examples.yaml
#   message:
#     en: >-
#       Manifest "{manifest}" sends card number {table}.{column} unmasked.
#     es: >-
#       El manifiesto "{manifest}" envía el número de tarjeta {table}.{column} sin enmascarar.
#   translations:
#     es:
#       title: Número de tarjeta compartido sin enmascarar
#       description: |
#         Qué hace: señala un número de tarjeta (`pci_pan`) en un intercambio salvo que se le
#         aplique una máscara de `data.tutela.config.masks` (un truncamiento como `RIGHT(pan, 4)`,
#         un hash con llave). Un hash simple no es una máscara.
#         Por qué importa: el PAN debe ser ilegible dondequiera que se almacene (PCI DSS 3.5.1) y
#         copiarlo fuera requiere autorización explícita (3.4.2).
#       recommended_action: >-
#         Envíe un token o los últimos cuatro dígitos (`RIGHT(pan, 4)`) en lugar del número de
#         tarjeta, mediante una `query:` para que tutela vea la máscara.
deny contains finding.with_values("SHR002", values, ["columns", i]) if {
	data.tutela.lib.manifest.is_manifest
	some i, c in input.columns
	c.category == "pci_pan"
	not _masked(c)
	values := {
		"manifest": data.tutela.lib.manifest.manifest_id,
		"table": object.get(c, "table", null),
		"column": object.get(c, "column", null),
	}
}

_masked(c) if {
	some t in c.transforms
	is_string(t)
	lower(t) in data.tutela.lib.config.masks
}

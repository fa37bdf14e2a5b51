package tutela.pci

import data.tutela.lib.finding

# The facts this family judges; the aggregator skips it for the other kinds.
applies_to := "statement"

# METADATA
# title: PAN not masked
# description: |
#   What it does: flags a card number (`pci_pan` column) that reaches any output (a result, a
#   table written, an export) without passing through a masking function: one of
#   `data.tutela.config.masks` (by default right, left, substring, substr, mask,
#   mask_show_last_n, hmac, keyed_hash; the configuration's `[masks] functions` adds names,
#   and with `replace = true` it is the whole list, for a company that forbids `LEFT(pan, 6)`
#   or a reversible `HMAC`).
#   Plain hashes (sha2, md5...) are not masks: an unkeyed hash of a PAN can be reversed by
#   brute force.
#   Why it matters: a PAN shown must be masked to at most the BIN and the last four digits
#   (PCI DSS 3.4.1), and a PAN stored must be unreadable: truncated, tokenized or hashed with
#   a key (3.5.1).
# custom:
#   id: PCI002
#   name: pan-unmasked
#   severity: error
#   legal_basis:
#     - {instrument: PCI DSS, article: "3.4.1", note: "v4.0.1"}
#     - {instrument: PCI DSS, article: "3.5.1", note: "v4.0.1"}
#   recommended_action: >-
#     Output `RIGHT(<pan>, 4)` (or the payment processor's token) instead of the card number,
#     or hash it with a keyed function (HMAC).
#   examples: pan_unmasked.examples.yaml
#   message:
#     result:
#       en: >-
#          Card number {table}.{column} reaches the query result without a mask.
#       es: >-
#          El número de tarjeta {table}.{column} llega al resultado de la consulta sin enmascarar.
#     write:
#       en: >-
#          Card number {table}.{column} reaches table {target} without a mask.
#       es: >-
#          El número de tarjeta {table}.{column} llega a la tabla {target} sin enmascarar.
#     egress:
#       en: >-
#          Card number {table}.{column} reaches destination {target} without a mask.
#       es: >-
#          El número de tarjeta {table}.{column} llega al destino {target} sin enmascarar.
#   translations:
#     es:
#       title: PAN sin enmascarar
#       description: |
#         Qué hace: señala un número de tarjeta (columna `pci_pan`) que llega a cualquier salida (un
#         resultado, una tabla escrita, una exportación) sin pasar por una función de
#         enmascaramiento: una de `data.tutela.config.masks` (por omisión right, left, substring,
#         substr, mask, mask_show_last_n, hmac, keyed_hash; `[masks] functions` en la configuración
#         agrega nombres y, con `replace = true`, es la lista completa, para una empresa que prohíbe
#         `LEFT(pan, 6)` o un `HMAC` reversible).
#         Los hashes simples (sha2, md5...) no son máscaras: un hash sin llave de un PAN puede
#         revertirse por fuerza bruta.
#         Por qué importa: un PAN que se muestra debe enmascararse hasta, como máximo, el BIN y los
#         últimos cuatro dígitos (PCI DSS 3.4.1), y un PAN almacenado debe ser ilegible: truncado,
#         tokenizado o con hash con llave (3.5.1).
#       recommended_action: >-
#         Entregue `RIGHT(<pan>, 4)` (o el token del procesador de pagos) en lugar del número de
#         tarjeta, o aplíquele un hash con llave (HMAC).
deny contains finding.variant("PCI002", _pci002_sink[i], values, ["exposures", i]) if {
	some [t, c] in {[x.t, x.c] | some x in _pci002_hits}
	i := min({x.i | some x in _pci002_hits; x.t == t; x.c == c})
	values := {"table": t, "column": c, "target": _pci002_target[i]}
}

_pci002_hits contains {"t": t, "c": c, "i": i} if {
	data.tutela.lib.statement.is_statement
	some i, e in input.exposures
	e.category == "pci_pan"
	not _masked(e)
	t := data.tutela.lib.statement.lower_or_null(e.table)
	c := data.tutela.lib.statement.lower_or_null(e.column)
}

_masked(e) if {
	some fn in e.transforms
	is_string(fn)
	lower(fn) in data.tutela.lib.config.masks
}

# Where the card number goes: the variant of the message (a table written, a destination, or
# else the query result) and the target it names.
_pci002_sink[i] := e.sink if {
	some i, e in input.exposures
	e.sink in {"write", "egress"}
}

_pci002_sink[i] := "result" if {
	some i, e in input.exposures
	not e.sink in {"write", "egress"}
}

_pci002_target[i] := object.get(e, "target", null) if some i, e in input.exposures

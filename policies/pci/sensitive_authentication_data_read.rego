package tutela.pci

import data.tutela.lib.finding

# METADATA
# title: Sensitive authentication data read
# description: |
#   What it does: flags any use (output, filter, join, grouping...) of a column the inventory
#   classifies `pci_cvv`, `pci_pin` or `pci_track`. Two things are not reads: setting the
#   column to NULL (`UPDATE t SET cvv = NULL`, a written column) and the `cvv IS [NOT] NULL`
#   test of an UPDATE that sets that column to NULL or of a DELETE from its table, because
#   those statements purge the data.
#   Why it matters: card verification codes, PINs and full track data may not be kept after
#   authorization, not even encrypted (PCI DSS 3.3.1, 3.3.1.1-3.3.1.3); a query that reads
#   them keeps them alive and spreads them.
# custom:
#   id: PCI001
#   name: sensitive-authentication-data-read
#   severity: error
#   legal_basis:
#     - {instrument: PCI DSS, article: "3.3.1", note: "v4.0.1"}
#     - {instrument: PCI DSS, article: "3.3.1.1-3.3.1.3", note: "v4.0.1"}
#   recommended_action: >-
#     Stop reading the column and purge it (`UPDATE ... SET <column> = NULL`, then drop it);
#     capture card data so that it never reaches the warehouse.
#   examples: sensitive_authentication_data_read.examples.yaml
#   message:
#     pci_cvv:
#       en: >-
#          Column {table}.{column} holds a card verification code, which may not be retained after
#          authorization.
#       es: >-
#          La columna {table}.{column} contiene un código de verificación de la tarjeta, que no
#          puede conservarse después de la autorización.
#     pci_pin:
#       en: >-
#          Column {table}.{column} holds a PIN, which may not be retained after authorization.
#       es: >-
#          La columna {table}.{column} contiene un NIP, que no puede conservarse después de la
#          autorización.
#     pci_track:
#       en: >-
#          Column {table}.{column} holds full track data, which may not be retained after
#          authorization.
#       es: >-
#          La columna {table}.{column} contiene los datos completos de la banda magnética, que no
#          pueden conservarse después de la autorización.
#   translations:
#     es:
#       title: Lectura de datos sensibles de autenticación
#       description: |
#         Qué hace: señala cualquier uso (salida, filtro, join, agrupación...) de una columna que el
#         inventario clasifica como `pci_cvv`, `pci_pin` o `pci_track`. Dos cosas no son lecturas:
#         poner la columna en NULL (`UPDATE t SET cvv = NULL`, una columna escrita) y la prueba `cvv
#         IS [NOT] NULL` de un UPDATE que pone esa columna en NULL o de un DELETE de su tabla,
#         porque esas sentencias purgan los datos.
#         Por qué importa: los códigos de verificación de la tarjeta, los NIP y los datos completos
#         de la banda no pueden conservarse después de la autorización, ni siquiera cifrados (PCI
#         DSS 3.3.1, 3.3.1.1-3.3.1.3); una consulta que los lee los mantiene vivos y los propaga.
#       recommended_action: >-
#         Deje de leer la columna y púrguela (`UPDATE ... SET <columna> = NULL` y después
#         elimínela); capture los datos de tarjeta de modo que nunca lleguen al almacén de datos.
deny contains finding.variant("PCI001", category, values, data.tutela.lib.statement.first_path(t, c)) if {
	some [t, c, category] in _pci001_columns
	values := {"table": t, "column": c}
}

_sad_name := {
	"pci_cvv": "a card verification code",
	"pci_pin": "a PIN",
	"pci_track": "full track data",
}

_pci001_columns contains [u.table, u.column, u.entry.category] if {
	some u in data.tutela.lib.statement.uses
	_sad_name[u.entry.category]
	not _purge_check(u)
}

# _purge_check: the NULL test of a purge (UPDATE setting the column to NULL, or DELETE).
_purge_check(u) if {
	u.path[0] == "references"
	u.entry.null_check == true
	input.operation == "update"
	some w in input.written_columns
	data.tutela.lib.statement.lower_name(w.table) == u.table
	data.tutela.lib.statement.lower_name(w.column) == u.column
	w.value == "null"
}

_purge_check(u) if {
	u.path[0] == "references"
	u.entry.null_check == true
	input.operation == "delete"
	some w in input.writes
	data.tutela.lib.statement.lower_name(w.table) == u.table
}

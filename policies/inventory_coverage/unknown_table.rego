package tutela.inventory_coverage

import data.tutela.lib.finding

# METADATA
# title: Table not in the inventory
# description: |
#   What it does: warns when a statement reads a table the inventory does not list (CTE names
#   are not tables). The facts name candidate inventory tables when a partial name is ambiguous.
#   Why it matters: the controller answers for all the personal data it processes (Art. 13);
#   tutela cannot judge purpose, consent or retention for a table it does not know, so the
#   other rules stay silent about it.
# custom:
#   id: INV002
#   name: unknown-table
#   severity: warning
#   legal_basis:
#     - {instrument: LFPDPPP, article: "13"}
#   recommended_action: >-
#     Add the table to the inventory's `datasets` (with `category: ninguna` columns if it holds
#     no personal data), or fix the table name.
#   examples: unknown_table.examples.yaml
#   message:
#     en: >-
#       Table {table} is not in the inventory.
#     es: >-
#       La tabla {table} no está en el inventario.
#   translations:
#     es:
#       title: Tabla fuera del inventario
#       description: |
#         Qué hace: advierte cuando una sentencia lee una tabla que el inventario no enumera (los
#         nombres de CTE no son tablas). Los hechos indican las tablas candidatas del inventario
#         cuando un nombre parcial es ambiguo.
#         Por qué importa: el responsable responde por todos los datos personales que trata (art.
#         13); tutela no puede juzgar finalidad, consentimiento ni conservación de una tabla que no
#         conoce, así que las demás reglas no dicen nada sobre ella.
#       recommended_action: >-
#         Agregue la tabla a los `datasets` del inventario (con columnas `category: ninguna` si no
#         contiene datos personales) o corrija el nombre de la tabla.
warn contains finding.with_values("INV002", {"table": t}, data.tutela.lib.statement.first_read(t)) if {
	data.tutela.lib.statement.is_statement
	some r in input.reads
	r.known == false
	t := data.tutela.lib.statement.lower_name(r.table)
}

package tutela.purpose

import data.tutela.lib.finding

# METADATA
# title: Personal data without a purpose
# description: |
#   What it does: flags a statement that uses personal columns but declares no purpose (no
#   `-- tutela: purpose=` pragma, no dbt `meta.purpose`, no `[purposes]` entry in the
#   configuration).
#   Why it matters: every processing of personal data must serve a purpose stated in the aviso
#   (Art. 11; the aviso lists them, Art. 15 fr. III); without one, none of the purpose, consent
#   or retention checks can run.
# custom:
#   id: PUR007
#   name: personal-data-without-purpose
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "11"}
#     - {instrument: LFPDPPP, article: "15", fraction: "III"}
#   recommended_action: >-
#     Declare the purpose with `-- tutela: purpose=<id>` at the top of the file, `meta.purpose`
#     in dbt, or a `[purposes]` glob in the configuration.
#   examples: personal_data_without_purpose.examples.yaml
#   message:
#     en: >-
#       The statement uses personal column {table}.{column} but declares no purpose.
#     es: >-
#       La sentencia usa la columna personal {table}.{column}, pero no declara ninguna finalidad.
#   translations:
#     es:
#       title: Datos personales sin finalidad
#       description: |
#         Qué hace: señala una sentencia que usa columnas personales pero no declara ninguna
#         finalidad (sin pragma `-- tutela: purpose=`, sin `meta.purpose` de dbt, sin entrada en
#         `[purposes]` de la configuración).
#         Por qué importa: todo tratamiento de datos personales debe servir a una finalidad
#         informada en el aviso de privacidad (art. 11; el aviso las enumera, art. 15 fr. III); sin
#         ella no puede correr ninguna verificación de finalidad, consentimiento ni conservación.
#       recommended_action: >-
#         Declare la finalidad con `-- tutela: purpose=<id>` al inicio del archivo, con
#         `meta.purpose` en dbt o con un patrón en `[purposes]` de la configuración.
deny contains finding.with_values("PUR007", values, data.tutela.lib.statement.first_path(u.table, u.column)) if {
	data.tutela.lib.statement.is_statement
	not input.audit # an executed query from a warehouse history is AUD001's
	not is_string(input.purpose)
	u := [x | some x in data.tutela.lib.statement.uses; data.tutela.lib.statement.personal(x.entry)][0]
	values := {"table": u.table, "column": u.column}
}

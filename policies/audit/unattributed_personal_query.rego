package tutela.audit

import data.tutela.lib.finding
import data.tutela.lib.statement

# METADATA
# title: Executed query on personal data with no attributed purpose
# description: |
#   What it does: flags a query from the warehouse's query history (`tutela audit`) that uses
#   personal columns while neither a `-- tutela: purpose=` pragma in its text nor any
#   `[audit.purposes]` glob (query tag, application, service account, user, role, warehouse)
#   gives it a purpose.
#   Why it matters: every processing of personal data must serve a purpose stated in the aviso
#   (Art. 11), and the responsable must be able to show it (Art. 13); a query that ran with no
#   known purpose is processing nobody can account for. The purpose, consent and retention
#   checks also need the purpose to run.
# custom:
#   id: AUD001
#   name: unattributed-personal-data-query
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "11"}
#     - {instrument: LFPDPPP, article: "13"}
#   recommended_action: >-
#     Map who ran it to a purpose with an `[audit.purposes]` glob in tutela.toml (by role, user,
#     service account, warehouse, query tag or application), or tag the job with
#     `-- tutela: purpose=<id>`; if nobody can name the purpose, stop the query.
#   examples: unattributed_personal_query.examples.yaml
#   message:
#     en: >-
#       The executed query uses personal column {table}.{column} and no purpose is attributed to it.
#     es: >-
#       La consulta ejecutada usa la columna personal {table}.{column} y no tiene ninguna finalidad
#       atribuida.
#   translations:
#     es:
#       title: Consulta ejecutada sobre datos personales sin finalidad atribuida
#       description: |
#         Qué hace: señala una consulta del historial de consultas del almacén de datos (`tutela
#         audit`) que usa columnas personales sin que un pragma `-- tutela: purpose=` en su texto ni
#         ningún patrón de `[audit.purposes]` (etiqueta de consulta, aplicación, cuenta de servicio,
#         usuario, rol, warehouse) le atribuya una finalidad.
#         Por qué importa: todo tratamiento de datos personales debe servir a una finalidad
#         informada en el aviso de privacidad (art. 11), y el responsable debe poder demostrarlo
#         (art. 13); una consulta que corrió sin finalidad conocida es un tratamiento del que nadie
#         puede dar cuenta. Las verificaciones de finalidad, consentimiento y conservación también
#         necesitan la finalidad para ejecutarse.
#       recommended_action: >-
#         Asigne una finalidad a quien la ejecutó con un patrón de `[audit.purposes]` en tutela.toml
#         (por rol, usuario, cuenta de servicio, warehouse, etiqueta de consulta o aplicación), o
#         etiquete el proceso con `-- tutela: purpose=<id>`; si nadie puede nombrar la finalidad,
#         detenga la consulta.
deny contains finding.with_values("AUD001", values, statement.first_path(u.table, u.column)) if {
	statement.is_statement
	input.audit
	not is_string(input.purpose)
	u := [x | some x in statement.uses; statement.personal(x.entry)][0]
	values := {"table": u.table, "column": u.column}
}

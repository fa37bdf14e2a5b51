package tutela.analysis

import data.tutela.lib.finding

# METADATA
# title: Statement not analysed
# description: |
#   What it does: flags a statement tutela could not analyse (it does not tokenize or parse in
#   the dialect, or it exceeds the size and nesting limits); the message carries the reason.
#   Why it matters: a statement nobody could read may do anything with personal data, so the
#   gate fails closed instead of passing it. This is a tool requirement that serves the
#   controller's accountability (Art. 13).
# custom:
#   id: SQL001
#   name: statement-not-analysed
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "13", note: "tool requirement: the gate fails closed"}
#   recommended_action: >-
#     Fix the syntax, set the right dialect (`-- tutela: dialect=<name>` or `[dialects]` in the
#     configuration), or split the statement; if it truly cannot be parsed, suppress the finding
#     with a written reason.
#   examples: statement_not_analysed.examples.yaml
#   message:
#     en: >-
#       The statement could not be analysed: {reason}
#     es: >-
#       No se pudo analizar la sentencia: {reason}
#   translations:
#     es:
#       title: Sentencia no analizada
#       description: |
#         Qué hace: señala una sentencia que tutela no pudo analizar (no se tokeniza ni se
#         interpreta en el dialecto, o rebasa los límites de tamaño y anidamiento); el mensaje
#         indica el motivo.
#         Por qué importa: una sentencia que nadie pudo leer puede hacer cualquier cosa con datos
#         personales, así que la verificación falla en modo cerrado en lugar de dejarla pasar. Es un
#         requisito de la herramienta al servicio de la responsabilidad del responsable (art. 13).
#       recommended_action: >-
#         Corrija la sintaxis, indique el dialecto correcto (`-- tutela: dialect=<nombre>` o
#         `[dialects]` en la configuración) o divida la sentencia; si de verdad no puede
#         interpretarse, suprima el hallazgo con un motivo por escrito.
deny contains finding.with_values("SQL001", {"reason": _sql001_reason}, ["error"]) if {
	data.tutela.lib.statement.is_statement
	input.parsed == false
}

_sql001_reason := input.error.message if is_string(input.error.message)

_sql001_reason := null if not is_string(input.error.message)

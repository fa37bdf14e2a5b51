package tutela.retention

import data.tutela.lib.finding

# METADATA
# title: Read beyond the retention period
# description: |
#   What it does: warns when a statement's own time predicates reach rows older than the
#   retention period of a personal table whose columns reach an output, for a purpose not
#   tagged `legal_defence`, `deletion` or `arco`. The cutoff is the run date (`--today`) minus
#   the table's `retention.period`, counted by the calendar for periods in years and months
#   (`P5Y` is the same day five years back, as `DATEADD(year, -5, CURRENT_DATE)` is). A
#   predicate on the table's retention `timestamp` reaches old rows when it is a lower bound
#   older than the cutoff (`fecha >= CURRENT_DATE - INTERVAL '7 years'` on a 5-year table:
#   the window is partly before the cutoff), an upper bound at or before it
#   (`fecha < DATEADD(year, -6, CURRENT_DATE)`: wholly before), an equality with a date
#   before it, or a `BETWEEN` whose low end is before it. Every dialect's date arithmetic
#   counts (`DATEADD`, `DATE_SUB`, `INTERVAL`, `ADD_MONTHS`, `current_date - 30`, date
#   literals), also inside an `OR`; a restricting lower bound within the period
#   (`AND fecha >= CURRENT_DATE - 365`) keeps the window inside it and clears the statement.
#
#   Does not fire: a statement with no time predicate (the retention jobs remove rows past
#   the period, and such a query asks for nothing old; RET004, opt-in, reports those), a
#   window inside the period, a bound tutela cannot evaluate (`fecha >= :desde`), a
#   predicate on another column, `<marker column> IS NULL` on a table that marks blocked rows,
#   deletes and purges (they expose nothing), purposes that exist to delete or anonymise
#   (`deletion`) or to answer ARCO requests or defend legal claims (`arco`, `legal_defence`),
#   and tables under bloqueo (RET003's concern). Whether the inventory declares `blocking`
#   does not matter.
#
#   Bad (a 72-month table): `SELECT telefono FROM cobranza.cartera WHERE fecha_incumplimiento
#   >= DATEADD(year, -7, CURRENT_DATE)`. Good: `… WHERE fecha_incumplimiento >=
#   DATEADD(month, -72, CURRENT_DATE)`, or no time predicate at all.
#
#   Why it matters: once the conservation period ends the data must be suppressed (Art. 10
#   ¶2) and may only be processed as far as the purpose needs (Art. 12); a query that asks
#   for older rows uses data that should no longer be processed, for example delinquency data
#   past 72 months (Art. 10 ¶3).
# custom:
#   id: RET002
#   name: read-beyond-retention
#   severity: warning
#   legal_basis:
#     - {instrument: LFPDPPP, article: "10", paragraph: "2"}
#     - {instrument: LFPDPPP, article: "12"}
#   recommended_action: >-
#     Narrow the time predicate to the retention period (`<timestamp> >= DATEADD(day,
#     -<retention days>, CURRENT_DATE)` or a later date), or run the statement under a purpose
#     tagged legal_defence, deletion or arco if that is what it serves.
#   examples: read_beyond_retention.examples.yaml
#   message:
#     en: >-
#       Table {table} is read with {column} {op} {bound}, which reaches rows older than its
#       retention period ({period}: before {cutoff}).
#     es: >-
#       La tabla {table} se lee con {column} {op} {bound}, que alcanza filas más antiguas que su
#       plazo de conservación ({period}: anteriores al {cutoff}).
#   translations:
#     es:
#       title: Lectura más allá del plazo de conservación
#       description: |
#         Qué hace: advierte cuando los predicados de tiempo de una sentencia alcanzan filas más
#         antiguas que el plazo de conservación de una tabla con datos personales cuyas columnas
#         llegan a una salida, para una finalidad sin etiqueta `legal_defence`, `deletion` o `arco`.
#         La fecha de corte es la fecha de ejecución (`--today`) menos el `retention.period` de la
#         tabla, contado por calendario para los plazos en años y meses (`P5Y` es el mismo día cinco
#         años atrás, como `DATEADD(year, -5, CURRENT_DATE)`). Un predicado sobre el `timestamp` de
#         conservación de la tabla alcanza filas antiguas cuando es un límite inferior anterior a la
#         fecha de corte (`fecha >= CURRENT_DATE - INTERVAL '7 years'` en una tabla de 5 años: la
#         ventana queda en parte antes del corte), un límite superior igual o anterior a ella
#         (`fecha < DATEADD(year, -6, CURRENT_DATE)`: toda antes), una igualdad con una fecha
#         anterior, o un `BETWEEN` cuyo extremo inferior es anterior. Cuenta la aritmética de fechas
#         de todos los dialectos (`DATEADD`, `DATE_SUB`, `INTERVAL`, `ADD_MONTHS`, `current_date -
#         30`, literales de fecha), también dentro de un `OR`; un límite inferior restrictivo dentro
#         del plazo (`AND fecha >= CURRENT_DATE - 365`) mantiene la ventana dentro de él y deja la
#         sentencia en regla.
#         No se activa: con una sentencia sin predicado de tiempo (los procesos de conservación
#         eliminan las filas que rebasan el plazo, y esa consulta no pide nada antiguo; RET004,
#         opcional, las reporta), con una ventana dentro del plazo, con un límite que tutela no
#         puede evaluar (`fecha >= :desde`), con un predicado sobre otra columna, con `<columna
#         marcadora> IS NULL` en una tabla que marca las filas bloqueadas, en eliminaciones y purgas
#         (no exponen nada), en finalidades que existen para suprimir o anonimizar (`deletion`) o
#         para atender solicitudes ARCO o defenderse ante reclamaciones (`arco`, `legal_defence`),
#         ni en tablas en bloqueo (asunto de RET003). No importa si el inventario declara
#         `blocking`.
#         Incorrecto (tabla de 72 meses): `SELECT telefono FROM cobranza.cartera WHERE
#         fecha_incumplimiento >= DATEADD(year, -7, CURRENT_DATE)`. Correcto: `… WHERE
#         fecha_incumplimiento >= DATEADD(month, -72, CURRENT_DATE)`, o sin predicado de tiempo.
#         Por qué importa: al terminar el plazo de conservación los datos deben suprimirse (art. 10
#         ¶2) y solo pueden tratarse en la medida que la finalidad lo requiera (art. 12); una
#         consulta que pide filas más antiguas usa datos que ya no deberían tratarse, por ejemplo
#         datos de morosidad con más de 72 meses (art. 10 ¶3).
#       recommended_action: >-
#         Acote el predicado de tiempo al plazo de conservación (`<timestamp> >= DATEADD(day, -<días
#         de conservación>, CURRENT_DATE)` o una fecha posterior), o ejecute la sentencia con una
#         finalidad etiquetada legal_defence, deletion o arco si es a lo que sirve.
warn contains finding.with_values("RET002", values, ["time_filters", i]) if {
	some t in _ret002_tables
	ds := data.tutela.lib.statement.table(t)
	period := ds.retention.period
	cutoff := _cutoff_ns(period)
	i := min({j |
		some j, f in input.time_filters
		_on_timestamp(f, t)
		_reaches_old(f, cutoff)
	})
	not _window_within(t, cutoff)
	not _unmarked_only(t, ds)
	f := input.time_filters[i]
	values := {
		"table": t,
		"column": data.tutela.lib.statement.lower_or_null(f.column),
		"op": f.op,
		"bound": _bound_text(f.bound),
		"period": object.get(period, "iso", null),
		"cutoff": _date(cutoff),
	}
}

# The personal tables whose columns reach an output, judged once the statement's purpose is
# not a legal one and the table is not a bloqueo store.
_ret002_tables contains t if {
	data.tutela.lib.statement.is_statement
	not data.tutela.lib.statement.declared_legal
	some e in input.exposures
	is_string(e.table)
	t := lower(e.table)
	some r in input.reads
	is_string(r.table)
	lower(r.table) == t
	r.personal == true
	ds := data.tutela.lib.statement.table(t)
	is_object(ds.retention.period)
	not ds.blocked == true
}

_on_timestamp(f, t) if {
	is_string(f.table)
	lower(f.table) == t
	f.retention_timestamp == true
}

# _reaches_old: the predicate selects rows older than the cutoff.
_reaches_old(f, cutoff) if {
	f.op in {">", ">="}
	_bound_ns(f.bound) < cutoff
}

_reaches_old(f, cutoff) if {
	f.op == "="
	_bound_ns(f.bound) < cutoff
}

_reaches_old(f, cutoff) if {
	f.op in {"<", "<="}
	_bound_ns(f.bound) <= cutoff
}

# _window_within: a restricting lower bound (or equality) inside the period keeps every
# output row newer than the cutoff, whatever else the statement says.
_window_within(t, cutoff) if {
	some f in input.time_filters
	_on_timestamp(f, t)
	f.restricts == true
	f.op in {">", ">=", "="}
	_bound_ns(f.bound) >= cutoff
}

_day_ns := ((24 * 3600) * 1000000000)

# The cutoff: today minus the period, by the calendar when the period is years and months.
_cutoff_ns(period) := time.add_date(data.tutela.lib.config.today_ns, 0, 0 - period.months, 0) if {
	is_number(period.months)
}

_cutoff_ns(period) := data.tutela.lib.config.today_ns - (period.days * _day_ns) if {
	not is_number(period.months)
	is_number(period.days)
}

_bound_ns(bound) := time.add_date(data.tutela.lib.config.today_ns, 0, 0 - bound.months, 0) if {
	bound.kind == "relative"
	is_number(bound.months)
}

_bound_ns(bound) := data.tutela.lib.config.today_ns - (bound.days * _day_ns) if {
	bound.kind == "relative"
	not is_number(bound.months)
	is_number(bound.days)
}

_bound_ns(bound) := time.parse_ns("2006-01-02", substring(bound.date, 0, 10)) if {
	bound.kind == "absolute"
	is_string(bound.date)
}

_bound_text(bound) := bound.expr if is_string(bound.expr)

_bound_text(bound) := sprintf("CURRENT_DATE - %d", [bound.days]) if {
	not is_string(bound.expr)
	bound.kind == "relative"
	is_number(bound.days)
}

_bound_text(bound) := bound.date if {
	not is_string(bound.expr)
	bound.kind == "absolute"
}

_date(ns) := substring(time.format(ns), 0, 10)

# _unmarked_only: `<marker> IS NULL` in the WHERE clause keeps only rows that are not blocked,
# which is where rows past the period go in a table that marks them. `<marker> IS NOT NULL`
# keeps exactly the blocked ones, so it does not count. Hand-written facts without
# `null_test` are read the old way (any null test).
_unmarked_only(t, ds) if {
	some r in input.references
	is_string(r.table)
	is_string(r.column)
	lower(r.table) == t
	lower(r.column) == lower(ds.blocking.marker_column)
	r.clause == "where"
	r.null_check == true
	_keeps_unmarked(r)
}

_keeps_unmarked(r) if r.null_test == "is_null"

_keeps_unmarked(r) if not r.null_test

# METADATA
# title: Personal table read without a time window
# description: |
#   What it does: an informational, opt-in check (off by default; enable it with
#   `select = ["ALL", "RET004"]` in the configuration or `--select ALL,RET004`). It reports a
#   statement whose output carries columns of a personal table with a retention period and
#   that restricts the table's retention `timestamp` with no lower bound tutela can evaluate,
#   for a purpose not tagged `legal_defence`, `deletion` or `arco`. Such a statement is not a
#   violation: the retention jobs remove rows past the period (RET002 judges the predicates a
#   statement does write). Teams that want every read of a personal table bounded in time use
#   it to find the ones that are not.
#
#   Does not fire: a restricting lower bound on the timestamp (`fecha >= CURRENT_DATE - 90`),
#   a table that marks blocked rows filtered with `<marker> IS NULL`, bloqueo stores, deletes.
#
#   Bad: `SELECT telefono FROM cobranza.cartera WHERE saldo > 0`. Good: `… AND
#   fecha_incumplimiento >= DATEADD(month, -72, CURRENT_DATE)`.
#
#   Why it matters: a bounded read documents that the statement processes only data within
#   its period (Art. 10 ¶2; Art. 12), which is easier to show an auditor than the retention
#   jobs' schedule.
# custom:
#   id: RET004
#   name: read-without-time-window
#   severity: info
#   opt_in: true
#   legal_basis:
#     - {instrument: LFPDPPP, article: "10", paragraph: "2"}
#     - {instrument: LFPDPPP, article: "12"}
#   recommended_action: >-
#     Add `AND <timestamp> >= DATEADD(day, -<retention days>, CURRENT_DATE)` (or a narrower
#     window), or leave it to the retention jobs and keep this rule off.
#   examples: read_without_time_window.examples.yaml
#   message:
#     en: >-
#       Table {table} is read with no lower bound on its retention timestamp {timestamp}.
#     es: >-
#       La tabla {table} se lee sin un límite inferior sobre su marca de tiempo de conservación
#       {timestamp}.
#   translations:
#     es:
#       title: Tabla con datos personales leída sin ventana de tiempo
#       description: |
#         Qué hace: una verificación informativa y opcional (desactivada por omisión; actívela con
#         `select = ["ALL", "RET004"]` en la configuración o con `--select ALL,RET004`). Reporta una
#         sentencia cuya salida lleva columnas de una tabla con datos personales y plazo de
#         conservación y que no restringe el `timestamp` de conservación de la tabla con un límite
#         inferior que tutela pueda evaluar, para una finalidad sin etiqueta `legal_defence`,
#         `deletion` o `arco`. Esa sentencia no es una infracción: los procesos de conservación
#         eliminan las filas que rebasan el plazo (RET002 juzga los predicados que una sentencia sí
#         escribe). Los equipos que quieren acotar en el tiempo toda lectura de una tabla con datos
#         personales la usan para encontrar las que no lo están.
#         No se activa: con un límite inferior restrictivo sobre el timestamp (`fecha >=
#         CURRENT_DATE - 90`), en una tabla que marca las filas bloqueadas filtrada con `<marcador>
#         IS NULL`, en almacenes de bloqueo ni en eliminaciones.
#         Incorrecto: `SELECT telefono FROM cobranza.cartera WHERE saldo > 0`. Correcto: `… AND
#         fecha_incumplimiento >= DATEADD(month, -72, CURRENT_DATE)`.
#         Por qué importa: una lectura acotada documenta que la sentencia trata solo datos dentro de
#         su plazo (art. 10 ¶2; art. 12), lo que es más fácil de demostrar a un auditor que el
#         calendario de los procesos de conservación.
#       recommended_action: >-
#         Agregue `AND <timestamp> >= DATEADD(day, -<días de conservación>, CURRENT_DATE)` (o una
#         ventana más estrecha), o déjelo a los procesos de conservación y mantenga esta regla
#         desactivada.
warn contains finding.with_values("RET004", values, data.tutela.lib.statement.first_exposure(t)) if {
	some t in _ret002_tables
	ds := data.tutela.lib.statement.table(t)
	not _bounded_below(t)
	not _unmarked_only(t, ds)
	values := {"table": t, "timestamp": _timestamp_name(ds)}
}

_bounded_below(t) if {
	some f in input.time_filters
	_on_timestamp(f, t)
	f.restricts == true
	f.op in {">", ">=", "="}
	f.bound.kind in {"relative", "absolute"}
}

_timestamp_name(ds) := ds.timestamp if is_string(ds.timestamp)

_timestamp_name(ds) := null if not is_string(ds.timestamp)

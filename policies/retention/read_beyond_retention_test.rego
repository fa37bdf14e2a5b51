package tutela.retention_test

import data.tutela.lib.fixtures_test.inventory as inv

# dwh.cobranza.cartera keeps rows 72 months (P72M) from fecha_incumplimiento; the run date is
# 2026-11-28, so the cutoff is 2020-11-28.
_ret002_fact(pid, filters) := {
	"kind": "statement", "purpose": pid,
	"reads": [{"table": "dwh.cobranza.cartera", "known": true, "personal": true}],
	"exposures": [{"table": "dwh.cobranza.cartera", "column": "telefono", "category": "contacto", "sink": "result"}],
	"time_filters": filters,
}

_tf(column, op, bound, restricts) := {
	"table": "dwh.cobranza.cartera", "column": column, "retention_timestamp": column == "fecha_incumplimiento",
	"op": op, "bound": bound, "clause": "where", "restricts": restricts,
}

_rel(days) := {"kind": "relative", "days": days, "months": null, "date": null, "expr": sprintf("CURRENT_DATE - %d", [days])}

_months(n) := {"kind": "relative", "days": n * 30, "months": n, "date": null, "expr": sprintf("ADD_MONTHS(CURRENT_DATE, -%d)", [n])}

_abs(date) := {"kind": "absolute", "days": null, "months": null, "date": date, "expr": sprintf("'%s'", [date])}

_ret002(filters) := {f | some f in data.tutela.retention.warn with input as _ret002_fact("cobranza", filters)
	with data.tutela.inventory as inv
	with data.tutela.config.today as "2026-11-28"
	f.id == "RET002"}

test_warn_lower_bound_older_than_cutoff if {
	found := _ret002([_tf("fecha_incumplimiento", ">=", _months(84), true)])
	found == {{
		"id": "RET002", "path": ["time_filters", 0],
		"values": {
			"table": "dwh.cobranza.cartera", "column": "fecha_incumplimiento", "op": ">=",
			"bound": "ADD_MONTHS(CURRENT_DATE, -84)", "period": "P72M", "cutoff": "2020-11-28",
		},
	}}
}

test_warn_each_way_of_reaching_old_rows if {
	every filters in [
		[_tf("fecha_incumplimiento", ">", _rel(2555), true)], # lower bound 7 years back
		[_tf("fecha_incumplimiento", "<", _months(78), true)], # wholly before the cutoff
		[_tf("fecha_incumplimiento", "<=", _months(72), true)], # up to the cutoff itself
		[_tf("fecha_incumplimiento", "=", _abs("2019-03-01"), true)], # one old day
		[_tf("fecha_incumplimiento", ">=", _abs("2020-01-01"), true)], # literal before the cutoff
		[ # BETWEEN partly before the cutoff
			_tf("fecha_incumplimiento", ">=", _abs("2020-01-01"), true),
			_tf("fecha_incumplimiento", "<=", _abs("2021-12-31"), true),
		],
		[ # BETWEEN wholly before it
			_tf("fecha_incumplimiento", ">=", _abs("2015-01-01"), true),
			_tf("fecha_incumplimiento", "<=", _abs("2016-12-31"), true),
		],
		[_tf("fecha_incumplimiento", ">=", _rel(3000), false)], # inside an OR: still asks for them
	] {
		count(_ret002(filters)) == 1
	}
}

test_allow_no_time_predicate if {
	# The retention jobs remove rows past the period; RET004 (opt-in) reports these.
	count(_ret002([])) == 0
}

test_allow_windows_inside_the_period if {
	every filters in [
		[_tf("fecha_incumplimiento", ">=", _months(72), true)], # exactly the period, by the calendar
		[_tf("fecha_incumplimiento", ">=", _rel(2160), true)], # 72 months counted as days
		[_tf("fecha_incumplimiento", ">", _abs("2025-01-01"), true)],
		[_tf("fecha_incumplimiento", "<", _rel(30), true)], # upper bound after the cutoff only
		[_tf("fecha_incumplimiento", ">=", {"kind": "unknown", "days": null, "months": null, "date": null, "expr": ":desde"}, true)],
		[_tf("saldo", ">=", _rel(4000), true)], # not the retention timestamp
		[ # an old disjunct, but a restricting bound inside the period
			_tf("fecha_incumplimiento", ">=", _rel(3000), false),
			_tf("fecha_incumplimiento", ">=", _rel(365), true),
		],
	] {
		count(_ret002(filters)) == 0
	}
}

test_calendar_years_equal_months if {
	# DATEADD(year, -6, …) is 72 months back: the period exactly, not 2190 > 2160 days.
	six_years := {"kind": "relative", "days": 2190, "months": 72, "date": null, "expr": "DATEADD(year, -6, CURRENT_DATE)"}
	count(_ret002([_tf("fecha_incumplimiento", ">=", six_years, true)])) == 0
}

test_allow_legal_purposes if {
	every pid in ["defensa_legal", "arco"] {
		found := data.tutela.retention.warn with input as _ret002_fact(pid, [_tf("fecha_incumplimiento", ">=", _rel(4000), true)])
			with data.tutela.inventory as inv
			with data.tutela.config.today as "2026-11-28"
		not "RET002" in {f.id | some f in found}
	}
}

test_allow_nothing_exposed if {
	fact := object.remove(_ret002_fact("cobranza", [_tf("fecha_incumplimiento", ">=", _rel(4000), true)]), ["exposures"])
	found := data.tutela.retention.warn with input as fact with data.tutela.inventory as inv
		with data.tutela.config.today as "2026-11-28"
	count(found) == 0
}

# dwh.rh.incapacidades: P5Y from fecha_fin, blocked rows marked in fecha_bloqueo.
_incap_fact(references, filters) := {
	"kind": "statement", "purpose": "rh_salud",
	"reads": [{"table": "dwh.rh.incapacidades", "known": true, "personal": true}],
	"exposures": [{"table": "dwh.rh.incapacidades", "column": "diagnostico", "category": "sensible", "sink": "result"}],
	"references": references,
	"time_filters": filters,
}

_old_fin := [{
	"table": "dwh.rh.incapacidades", "column": "fecha_fin", "retention_timestamp": true,
	"op": ">=", "bound": _months(84), "clause": "where", "restricts": true,
}]

test_warn_marker_table_old_window_without_marker_filter if {
	other := {"table": "dwh.rh.incapacidades", "column": "fecha_alta", "clause": "where", "null_check": true}
	found := data.tutela.retention.warn with input as _incap_fact([other], _old_fin) with data.tutela.inventory as inv
		with data.tutela.config.today as "2026-11-28"
	{f.id | some f in found} == {"RET002"}
}

test_allow_marker_is_null if {
	marker := {"table": "dwh.rh.incapacidades", "column": "fecha_bloqueo", "clause": "where", "null_check": true, "null_test": "is_null"}
	found := data.tutela.retention.warn with input as _incap_fact([marker], _old_fin) with data.tutela.inventory as inv
		with data.tutela.config.today as "2026-11-28"
	count(found) == 0
}

test_warn_marker_is_not_null_keeps_blocked_rows if {
	marker := {"table": "dwh.rh.incapacidades", "column": "fecha_bloqueo", "clause": "where", "null_check": true, "null_test": "is_not_null"}
	found := data.tutela.retention.warn with input as _incap_fact([marker], _old_fin) with data.tutela.inventory as inv
		with data.tutela.config.today as "2026-11-28"
	"RET002" in {f.id | some f in found}
}

test_warn_regardless_of_blocking_model if {
	# dwh.crm.clientes moves blocked rows to a store; the statement still asks for old rows.
	fact := {
		"kind": "statement", "purpose": "atencion",
		"reads": [{"table": "dwh.crm.clientes", "known": true, "personal": true}],
		"exposures": [{"table": "dwh.crm.clientes", "column": "nombre", "category": "identificacion", "sink": "result"}],
		"time_filters": [{
			"table": "dwh.crm.clientes", "column": "fecha_alta", "retention_timestamp": true,
			"op": "<", "bound": _abs("1990-01-01"), "clause": "where", "restricts": true,
		}],
	}
	found := data.tutela.retention.warn with input as fact with data.tutela.inventory as inv
		with data.tutela.config.today as "2026-11-28"
	"RET002" in {f.id | some f in found}
}

# RET004 is opt-in (Python drops it unless selected); the Rego rule itself always evaluates.
test_info_no_lower_bound if {
	found := data.tutela.retention.warn with input as _ret002_fact("cobranza", [_tf("fecha_incumplimiento", "<", _rel(30), true)])
		with data.tutela.inventory as inv
		with data.tutela.config.today as "2026-11-28"
	found == {{
		"id": "RET004", "path": ["exposures", 0],
		"values": {"table": "dwh.cobranza.cartera", "timestamp": "fecha_incumplimiento"},
	}}
}

test_no_info_with_a_lower_bound if {
	found := data.tutela.retention.warn with input as _ret002_fact("cobranza", [_tf("fecha_incumplimiento", ">=", _rel(90), true)])
		with data.tutela.inventory as inv
		with data.tutela.config.today as "2026-11-28"
	count(found) == 0
}

package tutela.purpose_test

import data.tutela.lib.fixtures_test.inventory as inv

_pur002_fact(pid, exposures, references) := {
	"kind": "statement", "purpose": pid,
	"exposures": exposures, "references": references,
}

_cartera_nombre := {"table": "dwh.cobranza.cartera", "column": "nombre", "category": "identificacion", "sink": "result"}

test_deny_column_of_table_outside_purpose if {
	fact := _pur002_fact("mercadotecnia", [_cartera_nombre], [])
	found := data.tutela.purpose.deny with input as fact with data.tutela.inventory as inv
	some f in found
	f.id == "PUR002"
	f.path == ["exposures", 0]
	f.values == {"table": "dwh.cobranza.cartera", "column": "nombre", "purpose": "mercadotecnia"}
}

test_deny_where_reference_once_per_column if {
	ref := {"table": "dwh.cobranza.cartera", "column": "saldo", "category": "patrimonial", "clause": "where"}
	fact := _pur002_fact("mercadotecnia", [], [ref, ref])
	found := data.tutela.purpose.deny with input as fact with data.tutela.inventory as inv
	[f.path | some f in found; f.id == "PUR002"] == [["references", 0]]
}

test_deny_column_narrower_than_table if {
	seg := {"table": "dwh.crm.clientes", "column": "segmento", "category": "patrimonial", "sink": "result"}
	found := data.tutela.purpose.deny with input as _pur002_fact("atencion", [seg], [])
		with data.tutela.inventory as inv
	"PUR002" in {f.id | some f in found}
}

test_allow_arco_reads_every_column if {
	seg := {"table": "dwh.crm.clientes", "column": "segmento", "category": "patrimonial", "sink": "result"}
	found := data.tutela.purpose.deny with input as _pur002_fact("arco", [seg], [])
		with data.tutela.inventory as inv
	not "PUR002" in {f.id | some f in found}
}

test_allow_column_within_purpose if {
	found := data.tutela.purpose.deny with input as _pur002_fact("cobranza", [_cartera_nombre], [])
		with data.tutela.inventory as inv
	not "PUR002" in {f.id | some f in found}
}

test_allow_join_reference_and_non_personal if {
	join := {"table": "dwh.cobranza.cartera", "column": "id_deudor", "category": "clave", "clause": "join"}
	none := {"table": "dwh.mkt.exclusion", "column": "x", "category": "ninguna", "sink": "result"}
	found := data.tutela.purpose.deny with input as _pur002_fact("mercadotecnia", [none], [join])
		with data.tutela.inventory as inv
	not "PUR002" in {f.id | some f in found}
}

# Usage kinds: dwh.crm.clientes.telefono may serve analitica only aggregated (column usage);
# every column of dwh.cobranza.cartera may serve analitica aggregated or pseudonymised
# (table usage, a grant: cartera's purposes are [cobranza]).
_exp(table, column, treatment) := {
	"table": table, "column": column, "category": "contacto", "sink": "result", "known": true,
	"treatment": treatment, "value_preserving": treatment == "raw",
}

_pur002_ids(pid, exposures) := {[f.variant, f.values] | some f in data.tutela.purpose.deny with input as _pur002_fact(pid, exposures, [])
	with data.tutela.inventory as inv
	f.id == "PUR002"}

test_allow_aggregated_use_where_usage_allows_it if {
	count(_pur002_ids("analitica", [_exp("dwh.crm.clientes", "telefono", "aggregated")])) == 0
	count(_pur002_ids("analitica", [
		_exp("dwh.cobranza.cartera", "id_deudor", "pseudonymised"),
		_exp("dwh.cobranza.cartera", "saldo", "aggregated"),
	])) == 0
}

test_deny_value_preserving_path_for_restricted_purpose if {
	# raw: a hash joined back to the value, MIN/MAX, a COUNT grouped by the column itself
	_pur002_ids("analitica", [_exp("dwh.crm.clientes", "telefono", "raw")]) == {[
		"wrong_form",
		{
			"table": "dwh.crm.clientes", "column": "telefono", "treatment": "raw",
			"purpose": "analitica", "usages": ["aggregated"],
		},
	]}
	_pur002_ids("analitica", [_exp("dwh.cobranza.cartera", "telefono", "masked")]) == {[
		"wrong_form",
		{
			"table": "dwh.cobranza.cartera", "column": "telefono", "treatment": "masked",
			"purpose": "analitica", "usages": ["aggregated", "pseudonymised"],
		},
	]}
}

test_deny_hash_where_only_aggregates_allowed if {
	count(_pur002_ids("analitica", [_exp("dwh.crm.clientes", "telefono", "pseudonymised")])) == 1
}

test_one_finding_per_column_at_its_first_bad_exposure if {
	exposures := [
		_exp("dwh.crm.clientes", "telefono", "aggregated"),
		_exp("dwh.crm.clientes", "telefono", "raw"),
		_exp("dwh.crm.clientes", "telefono", "raw"),
	]
	found := data.tutela.purpose.deny with input as _pur002_fact("analitica", exposures, [])
		with data.tutela.inventory as inv
	[f.path | some f in found; f.id == "PUR002"] == [["exposures", 1]]
}

test_usage_for_another_purpose_leaves_raw_uses_alone if {
	# telefono serves atencion raw; the analitica restriction does not touch it
	count(_pur002_ids("atencion", [_exp("dwh.crm.clientes", "telefono", "raw")])) == 0
	# and cobranza uses the portfolio raw
	count(_pur002_ids("cobranza", [_exp("dwh.cobranza.cartera", "telefono", "raw")])) == 0
}

test_filter_on_restricted_column_is_judged_by_exposures if {
	ref := {"table": "dwh.cobranza.cartera", "column": "saldo", "category": "patrimonial", "clause": "where"}
	found := data.tutela.purpose.deny with input as _pur002_fact("analitica", [], [ref])
		with data.tutela.inventory as inv
	count(found) == 0
}

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

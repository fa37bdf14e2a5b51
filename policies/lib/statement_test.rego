package tutela.lib.statement_test

import data.tutela.lib.fixtures_test.inventory as inv

test_table_and_column_ignore_case if {
	data.tutela.lib.statement.table("DWH.CRM.Clientes").key == "dwh.crm.clientes" with data.tutela.inventory as inv
	data.tutela.lib.statement.column("dwh.crm.clientes", "TELEFONO").contact_type == "phone" with data.tutela.inventory as inv
}

test_allowed_column_purposes_narrow_the_table if {
	data.tutela.lib.statement.allowed("dwh.crm.clientes", "segmento", "mercadotecnia") with data.tutela.inventory as inv
	not data.tutela.lib.statement.allowed("dwh.crm.clientes", "segmento", "atencion") with data.tutela.inventory as inv
	data.tutela.lib.statement.allowed("dwh.crm.clientes", "segmento", "arco") with data.tutela.inventory as inv
	data.tutela.lib.statement.allowed("dwh.crm.clientes", "nombre", "atencion") with data.tutela.inventory as inv
	not data.tutela.lib.statement.allowed("dwh.crm.clientes", "nombre", "cobranza") with data.tutela.inventory as inv
}

test_first_path_prefers_exposures if {
	fact := {
		"kind": "statement",
		"references": [{"table": "T", "column": "C", "clause": "where"}],
		"exposures": [{"table": "x", "column": "y"}, {"table": "t", "column": "c"}],
	}
	data.tutela.lib.statement.first_path("t", "c") == ["exposures", 1] with input as fact
	data.tutela.lib.statement.first_read("t") == ["reads", 0] with input as {"reads": [{"table": "T"}, {"table": "t"}]}
}

test_personal_and_legal if {
	data.tutela.lib.statement.personal({"category": "clave"})
	not data.tutela.lib.statement.personal({"category": "ninguna"})
	not data.tutela.lib.statement.personal({})
	data.tutela.lib.statement.declared_legal with input as {"kind": "statement", "purpose": "arco"} with data.tutela.inventory as inv
	not data.tutela.lib.statement.declared_legal with input as {"kind": "statement", "purpose": "atencion"} with data.tutela.inventory as inv
}

test_occurrences if {
	data.tutela.lib.statement.occurrence({"read": 2}) == 2
	data.tutela.lib.statement.occurrence({}) == null
	data.tutela.lib.statement.occurrence({"read": "2"}) == null
	data.tutela.lib.statement.same_occurrence(1, 1)
	not data.tutela.lib.statement.same_occurrence(0, 1)
	data.tutela.lib.statement.same_occurrence(null, 1)
	data.tutela.lib.statement.same_occurrence(0, null)
}

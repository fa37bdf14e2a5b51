package tutela.lib.statement_test

import data.tutela.lib.fixtures_test.inventory as inv
import data.tutela.lib.statement

test_table_and_column_ignore_case if {
	statement.table("DWH.CRM.Clientes").key == "dwh.crm.clientes" with data.tutela.inventory as inv
	statement.column("dwh.crm.clientes", "TELEFONO").contact_type == "phone" with data.tutela.inventory as inv
}

test_allowed_column_purposes_narrow_the_table if {
	statement.allowed("dwh.crm.clientes", "segmento", "mercadotecnia") with data.tutela.inventory as inv
	not statement.allowed("dwh.crm.clientes", "segmento", "atencion") with data.tutela.inventory as inv
	statement.allowed("dwh.crm.clientes", "segmento", "arco") with data.tutela.inventory as inv
	statement.allowed("dwh.crm.clientes", "nombre", "atencion") with data.tutela.inventory as inv
	not statement.allowed("dwh.crm.clientes", "nombre", "cobranza") with data.tutela.inventory as inv
}

test_first_path_prefers_exposures if {
	fact := {
		"kind": "statement",
		"references": [{"table": "T", "column": "C", "clause": "where"}],
		"exposures": [{"table": "x", "column": "y"}, {"table": "t", "column": "c"}],
	}
	statement.first_path("t", "c") == ["exposures", 1] with input as fact
	statement.first_read("t") == ["reads", 0] with input as {"reads": [{"table": "T"}, {"table": "t"}]}
}

test_personal_and_legal if {
	statement.personal({"category": "clave"})
	not statement.personal({"category": "ninguna"})
	not statement.personal({})
	statement.declared_legal with input as {"kind": "statement", "purpose": "arco"} with data.tutela.inventory as inv
	not statement.declared_legal with input as {"kind": "statement", "purpose": "atencion"} with data.tutela.inventory as inv
}

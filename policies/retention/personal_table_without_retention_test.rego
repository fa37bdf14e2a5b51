package tutela.retention_test

import data.tutela.lib.fixtures_test.inventory as inv

test_warn_personal_table_without_retention if {
	reads := [{"table": "DWH.CRM.NOTAS", "known": true, "personal": true}]
	found := data.tutela.retention.warn with input as {"kind": "statement", "purpose": "atencion", "reads": reads}
		with data.tutela.inventory as inv
	found == {{
		"id": "RET001", "path": ["reads", 0],
		"values": {"table": "dwh.crm.notas"},
	}}
}

test_allow_table_with_retention_or_not_personal if {
	reads := [
		{"table": "dwh.crm.clientes", "known": true, "personal": true},
		{"table": "dwh.ops.metricas", "known": true, "personal": false},
		{"table": "dwh.otra.tabla", "known": false},
	]
	found := data.tutela.retention.warn with input as {"kind": "statement", "purpose": "atencion", "reads": reads}
		with data.tutela.inventory as inv
	not "RET001" in {f.id | some f in found}
}

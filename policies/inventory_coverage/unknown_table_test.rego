package tutela.inventory_coverage_test

test_warn_unknown_table_once if {
	reads := [
		{"table": "dwh.tmp.leads", "known": false},
		{"table": "dwh.crm.clientes", "known": true, "personal": true},
		{"table": "DWH.TMP.LEADS", "known": false},
	]
	found := data.tutela.inventory_coverage.warn with input as {"kind": "statement", "reads": reads}
	found == {{"id": "INV002", "path": ["reads", 0], "values": {"table": "dwh.tmp.leads"}}}
}

test_allow_known_tables if {
	reads := [{"table": "dwh.crm.clientes", "known": true}]
	count(data.tutela.inventory_coverage.warn) == 0 with input as {"kind": "statement", "reads": reads}
}

package tutela.inventory_coverage_test

test_warn_unclassified_column_and_literal if {
	unclassified := [
		{
			"table": "DWH.CRM.CLIENTES", "column": "CURP_TITULAR", "reason": "column is not in the inventory",
			"looks_personal": true, "pattern": "curp",
		},
		{"table": null, "column": null, "reason": "literal looks like a rfc", "looks_personal": true, "pattern": "rfc"},
		{
			"table": "dwh.crm.clientes", "column": "zona", "reason": "column is not in the inventory",
			"looks_personal": false, "pattern": null,
		},
	]
	found := data.tutela.inventory_coverage.warn with input as {"kind": "statement", "unclassified": unclassified}
	found == {
		{
			"id": "INV001", "path": ["unclassified", 0], "variant": "column",
			"values": {"table": "dwh.crm.clientes", "column": "curp_titular", "pattern": "curp"},
		},
		{"id": "INV001", "path": ["unclassified", 1], "variant": "literal", "values": {"pattern": "rfc"}},
	}
}

test_allow_not_personal_or_absent if {
	unclassified := [{"table": "t", "column": "zona", "looks_personal": false, "pattern": null}]
	f1 := data.tutela.inventory_coverage.warn with input as {"kind": "statement", "unclassified": unclassified}
	f2 := data.tutela.inventory_coverage.warn with input as {"kind": "statement"}
	count(f1) + count(f2) == 0
}

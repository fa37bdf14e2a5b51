package tutela.minimisation_test

test_warn_star_over_personal_table if {
	stars := [{"qualifier": null, "tables": [
		{"table": "dwh.ops.metricas", "known": true, "personal": false},
		{"table": "DWH.CRM.CLIENTES", "known": true, "personal": true},
	]}]
	found := data.tutela.minimisation.warn with input as {"kind": "statement", "stars": stars}
	found == {{"id": "MIN001", "path": ["stars", 0], "values": {"table": "dwh.crm.clientes"}}}
}

test_allow_star_over_non_personal_or_unknown_table if {
	stars := [{"qualifier": "m", "tables": [
		{"table": "dwh.ops.metricas", "known": true, "personal": false},
		{"table": "dwh.x.y", "known": false},
	]}]
	found := data.tutela.minimisation.warn with input as {"kind": "statement", "stars": stars}
	count(found) == 0
}

test_allow_no_star if {
	count(data.tutela.minimisation.warn) == 0 with input as {"kind": "statement"}
}

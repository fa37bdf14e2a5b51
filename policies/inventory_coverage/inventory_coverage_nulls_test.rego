package tutela.inventory_coverage_test

import data.tutela.lib.fixtures_test.inventory as inv
import data.tutela.lib.nulls_test

test_null_fields_never_stop_the_engine if {
	every fact in nulls_test.statement_facts {
		is_set(data.tutela.inventory_coverage.warn) with input as fact with data.tutela.inventory as inv
	}
}

# An unclassified column of an unattributed table is still reported, its table null.
test_unattributed_column_is_reported if {
	fact := {"kind": "statement", "unclassified": [{"table": null, "column": "CURP", "looks_personal": true, "pattern": null}]}
	found := data.tutela.inventory_coverage.warn with input as fact with data.tutela.inventory as inv
	found == {{
		"id": "INV001", "path": ["unclassified", 0], "variant": "column",
		"values": {"table": null, "column": "curp", "pattern": "personal"},
	}}
}

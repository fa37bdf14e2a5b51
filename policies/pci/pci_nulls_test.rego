package tutela.pci_test

import data.tutela.lib.fixtures_test.inventory as inv
import data.tutela.lib.nulls_test

test_null_fields_never_stop_the_engine if {
	every fact in nulls_test.statement_facts {
		is_set(object.get(data.tutela.pci, "deny", set())) with input as fact with data.tutela.inventory as inv
		is_set(object.get(data.tutela.pci, "warn", set())) with input as fact with data.tutela.inventory as inv
	}
}

# A card number whose table and column the analyser could not name is still flagged.
test_unnamed_pan_is_reported if {
	fact := {"kind": "statement", "exposures": [{"table": null, "column": null, "category": "pci_pan", "sink": "result", "transforms": []}]}
	found := data.tutela.pci.deny with input as fact with data.tutela.inventory as inv
	found == {{"id": "PCI002", "path": ["exposures", 0], "variant": "result", "values": {"table": null, "column": null, "target": null}}}
}

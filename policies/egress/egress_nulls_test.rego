package tutela.egress_test

import data.tutela.lib.fixtures_test.inventory as inv
import data.tutela.lib.nulls_test

test_null_fields_never_stop_the_engine if {
	every fact in nulls_test.statement_facts {
		is_set(object.get(data.tutela.egress, "deny", set())) with input as fact with data.tutela.inventory as inv
		is_set(object.get(data.tutela.egress, "warn", set())) with input as fact with data.tutela.inventory as inv
	}
}

# An export of a column whose category the recipient's contract does not cover is still
# reported when the recipient has no id (EGR003).
test_unnamed_recipient_outside_scope_is_reported if {
	target := "@dwh.cobranza.stage_bpo/x/"
	fact := {
		"kind": "statement", "purpose": "cobranza",
		"egress": [{"kind": "copy_into_location", "target": target, "target_type": "stage"}],
		"exposures": [{"table": null, "column": null, "category": "pci_pan", "sink": "egress", "target": target, "treatment": "raw"}],
	}
	bpo := {"role": "encargado", "destinations": ["@dwh.cobranza.stage_bpo"], "categories": ["contacto"], "purposes": ["cobranza"]}
	found := data.tutela.egress.deny with input as fact
		with data.tutela.inventory as object.union(inv, {"recipients": [bpo]})
	some f in found
	f.id == "EGR003"
	f.variant == "category"
	f.values == {"target": target, "categories": ["pci_pan"], "recipient": null, "covered": ["contacto"]}
}

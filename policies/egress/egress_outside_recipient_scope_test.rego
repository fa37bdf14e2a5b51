package tutela.egress_test

import data.tutela.lib.fixtures_test.inventory as inv

# bpo (encargado) may receive identificacion, contacto, patrimonial, clave, for cobranza.
_bpo_fact(purpose, exposures) := {
	"kind": "statement", "purpose": purpose, "share": null,
	"reads": [{"table": "dwh.cobranza.cartera", "known": true, "personal": true}],
	"egress": [{"kind": "copy_into_location", "target": "@dwh.cobranza.stage_bpo/x/", "target_type": "stage"}],
	"exposures": exposures,
}

_e(category, treatment) := {
	"table": "dwh.pagos.legacy", "column": "numero_tarjeta", "category": category,
	"sink": "egress", "target": "@dwh.cobranza.stage_bpo/x/", "treatment": treatment,
}

_egr003(fact) := {f.msg | some f in data.tutela.egress.deny with input as fact with data.tutela.inventory as inv
	f.id == "EGR003"}

test_deny_category_outside_processor_scope if {
	_egr003(_bpo_fact("cobranza", [_e("pci_pan", "raw"), _e("contacto", "raw")])) == {concat("", [
		"Export to @dwh.cobranza.stage_bpo/x/ sends pci_pan data to \"bpo\", whose contract ",
		"covers only clave, contacto, identificacion, patrimonial.",
	])}
	count(_egr003(_bpo_fact("cobranza", [_e("sensible", "pseudonymised")]))) == 1
}

test_allow_within_scope_or_masked if {
	count(_egr003(_bpo_fact("cobranza", [_e("contacto", "raw"), _e("patrimonial", "raw")]))) == 0
	count(_egr003(_bpo_fact("cobranza", [_e("pci_pan", "masked")]))) == 0
	count(_egr003(_bpo_fact("cobranza", [_e("sensible", "aggregated")]))) == 0
}

test_deny_purpose_outside_processor_contract if {
	_egr003(_bpo_fact("mercadotecnia", [_e("contacto", "raw")])) == {concat("", [
		"Export to @dwh.cobranza.stage_bpo/x/ sends data for purpose \"mercadotecnia\" to ",
		"processor \"bpo\", whose contract does not list it.",
	])}
}

test_deny_processor_declared_without_purposes if {
	fact := object.union(_bpo_fact("cobranza", [object.union(_e("contacto", "raw"), {"target": "s3://auditoria/a.csv"})]), {
		"egress": [{"kind": "unload", "target": "s3://auditoria/a.csv", "target_type": "uri"}],
	})
	count(_egr003(fact)) == 1
}

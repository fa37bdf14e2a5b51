package tutela.egress_test

import data.tutela.lib.fixtures_test.inventory as inv

_egress_fact(target, share, category) := {
	"kind": "statement", "purpose": "cobranza", "share": share,
	"egress": [{"kind": "copy_into_location", "target": target, "target_type": "uri"}],
	"exposures": [{
		"table": "dwh.cobranza.cartera", "column": "nombre", "category": category,
		"sink": "egress", "target": target,
	}],
}


test_deny_undeclared_destination if {
	found := data.tutela.egress.deny with input as _egress_fact("s3://otro-bucket/x/", null, "identificacion")
		with data.tutela.inventory as inv
	found == {{
		"id": "EGR001", "path": ["egress", 0],
		"variant": "undeclared", "values": {"target": "s3://otro-bucket/x/"},
	}}
}

test_deny_prefix_without_path_boundary if {
	found := data.tutela.egress.deny with input as _egress_fact("s3://agencia-leads-evil/x", null, "contacto")
		with data.tutela.inventory as inv
	"EGR001" in {f.id | some f in found}
}

test_deny_unapproved_or_other_destination_share if {
	every share in [
		{"id": "m1", "recipient": "bpo", "destinations": [], "approved": false},
		{"id": "m1", "recipient": "bpo", "destinations": ["s3://elsewhere/"], "approved": true},
	] {
		found := data.tutela.egress.deny with input as _egress_fact("s3://otro/x", "m1", "contacto")
			with data.tutela.inventory as inv
			with data.tutela.config.shares as [share]
		"EGR001" in {f.id | some f in found}
	}
}

test_allow_recipient_destination if {
	every target in ["@DWH.COBRANZA.STAGE_BPO/dia/", "s3://agencia-leads/2026/", "s3://banco/resultados/x.csv"] {
		found := data.tutela.egress.deny with input as _egress_fact(target, null, "contacto")
			with data.tutela.inventory as inv
		not "EGR001" in {f.id | some f in found}
	}
}

test_allow_approved_share if {
	share := {"id": "m1", "recipient": "bpo", "destinations": ["s3://otro/"], "approved": true}
	found := data.tutela.egress.deny with input as _egress_fact("s3://otro/x", "m1", "contacto")
		with data.tutela.inventory as inv
		with data.tutela.config.shares as [share]
	count(found) == 0
}

test_allow_non_personal_export if {
	found := data.tutela.egress.deny with input as _egress_fact("s3://otro/x", null, "ninguna")
		with data.tutela.inventory as inv
	count(found) == 0
}

_egr001_msgs(target, share, shares) := {[f.variant, f.values] |
	some f in data.tutela.egress.deny with input as _egress_fact(target, share, "contacto")
		with data.tutela.inventory as inv
		with data.tutela.config.shares as shares
	f.id == "EGR001"
}

test_deny_pragma_names_unknown_manifest if {
	_egr001_msgs("s3://agencia-leads/x", "nadie", []) == {
		["unknown_share", {"target": "s3://agencia-leads/x", "share": "nadie"}],
	}
}

test_deny_pragma_names_unapproved_manifest if {
	share := {"id": "m1", "recipient": "bpo", "destinations": ["s3://otro/"], "approved": false}
	_egr001_msgs("s3://otro/x", "m1", [share]) == {
		["share_not_approved", {"target": "s3://otro/x", "share": "m1"}],
	}
}

test_deny_pragma_manifest_without_that_destination if {
	share := {"id": "m1", "recipient": "bpo", "destinations": ["s3://otro/"], "approved": true}
	_egr001_msgs("s3://agencia-leads/x", "m1", [share]) == {
		["target_not_in_share", {"target": "s3://agencia-leads/x", "share": "m1"}],
	}
}

test_recipient_destination_covers_only_when_the_project_has_no_manifests if {
	share := {"id": "m1", "recipient": "bpo", "destinations": ["s3://otro/"], "approved": true}
	count(_egr001_msgs("s3://agencia-leads/2026/", null, [])) == 0
	count(_egr001_msgs("s3://agencia-leads/2026/", null, [share])) == 1
}

test_allow_without_pragma_when_an_approved_manifest_lists_the_target if {
	share := {"id": "m1", "recipient": "bpo", "destinations": ["s3://otro/"], "approved": true}
	count(_egr001_msgs("s3://otro/x", null, [share])) == 0
}

test_deny_columns_the_manifest_does_not_share if {
	share := {
		"id": "m1", "recipient": "bpo", "destinations": ["s3://otro/"], "approved": true,
		"columns": ["dwh.cobranza.cartera.telefono"],
	}
	_egr001_msgs("s3://otro/x", "m1", [share]) == {
		["columns_not_in_share", {"columns": ["dwh.cobranza.cartera.nombre"], "target": "s3://otro/x", "share": "m1"}],
	}
	shares_nombre := {
		"id": "m1", "recipient": "bpo", "destinations": ["s3://otro/"], "approved": true,
		"columns": ["dwh.cobranza.cartera.nombre"],
	}
	count(_egr001_msgs("s3://otro/x", "m1", [shares_nombre])) == 0
}

test_deny_share_whose_contract_ended if {
	share := {
		"id": "m1", "recipient": "bpo", "destinations": ["s3://otro/"], "approved": true,
		"valid_until": "2020-01-31",
	}
	_egr001_msgs("s3://otro/x", "m1", [share]) == {
		["contract_ended", {"share": "m1", "date": "2020-01-31", "target": "s3://otro/x"}],
	}
}

test_deny_target_climbing_out_of_the_destination if {
	share := {"id": "m1", "recipient": "bpo", "destinations": ["s3://otro/"], "approved": true}
	count(_egr001_msgs("s3://otro/../secreto/x", "m1", [share])) == 1
}

package tutela.egress_test

import data.tutela.lib.fixtures_test.inventory as inv

test_deny_tercero_without_exception_strict if {
	every target in ["gs://socio-audiencias/a.csv", "s3://agencia-leads/a.csv"] {
		found := data.tutela.egress.deny with input as _egress_fact(target, null, "contacto")
			with data.tutela.inventory as inv
		"EGR002" in {f.id | some f in found}
	}
}

test_deny_message if {
	found := data.tutela.egress.deny with input as _egress_fact("gs://socio-audiencias/a.csv", null, "contacto")
		with data.tutela.inventory as inv
	found == {{
		"id": "EGR002", "path": ["egress", 0],
		"values": {"recipient": "socio", "target": "gs://socio-audiencias/a.csv"},
	}}
}

test_deny_legal_profile_without_consent if {
	found := data.tutela.egress.deny with input as _egress_fact("s3://agencia-leads/a.csv", null, "contacto")
		with data.tutela.inventory as inv
		with data.tutela.config.profile as "legal"
	"EGR002" in {f.id | some f in found}
}

test_allow_legal_profile_with_consent if {
	found := data.tutela.egress.deny with input as _egress_fact("gs://socio-audiencias/a.csv", null, "contacto")
		with data.tutela.inventory as inv
		with data.tutela.config.profile as "legal"
	count(found) == 0
}

test_allow_exception_or_encargado if {
	every target in ["s3://banco/resultados/a", "@dwh.cobranza.stage_bpo/a"] {
		found := data.tutela.egress.deny with input as _egress_fact(target, null, "contacto")
			with data.tutela.inventory as inv
		count(found) == 0
	}
}

test_deny_share_opened_to_a_terceros_account if {
	fact := {
		"kind": "statement", "purpose": "mercadotecnia", "share": null,
		"egress": [{
			"kind": "alter_share", "target": "audiencia", "target_type": "share",
			"accounts": ["SOCIO_ORG.MERCADOTECNIA"],
		}],
	}
	found := data.tutela.egress.deny with input as fact with data.tutela.inventory as inv
	{f.values | some f in found; f.id == "EGR002"} == {{"recipient": "socio", "target": "audiencia"}}
	other := json.patch(fact, [{"op": "replace", "path": "/egress/0/accounts", "value": ["otra.cuenta"]}])
	found2 := data.tutela.egress.deny with input as other with data.tutela.inventory as inv
	not "EGR002" in {f.id | some f in found2}
}

package tutela.consent_test

import data.tutela.lib.fixtures_test.inventory as inv

_segmento := {"table": "dwh.crm.clientes", "column": "segmento", "category": "patrimonial", "clause": "where"}

test_deny_patrimonial_with_tacit_consent if {
	fact := {"kind": "statement", "purpose": "analitica", "references": [_segmento, _segmento]}
	found := data.tutela.consent.deny with input as fact with data.tutela.inventory as inv
	{f | some f in found; f.id == "CON003"} == {{
		"id": "CON003", "path": ["references", 0],
		"values": {"table": "dwh.crm.clientes", "column": "segmento", "purpose": "analitica"},
	}}
}

test_allow_patrimonial_with_express_consent_or_exception if {
	every pid in ["mercadotecnia", "cobranza"] {
		found := data.tutela.consent.deny with input as {"kind": "statement", "purpose": pid, "references": [_segmento]}
			with data.tutela.inventory as inv
		not "CON003" in {f.id | some f in found}
	}
}

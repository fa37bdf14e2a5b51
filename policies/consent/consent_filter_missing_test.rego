package tutela.consent_test

import data.tutela.lib.fixtures_test.inventory as inv

_tel := {"table": "dwh.crm.clientes", "column": "telefono", "category": "contacto", "sink": "result"}

_con001_fact(pid, exposures, filters) := {
	"kind": "statement", "purpose": pid,
	"exposures": exposures, "consent_filters": filters,
}

_filter(polarity, restricts) := {
	"table": "dwh.crm.clientes", "column": "acepta_publicidad", "purposes": ["mercadotecnia"],
	"polarity": polarity, "restricts": restricts,
}


test_deny_no_consent_filter if {
	found := data.tutela.consent.deny with input as _con001_fact("mercadotecnia", [_tel], [])
		with data.tutela.inventory as inv
	{f | some f in found; f.id == "CON001"} == {{
		"id": "CON001", "path": ["exposures", 0], "variant": "filter_missing",
		"values": {"table": "dwh.crm.clientes", "purpose": "mercadotecnia", "consent_column": "acepta_publicidad"},
	}}
}

test_deny_negative_not_null_or_non_restricting_filter if {
	every filter in [_filter("negative", true), _filter("not_null", true), _filter("positive", false)] {
		found := data.tutela.consent.deny with input as _con001_fact("mercadotecnia", [_tel], [filter])
			with data.tutela.inventory as inv
		"CON001" in {f.id | some f in found}
	}
}

test_deny_table_without_consent_column if {
	nombre := {"table": "dwh.cobranza.cartera", "column": "nombre", "category": "identificacion", "sink": "result"}
	found := data.tutela.consent.deny with input as _con001_fact("mercadotecnia", [nombre], [])
		with data.tutela.inventory as inv
	{[f.variant, f.values] | some f in found; f.id == "CON001"} == {
		["no_consent_column", {"table": "dwh.cobranza.cartera", "purpose": "mercadotecnia"}],
	}
}

test_allow_positive_restricting_filter if {
	found := data.tutela.consent.deny with input as _con001_fact("mercadotecnia", [_tel], [_filter("positive", true)])
		with data.tutela.inventory as inv
	not "CON001" in {f.id | some f in found}
}

test_allow_joined_table_restricted_by_consent_elsewhere if {
	nombre := {"table": "dwh.cobranza.cartera", "column": "nombre", "category": "identificacion", "sink": "result"}
	fact := _con001_fact("mercadotecnia", [_tel, nombre], [_filter("positive", true)])
	found := data.tutela.consent.deny with input as fact with data.tutela.inventory as inv
	not "CON001" in {f.id | some f in found}
}

test_allow_purpose_without_consent if {
	found := data.tutela.consent.deny with input as _con001_fact("atencion", [_tel], [])
		with data.tutela.inventory as inv
	not "CON001" in {f.id | some f in found}
}

test_allow_no_personal_exposure if {
	flag := {"table": "dwh.crm.clientes", "column": "fecha_alta", "category": "ninguna", "sink": "result"}
	found := data.tutela.consent.deny with input as {"kind": "statement", "purpose": "mercadotecnia", "exposures": [flag]}
		with data.tutela.inventory as inv
	count(found) == 0
}

test_deny_second_occurrence_without_filter if {
	# SELECT telefono ... WHERE acepta_publicidad UNION ALL SELECT telefono ... (no filter)
	first := object.union(_tel, {"read": 0})
	second := object.union(_tel, {"read": 1})
	filter := object.union(_filter("positive", true), {"read": 0})
	found := data.tutela.consent.deny with input as _con001_fact("mercadotecnia", [first, second], [filter])
		with data.tutela.inventory as inv
	[f.path | some f in found; f.id == "CON001"] == [["exposures", 1]]
}

test_deny_each_unfiltered_occurrence_once if {
	exposures := [object.union(_tel, {"read": 0}), object.union(_tel, {"read": 1}), object.union(_tel, {"read": 1})]
	found := data.tutela.consent.deny with input as _con001_fact("mercadotecnia", exposures, [])
		with data.tutela.inventory as inv
	{f.path | some f in found; f.id == "CON001"} == {["exposures", 0], ["exposures", 1]}
}

test_allow_every_occurrence_filtered if {
	exposures := [object.union(_tel, {"read": 0}), object.union(_tel, {"read": 1})]
	filters := [object.union(_filter("positive", true), {"read": 0}), object.union(_filter("positive", true), {"read": 1})]
	found := data.tutela.consent.deny with input as _con001_fact("mercadotecnia", exposures, filters)
		with data.tutela.inventory as inv
	not "CON001" in {f.id | some f in found}
}

test_allow_facts_without_occurrences_match_per_table if {
	exposures := [object.union(_tel, {"read": 1})]
	found := data.tutela.consent.deny with input as _con001_fact("mercadotecnia", exposures, [_filter("positive", true)])
		with data.tutela.inventory as inv
	not "CON001" in {f.id | some f in found}
}

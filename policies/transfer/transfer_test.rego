package tutela.transfer_test

import data.tutela.lib.manifest_fixtures_test as fx

_deny(fact, profile) := found if {
	config := object.union(fx.config, {"profile": profile})
	found := data.tutela.transfer.deny with input as fact with data.tutela.config as config
}

_warn(fact) := found if {
	found := data.tutela.transfer.warn with input as fact with data.tutela.config as fx.config
}

consented := fx.put(fx.transfer, {
	"legal_basis": {"consent": "express", "consent_record": "t.c"},
	"recipient": fx.put(fx.transfer.recipient, {"consent": "express", "exception": null}),
})

test_deny_trf001_strict_even_with_consent if {
	found := _deny(consented, "strict")
	"TRF001" in fx.ids(found)
}

test_allow_trf001_legal_with_consent_in_notice if not "TRF001" in fx.ids(_deny(consented, "legal"))

test_deny_trf001_legal_without_consent_in_notice if {
	fact := fx.put(consented, {"recipient": fx.put(consented.recipient, {"consent": null})})
	"TRF001" in fx.ids(_deny(fact, "legal"))
}

test_allow_trf001_exception if not "TRF001" in fx.ids(_deny(fx.transfer, "strict"))

test_allow_trf001_aggregates_only if {
	fact := fx.put(fx.transfer, {
		"legal_basis": {},
		"columns": [fx.put(fx.transfer.columns[0], {"transforms": ["sum"]})],
	})
	not "TRF001" in fx.ids(_deny(fact, "strict"))
}

test_deny_trf001_plain_hash_is_identifiable if {
	fact := fx.put(fx.transfer, {
		"legal_basis": {},
		"columns": [fx.put(fx.transfer.columns[0], {"transforms": ["sha2"]})],
	})
	"TRF001" in fx.ids(_deny(fact, "strict"))
}

test_trf001_message if {
	fact := fx.put(fx.transfer, {"legal_basis": {}})
	some f in _deny(fact, "strict")
	f.id == "TRF001"
	f.path == ["legal_basis"]
	f.variant == "strict"
	f.values == {"manifest": "m", "recipient": "banco"}
}

test_trf002 if {
	"TRF002" in fx.ids(_deny(fx.put(fx.transfer, {"notice": null}), "strict"))
	not "TRF002" in fx.ids(_deny(fx.transfer, "strict"))
}

test_trf003 if {
	"TRF003" in fx.ids(_deny(fx.put(fx.transfer, {"recipient_purposes": ["mercadotecnia"]}), "strict"))
	not "TRF003" in fx.ids(_deny(fx.transfer, "strict"))
}

test_trf004 if {
	"TRF004" in fx.ids(_warn(fx.put(fx.transfer, {"legal_basis": {"exception": "art36_III"}})))
	attested := {"exception": "art36_III", "group_attestation": "BCR"}
	not "TRF004" in fx.ids(_warn(fx.put(fx.transfer, {"legal_basis": attested})))
}

test_trf005_financial if {
	"TRF005" in fx.ids(_deny(fx.put(fx.transfer, {"legal_basis": {"consent": "tacit"}}), "legal"))
	not "TRF005" in fx.ids(_deny(fx.put(fx.transfer, {"legal_basis": {"consent": "express"}}), "legal"))
}

test_trf005_sensitive if {
	col := fx.put(fx.transfer.columns[0], {"category": "sensible"})
	fact := fx.put(fx.transfer, {"columns": [col], "legal_basis": {"consent": "express"}})
	"TRF005" in fx.ids(_deny(fact, "legal"))
	written := fx.put(fact, {"legal_basis": {"consent": "express_written"}})
	not "TRF005" in fx.ids(_deny(written, "legal"))
}

test_trf007 if {
	"TRF007" in fx.ids(_warn(fx.put(fx.transfer, {"purpose": "mercadotecnia"})))
	not "TRF007" in fx.ids(_warn(fx.transfer))
}

test_ignores_statements if {
	count(_deny({"kind": "statement", "recipient": fx.transfer.recipient}, "strict")) == 0
}

test_trf008 if {
	"TRF008" in fx.ids(_warn(fx.put(fx.transfer, {"legal_basis": {"exception": "art36_VII"}})))
	not "TRF008" in fx.ids(_warn(fx.transfer))
}

package tutela.international_test

import data.tutela.lib.manifest_fixtures_test as fx

_deny(fact) := found if {
	found := data.tutela.international.deny with input as fact with data.tutela.config as fx.config
}

_warn(fact) := found if {
	found := data.tutela.international.warn with input as fact with data.tutela.config as fx.config
}

abroad := fx.put(fx.transfer, {"country": "US"})

test_national_is_clean if count(_deny(fx.transfer)) == 0

test_abroad_with_exception_and_clauses_is_clean if count(_deny(abroad)) == 0

test_int001 if {
	found := _deny(fx.put(abroad, {"legal_basis": {}}))
	some f in found
	f.id == "INT001"
	f.path == ["country"]
	not "INT001" in fx.ids(_deny(fx.put(abroad, {"legal_basis": {"consent": "express"}})))
}

test_int002 if {
	contract := fx.put(abroad.contract, {"clauses": ["confidentiality"]})
	"INT002" in fx.ids(_deny(fx.put(abroad, {"contract": contract})))
	"INT002" in fx.ids(_deny(fx.put(abroad, {"contract": null})))
}

test_int003 if {
	rem := fx.put(fx.remision, {"country": "US"})
	"INT003" in fx.ids(_warn(rem))
	contract := fx.put(rem.contract, {"clauses": ["data_location"]})
	count(_warn(fx.put(rem, {"contract": contract}))) == 0
}

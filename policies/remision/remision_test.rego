package tutela.remision_test

import data.tutela.lib.manifest_fixtures_test as fx

_deny(fact) := found if {
	found := data.tutela.remision.deny with input as fact with data.tutela.config as fx.config
}

_warn(fact) := found if {
	found := data.tutela.remision.warn with input as fact with data.tutela.config as fx.config
}

test_clean_remision if {
	count(_deny(fx.remision)) == 0
	count(_warn(fx.remision)) == 0
}

test_rem001 if "REM001" in fx.ids(_warn(fx.put(fx.remision, {"contract": null})))

test_rem002 if {
	some f in _deny(fx.put(fx.remision, {"recipient_purposes": ["cobranza", "mercadotecnia"]}))
	f.id == "REM002"
	f.path == ["recipient_purposes"]
}

test_rem002_purpose if "REM002" in fx.ids(_deny(fx.put(fx.remision, {"purpose": "calidad"})))

test_rem003 if {
	recipient := fx.put(fx.remision.recipient, {"subprocessors": ["AWS"]})
	"REM003" in fx.ids(_warn(fx.put(fx.remision, {"recipient": recipient})))
}

test_rem005 if {
	"REM005" in fx.ids(_deny(fx.put(fx.remision, {"own_use": true})))
	recipient := fx.put(fx.remision.recipient, {"own_purposes": true})
	"REM005" in fx.ids(_deny(fx.put(fx.remision, {"recipient": recipient})))
}

test_rem006_ended if {
	contract := fx.put(fx.remision.contract, {"valid_until": "2026-11-27"})
	found := _deny(fx.put(fx.remision, {"contract": contract}))
	found == {{
		"id": "REM006", "path": ["contract"],
		"variant": "ended", "values": {"reference": "C-1", "recipient": "bpo", "date": "2026-11-27"},
	}}
}

test_rem006_last_day_is_in_force if {
	contract := fx.put(fx.remision.contract, {"valid_until": "2026-11-28"})
	count(_deny(fx.put(fx.remision, {"contract": contract}))) == 0
}

test_rem006_not_started if {
	contract := fx.put(fx.remision.contract, {"valid_from": "2026-11-29"})
	"REM006" in fx.ids(_deny(fx.put(fx.remision, {"contract": contract})))
}

test_ignores_transfers if count(_deny(fx.put(fx.transfer, {"own_use": true}))) == 0

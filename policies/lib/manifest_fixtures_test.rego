# A manifest fact for the Rego tests of the manifest families (transfer, remision,
# international, share): a national transfer of one financial column under Art. 36 fr. IV.
# Tests change one field with object.union and check that the one rule flips.
package tutela.lib.manifest_fixtures_test

transfer := {
	"kind": "manifest", "id": "m", "status": "approved", "approved": true,
	"purpose": "cobranza",
	"purpose_details": {"id": "cobranza", "requires_consent": false, "tags": ["collections"]},
	"recipient_purposes": ["cobranza"], "own_use": false,
	"recipient": {
		"id": "banco", "role": "tercero", "country": "MX", "purposes": ["cobranza"],
		"own_purposes": true, "exception": "art36_IV",
	},
	"legal_basis": {"exception": "art36_IV"},
	"notice": {"delivered": "2026-01-01"},
	"columns": [{
		"table": "dwh.cobranza.cartera", "column": "dias_mora", "category": "patrimonial",
		"transforms": [], "purposes": ["cobranza"],
	}],
	"tables": [{"table": "dwh.cobranza.cartera", "blocked": false, "consent_columns": {}, "retention_days": 2160}],
	"query": null, "country": "MX",
	"transport": {"method": "sftp", "destinations": ["sftp://banco/"], "encryption_in_transit": true},
	"retention_days": 90, "source_retention_days": 2160,
	"contract": {
		"reference": "C-1", "valid_from": "2026-01-01", "valid_until": "2027-12-31",
		"clauses": ["confidentiality", "binding_obligations"],
	},
}

# remision is the same share to a processor (no consent, no notice duty).
remision := put(transfer, {
	"recipient": {"id": "bpo", "role": "encargado", "country": "MX", "purposes": ["cobranza"], "own_purposes": false},
	"legal_basis": {},
	"notice": null,
})

config := {"profile": "strict", "today": "2026-11-28"}

# ids returns the rule ids a family emits for a fact.
ids(found) := {f.id | some f in found}

# put returns obj with the keys of patch replaced (object.union would merge nested objects).
put(obj, patch) := object.union(object.remove(obj, object.keys(patch)), patch)

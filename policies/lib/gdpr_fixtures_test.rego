# Fixtures of the gdpr family tests: a small inventory with the `gdpr:` block, and facts.
package tutela.lib.gdpr_fixtures_test

on := {"jurisdiction": ["lfpdppp", "gdpr"], "today": "2026-11-28"}

off := {"jurisdiction": ["lfpdppp"], "today": "2026-11-28"}

inventory := {
	"purposes_by_id": {"atencion": {"id": "atencion"}, "mercadotecnia": {"id": "mercadotecnia"}, "rh_salud": {"id": "rh_salud"}},
	"tables": {},
	"recipients": [
		{"id": "nube_us", "country": "US", "destinations": ["s3://nube-us/"]},
		{"id": "scc_us", "country": "US", "destinations": ["s3://scc-us/"]},
		{"id": "nube_de", "country": "DE", "destinations": ["s3://nube-de/"]},
	],
	"gdpr": {
		"purposes": {
			"atencion": {"lawful_basis": "contract"},
			"rh_salud": {"lawful_basis": "legal_obligation", "special_category_condition": "employment_social_security"},
		},
		"recipients": {"scc_us": {"safeguard": "scc"}},
	},
}

marketing_phone := {"kind": "statement", "purpose": "mercadotecnia", "exposures": [phone]}

service_phone := {"kind": "statement", "purpose": "atencion", "exposures": [phone]}

service_health := {"kind": "statement", "purpose": "atencion", "exposures": [health]}

hr_health := {"kind": "statement", "purpose": "rh_salud", "exposures": [health]}

phone := {"table": "t", "column": "telefono", "category": "contacto", "sink": "result"}

health := {"table": "t", "column": "diagnostico", "category": "sensible", "sink": "result"}

manifest(rid, country) := {
	"kind": "manifest", "purpose": "atencion", "country": country, "recipient": {"id": rid, "country": country},
	"columns": [{"table": "t", "column": "telefono", "category": "contacto", "transforms": []}],
}

export(target) := {
	"kind": "statement", "purpose": "atencion",
	"exposures": [object.union(phone, {"sink": "egress", "target": target})],
	"egress": [{"target": target}],
}

marketing_manifest := object.union(manifest("x", "MX"), {"purpose": "mercadotecnia"})

kept_long := object.union(manifest("nube_de", "DE"), {"retention_days": 400, "source_retention_days": 30})

kept_short := object.union(kept_long, {"retention_days": 30})


package tutela.sensitive_test

import data.tutela.lib.fixtures_test.inventory as inv

_diag := {"table": "dwh.rh.incapacidades", "column": "diagnostico", "category": "sensible", "clause": "group_by"}

_cuota := {"table": "dwh.rh.incapacidades", "column": "cuota_sindical", "category": "sensible", "sink": "result"}

test_deny_sensitive_with_tacit_consent if {
	huella := {"table": "dwh.rh.incapacidades", "column": "huella", "category": "biometrico", "clause": "where"}
	found := data.tutela.sensitive.deny with input as {"kind": "statement", "purpose": "analitica", "references": [huella]}
		with data.tutela.inventory as inv
	found == {{
		"id": "SEN001", "path": ["references", 0], "variant": "needs_written_consent",
		"values": {"table": "dwh.rh.incapacidades", "column": "huella", "purpose": "analitica"},
	}}
}

test_deny_exception_outside_column_purposes if {
	found := data.tutela.sensitive.deny with input as {"kind": "statement", "purpose": "nomina", "references": [_diag]}
		with data.tutela.inventory as inv
	{[f.variant, f.values] | some f in found} == {[
		"exception_does_not_cover",
		{"table": "dwh.rh.incapacidades", "column": "diagnostico", "purpose": "nomina"},
	]}
}

test_allow_written_consent if {
	found := data.tutela.sensitive.deny with input as {"kind": "statement", "purpose": "rh_salud", "references": [_diag]}
		with data.tutela.inventory as inv
	count(found) == 0
}

test_allow_exception_within_column_purposes if {
	found := data.tutela.sensitive.deny with input as {"kind": "statement", "purpose": "nomina", "exposures": [_cuota]}
		with data.tutela.inventory as inv
	count(found) == 0
}

test_allow_without_sensitive_columns if {
	fecha := {"table": "dwh.rh.incapacidades", "column": "fecha_fin", "category": "laboral", "clause": "where"}
	found := data.tutela.sensitive.deny with input as {"kind": "statement", "purpose": "analitica", "references": [fecha]}
		with data.tutela.inventory as inv
	count(found) == 0
}

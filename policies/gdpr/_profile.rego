# METADATA
# title: GDPR profile helpers
# description: |
#   What the gdpr rule family reads: whether the profile is on (`data.tutela.config.jurisdiction`
#   contains "gdpr") and the inventory's `gdpr:` block (docs/gdpr.md). The rules judge the same
#   statement and manifest facts as the Mexican families, which keep running.
package tutela.gdpr

_on if "gdpr" in data.tutela.config.jurisdiction

_block := object.get(data.tutela.inventory, "gdpr", {})

_purposes := object.get(_block, "purposes", {})

_recipients := object.get(_block, "recipients", {})

# The EEA (EU 27, Iceland, Liechtenstein, Norway); a recipient elsewhere is in a third country.
_eea := {
	"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
	"LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
}

_special := {"sensible", "biometrico"}

_basis(pid) := b if {
	b := _purposes[pid].lawful_basis
	is_string(b)
}

_condition(pid) if is_string(_purposes[pid].special_category_condition)

_safeguard(rid) if is_string(_recipients[rid].safeguard)

_third_country(country) if {
	is_string(country)
	not country in _eea
}

_statement_personal if {
	data.tutela.lib.statement.is_statement
	some e in input.exposures
	data.tutela.lib.statement.personal(e)
}

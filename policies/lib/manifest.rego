# METADATA
# title: Manifest helpers
# description: |
#   Lookups shared by the rule families that judge data-sharing manifest facts
#   (`kind: "manifest"`, see docs/shares.md): transfer, remision, international and share.
#   What counts as personal, identifiable, sensitive or financial data in a share is decided
#   here, once, from the facts' inventory categories and transforms.
package tutela.lib.manifest

# is_manifest holds when `input` is a manifest fact (SQL statements have their own rules).
is_manifest if input.kind == "manifest"

# transfer holds for a manifest whose recipient is a `tercero` (Art. 2 fr. XX).
transfer if {
	is_manifest
	input.recipient.role == "tercero"
}

# remision holds for a manifest whose recipient is an `encargado` (Art. 2 fr. XII).
remision if {
	is_manifest
	input.recipient.role == "encargado"
}

# abroad holds when the data will be kept or processed outside Mexico.
abroad if {
	is_manifest
	input.country != "MX"
}

# Aggregates: the recipient gets a statistic, not any titular's value.
aggregates := {
	"count", "sum", "avg", "stddev", "stddevpop", "stddevsamp", "variance", "variancepop",
	"approxdistinct", "approx_count_distinct", "countif", "hll", "median", "quantile",
	"approxquantile", "percentilecont", "percentiledisc", "corr", "covarsamp", "covarpop",
}

# Keyed hashes: without the key the recipient cannot link the value back to a titular. Plain
# hashes (md5, sha2...) are not enough: a phone number or a CURP hashed without a key can be
# recovered by hashing every candidate.
keyed_hashes := {"hmac", "keyed_hash"}

# deidentified holds for a shared column whose value the recipient never sees: aggregated,
# masked (data.tutela.lib.config.masks: truncation to the last digits and similar) or hashed with a key.
deidentified(c) if {
	some t in c.transforms
	is_string(t)
	lower(t) in ((aggregates | keyed_hashes) | data.tutela.lib.config.masks)
}

# personal holds for a shared column of a personal category.
personal(c) if {
	is_string(c.category)
	c.category != "ninguna"
}

# identifiable holds for a shared column that sends a titular's personal data as such.
identifiable(c) if {
	personal(c)
	not deidentified(c)
}

# identifiable_columns is the set of indexes of such columns.
identifiable_columns contains i if {
	is_manifest
	some i, c in input.columns
	identifiable(c)
}

# shares_personal holds when the manifest sends any identifiable personal data.
shares_personal if count(identifiable_columns) > 0

sensitive_categories := {"sensible", "biometrico"}

financial_categories := {"patrimonial", "pci_pan"}

# has(obj, key) holds when obj[key] is a non-empty string.
has(obj, key) if {
	is_string(obj[key])
	obj[key] != ""
}

# exception is the Art. 36 exception the manifest claims (empty when none).
default exception := ""

exception := input.legal_basis.exception if has(input.legal_basis, "exception")

# consent is the kind of consent the manifest records (empty when none).
default consent := ""

consent := input.legal_basis.consent if has(input.legal_basis, "consent")

# purpose_tags is the set of tags of the manifest's purpose.
purpose_tags := {t | some t in input.purpose_details.tags} if is_array(input.purpose_details.tags)

else := set()

# contract_clauses is the set of clauses of the contract that covers the manifest.
contract_clauses := {c | some c in input.contract.clauses} if is_array(input.contract.clauses)

else := set()

# manifest_id and recipient_id name the manifest and its recipient in a finding's values;
# null when the fact lacks them (a finding is never dropped for a missing name).
manifest_id := object.get(input, "id", null)

recipient_id := object.get(input, ["recipient", "id"], null)

# METADATA
# title: Inventory helpers
# description: |
#   Lookups into `data.tutela.inventory` (the inventory as JSON, see docs/inventory-spec.yaml)
#   and `data.tutela.config`, shared by the rule families. Names are compared case-insensitively,
#   because warehouse dialects normalise identifiers differently.
package tutela.lib.inventory

# profile is "strict" (default) or "legal".
default profile := "strict"

profile := data.tutela.config.profile

# strict is true under the strict profile.
strict if profile == "strict"

# dataset returns the inventory dataset whose `table` equals name (case-insensitive).
dataset(name) := ds if {
	some ds in data.tutela.inventory.datasets
	lower(ds.table) == lower(name)
}

# column returns the column `col` of the dataset `table` (case-insensitive).
column(table, col) := c if {
	some c in dataset(table).columns
	lower(c.name) == lower(col)
}

# purpose returns the inventory purpose with the given id.
purpose(id) := p if {
	some p in data.tutela.inventory.purposes
	p.id == id
}

# recipient returns the inventory recipient with the given id.
recipient(id) := r if {
	some r in data.tutela.inventory.recipients
	r.id == id
}

# column_purposes returns the purposes a column may serve: its own list when given,
# else its table's.
column_purposes(table, col) := {p | some p in c.purposes} if {
	c := column(table, col)
	c.purposes
}

column_purposes(table, col) := {p | some p in dataset(table).purposes} if {
	c := column(table, col)
	not c.purposes
}

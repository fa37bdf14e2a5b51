# METADATA
# title: Statement helpers
# description: |
#   Lookups shared by the rule families that judge SQL statement facts (docs/facts.md) against
#   `data.tutela.inventory` (Inventory.to_data(): `tables` by lower-case key with
#   `columns_by_name`, `purposes_by_id`, `recipients_by_id`).
package tutela.lib.statement

# is_statement holds when `input` is a SQL statement fact (manifests have their own rules).
is_statement if input.kind == "statement"

# inventory_tables and inventory_purposes alias the inventory maps: regorus resolves each
# `data.tutela.inventory...` reference by scanning every loaded module (~15 µs a reference),
# but a rule once per fact, so the helpers below and the families look up through these.
inventory_tables := data.tutela.inventory.tables

inventory_purposes := data.tutela.inventory.purposes_by_id

# lower_name returns a name in lower case; undefined, never an error, when it is not a string
# (an exposure whose column has several candidate tables has `table: null`; docs/facts.md).
# Rules compare names through it: regorus stops the whole evaluation on `lower(null)`.
lower_name(name) := lower(name) if is_string(name)

# lower_or_null is lower_name for a finding's values: null, not undefined, for a non-string,
# so a finding about an unnamed table is still reported (its sentence reads "(unknown)").
lower_or_null(name) := lower(name) if is_string(name)

else := null

# table returns the inventory dataset named `name` (any case), if the inventory lists it.
table(name) := inventory_tables[lower_name(name)]

# column returns the inventory column `col` of table `name`.
column(name, col) := table(name).columns_by_name[lower_name(col)]

# purpose_by_id returns the inventory purpose with this id.
purpose_by_id(id) := inventory_purposes[id]

# declared_purpose is the inventory purpose the statement declares.
declared_purpose := purpose_by_id(input.purpose) if is_statement

# personal holds for an exposure/reference whose inventory category is personal data.
personal(entry) if {
	is_string(entry.category)
	entry.category != "ninguna"
}

# legal_purpose holds for a purpose tagged with one of data.tutela.lib.config.legal_tags.
legal_purpose(p) if {
	some tag in p.tags
	tag in data.tutela.lib.config.legal_tags
}

# is_exclusion_list holds for a table the inventory marks as an exclusion list.
is_exclusion_list(name) if table(name).exclusion_list

# allowed holds when purpose `pid` may use column `col` of table `name` (both lower case):
# the column's own `purposes` when given, else its table's. A purpose tagged `arco` or
# `deletion` may use every column of a table that lists it: an access request covers all the
# titular's data (LFPDPPP Art. 22) and a deletion touches every column.
allowed(name, col, pid) if {
	purposes := inventory_tables[name].columns_by_name[col].purposes
	is_array(purposes)
	pid in purposes
}

allowed(name, col, pid) if {
	not is_array(inventory_tables[name].columns_by_name[col].purposes)
	pid in inventory_tables[name].purposes
}

allowed(name, col, pid) if {
	_arco_purpose(pid)
	pid in inventory_tables[name].purposes
}

_arco_purpose(pid) if {
	some tag in inventory_purposes[pid].tags
	tag in {"arco", "deletion"}
}

# uses is every use of a base column: each exposure and each reference, with a rank that
# orders exposures first, so a rule can point at the first use of a column.
# uses lists every use of a base column, exposures first, then references, each in fact
# order: {path, rank, table, column, entry}. An array, not a set: regorus hashes every member
# of a set, and a statement can hold thousands of uses.
uses := array.concat(
	[u |
		is_statement
		some i, e in input.exposures
		is_string(e.table)
		is_string(e.column)
		u := {"path": ["exposures", i], "rank": i, "table": lower(e.table), "column": lower(e.column), "entry": e}
	],
	[u |
		is_statement
		some i, e in input.references
		is_string(e.table)
		is_string(e.column)
		u := {
			"path": ["references", i], "rank": 1000000 + i,
			"table": lower(e.table), "column": lower(e.column), "entry": e,
		}
	],
)

# first_path returns the path of the first use of column `col` of table `name` (lower case):
# `uses` is in rank order, so the first match is the first use (linear, once per finding).
first_path(name, col) := [u.path | some u in uses; u.table == name; u.column == col][0]

# first_read returns the path of the first `reads` entry of table `name` (lower case).
first_read(name) := ["reads", i] if {
	i := min({j | some j, r in input.reads; lower_name(r.table) == name})
}

# first_exposure returns the path of the first exposure of a column of table `name`.
first_exposure(name) := ["exposures", i] if {
	i := min({j | some j, e in input.exposures; lower_name(e.table) == name})
}

# declared_legal holds when the declared purpose is tagged with one of data.tutela.lib.config.legal_tags.
declared_legal if legal_purpose(declared_purpose)

# occurrence(entry): which occurrence of its table an exposure, consent filter or exclusion
# pair comes from (its `read`, an index in input.reads), or null when the facts do not say.
occurrence(entry) := entry.read if is_number(entry.read)

occurrence(entry) := null if not is_number(entry.read)

# same_occurrence(a, b): two occurrences may be the same one. Unattributed (null) entries,
# from older or hand-written facts or columns the analyser cannot attribute, match any.
same_occurrence(a, b) if a == b

same_occurrence(a, _) if a == null

same_occurrence(_, b) if b == null

# METADATA
# title: Exclusion-list helpers
# description: |
#   One reading of "this contact was removed against an exclusion list", shared by the SQL
#   gate (EXC001, EXC002 over statement facts) and the manifest gate (SHR005 over a share's
#   query), so the two agree on the same query.
package tutela.lib.exclusion

import data.tutela.lib.statement

# applicable_kinds(contact_type): the exclusion lists that can hold a contact of that type.
# The REPEP (PROFECO's register) lists phone numbers; the internal list phones and e-mails.
applicable_kinds(contact_type) := {"internal", "repep"} if contact_type == "phone"

applicable_kinds(contact_type) := {"internal"} if contact_type == "email"

# Which lists each purpose tag requires: any marketing use honours the titulares' objections
# on the internal list (LFPDPPP Art. 26; Art. 15 fr. IV); marketing calls and messages also
# leave out the consumers in the REPEP (LFPC Arts. 18, 18 Bis).
_tag_kinds := {"marketing": {"internal"}, "telemarketing": {"internal", "repep"}}

# required_kinds(tags, contact_type): the lists a contact of that type must be anti-joined
# against for a purpose with these tags — each list the tags require that can hold it. A phone
# in a telemarketing audience needs the internal list and the REPEP; an e-mail never needs
# the REPEP.
required_kinds(tags, contact_type) := {k |
	some tag in tags
	some k in _tag_kinds[tag]
	k in applicable_kinds(contact_type)
}

# check_kinds(x): the kinds an exclusion check counts for (older facts: its one kind).
check_kinds(x) := {k | some k in x.exclusion_kinds} if is_array(x.exclusion_kinds)

check_kinds(x) := {x.exclusion_kind} if {
	not is_array(x.exclusion_kinds)
	is_string(x.exclusion_kind)
}

# covered(checks, t, c, read, kinds): some check in `checks` is a real anti-join (it removes
# the listed rows and depends on the person) against a list of one of `kinds`, matching
# column c of table t (lower case) on that occurrence `read` (null matches any) through one
# of the list's contact columns.
covered(checks, t, c, read, kinds) if {
	some x in checks
	x.anti == true
	x.correlated == true
	count(check_kinds(x) & kinds) > 0
	some pair in x.pairs
	is_string(pair.table)
	is_string(pair.column)
	lower(pair.table) == t
	lower(pair.column) == c
	is_string(pair.exclusion_column)
	lower(pair.exclusion_column) in {lower(col) | some col in x.exclusion_columns; is_string(col)}
	statement.same_occurrence(statement.occurrence(pair), read)
}

# is_list(name): the inventory marks the table as one or more exclusion lists.
is_list(name) if count(object.get(statement.table(name), "exclusion_lists", [])) > 0

is_list(name) if statement.table(name).exclusion_list

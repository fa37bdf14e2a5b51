# METADATA
# title: Finding constructors
# description: |
#   Every tutela rule adds objects built here to its `deny` or `warn` set.
#   Python renders the sentence from the rule's `custom.message` templates (Spanish or English,
#   `--lang`), maps `path` (keys and indexes into the input fact) to file:line:col and adds
#   the severity and the legal basis from the rule's METADATA (STYLE.md 7.4).
package tutela.lib.finding

# with_values returns the finding object {id, values, path}.
#   id:     the rule code, written literally (e.g. "PUR002"); it must equal the METADATA custom.id.
#   values: an object of the values the rule's `custom.message` templates name, e.g.
#           {"table": t, "column": c, "purpose": input.purpose}; strings, numbers, lists or null
#           (a null value reads "(unknown)"/"(desconocido)": rules must never fail on one).
#   path:   a list of keys and indexes into the input fact, e.g. ["columns", 2].
with_values(id, values, path) := {"id": id, "values": values, "path": path}

# variant is with_values for a rule that words its findings in more than one way: `variant`
# names the entry under the rule's `custom.message` (e.g. "no_consent_column").
variant(id, name, values, path) := {"id": id, "variant": name, "values": values, "path": path}

# new returns {id, msg, path}: the older convention, where the rule writes its own English
# sentence. It still works for custom rules; a rule with a `custom.message` is rendered from
# that instead, and `msg` is only the fallback.
new(id, msg, path) := {"id": id, "msg": msg, "path": path}

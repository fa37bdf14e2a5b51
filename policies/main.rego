# METADATA
# title: tutela aggregator
# description: |
#   Evaluates every rule family over a batch of facts in one query.
#   input = {"facts": [fact, ...]}; each fact is what one rule family sees as `input`.
#   The per-fact `verdict` and the list of `families` live in the package
#   `tutela.main.generated`, which tutela writes at load time from the policy folders
#   (one static reference per family: regorus evaluates static references about twice as fast
#   as `data.tutela[family]`, and a dynamic reference would make every package under
#   `tutela` a dependency of this one). `tutela bundle` ships that module too.
#   When it is missing, `findings` is undefined and tutela fails closed.
package tutela.main

import data.tutela.main.generated

# findings = {"families": [...], "revision": "...",
#             "results": [{"deny": [...], "warn": [...], "families": [...]}, ...]},
# one result per fact, in input order. tutela checks that the families and the revision are
# the ones it loaded and that every family answered for every fact (verdict completeness).
findings := {
	"families": generated.families,
	"revision": generated.revision,
	"results": [verdict | some fact in input.facts; verdict := generated.verdict with input as fact],
}

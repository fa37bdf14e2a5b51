"""Lint dbt models without dbt, a profile or a database: render them as dbt would.

A model is rendered in a sandboxed Jinja environment with the context dbt gives it
(:mod:`tutela.sql.dbt.relations`, :mod:`tutela.sql.dbt.macros`), and the project is read
as dbt reads it:

* ``dbt_project.yml``, ``sources.yml`` and ``schema.yml`` values are Jinja too
  (``+database: "{{ env_var('DB', 'analytics') }}"``, ``schema: "{{ var('crm_schema',
  'crm') }}"``, ``+enabled: "{{ var('with_x', false) }}"``): they are rendered with ``var``,
  ``env_var`` and ``target`` before use.
* ``ref('m')`` -> the relation of model ``m``: from ``target/manifest.json`` when it exists,
  else ``<database>.<schema>.<alias>`` from the project's configuration (``+database`` /
  ``+schema`` in dbt_project.yml, schema.yml ``config``). Custom schemas are used verbatim
  (as a ``generate_schema_name`` override does); the inventory matches names by their
  trailing parts, so a missing database still matches. An ephemeral model is inlined as a
  subquery, exactly as dbt does, so reads through it reach the underlying tables.
* ``source('s', 't')`` -> ``<database>.<schema>.<identifier>`` from the sources YAML.
* ``var('x', default)``: the root project's vars scoped to the calling package
  (``vars: {my_package: {x: 1}}``), then its global vars, then the package's own
  ``dbt_project.yml`` vars, then the default (an explicit ``none`` is a default, as in dbt).
  A var whose value is Jinja (``"{{ source('crm', 'clientes') }}"``) is rendered, as dbt does.
* ``config(...)`` records the model's configuration (``meta.purpose`` becomes the declared
  purpose; ``enabled=false`` skips the model, as dbt does); ``is_incremental()`` is false (the
  full-refresh query, which reads the most); ``this`` is the model's own relation;
  ``env_var('X', d)`` -> ``d`` (the environment is never read); ``execute`` is true, as in
  ``dbt compile``, so the ``{% if execute %}`` branch (the one that queries the warehouse
  and reads data) is the one rendered. ``target`` has ``name`` (``tutela``), ``schema``,
  ``database`` and ``type``: the dbt adapter of the file's dialect, so ``adapter.dispatch``
  picks ``snowflake__x`` for Snowflake and ``default__x`` otherwise. ``flags``, ``graph``
  (the project's models and sources), ``modules``, ``run_started_at`` (a fixed instant, so
  output is reproducible), ``return``, ``exceptions`` and ``api`` are there too.
* Macros: dbt's cross-database macros (``dbt.dateadd``, ``dbt.type_timestamp``...,
  :mod:`tutela.sql.dbt_crossdb`), the project's ``macro-paths`` and every package installed
  under ``dbt_packages/`` (or ``packages-install-path``) run in the sandbox as dbt would run
  them, with ``adapter.dispatch`` and the project's ``dispatch`` search order.
* Introspection (``adapter.get_columns_in_relation``, ``adapter.get_relation``, and so
  ``dbt_utils.star``) is answered from the inventory's column lists, or through a model that
  selects from a declared relation; otherwise the answer is unknown. Queries a model runs
  (``run_query``, ``load_result``, ``dbt_utils.get_column_values``) answer one row of data
  values (:class:`~tutela.sql.dbt.relations.QueryResult`): printed they name themselves,
  compared they fail closed.
* ``target/manifest.json``'s ``compiled_code`` is used instead of rendering when the
  manifest's checksum of the model matches the file (it is fresh).
* Any other macro or variable, and ``var()``/``env_var()`` without a value or default, is a
  placeholder (:mod:`tutela.sql.jinja_placeholder`). Printed inside ``{{ }}`` it renders
  as an identifier, ``tutela_macro_<name>``, ``tutela_var_<name>`` or ``tutela_env_<name>``:
  it never hides a table or column, it shows up as an unknown one. In type position
  (``cast(x as {{ my_type() }})``) it renders as a type name, so the statement still parses.

Fail closed on control flow: a placeholder that would decide *which* SQL is rendered
(``{% for %}`` over it, ``{% if %}`` on it, ``and``/``or``/``not``, ``|length``, ``in``,
``==`` and ``<``, arithmetic, ``|join``/``|list``/``|first`` and other filters that
iterate, ``|default``, any ``is`` test: ``is defined``, ``is none``...) makes the model an
error, exit 2, located at the model line of the use, naming the macro and the fix: lint the
compiled SQL (``dbt compile``, then pass the file under ``target/compiled/`` explicitly,
since tutela skips dbt's ``target`` folder when it walks a folder), or give the ``var()`` a
value. Rendering it as empty or false instead would drop SQL, and the personal columns it
reads would be invisible to every rule. The same holds for an introspection answer tutela
does not have: the error says which relation to declare in the inventory. A model that dbt
could not compile either (``{{ 1 / 0 }}``, ``exceptions.raise_compiler_error``) is an error
too, never a crash.

Decision: an undefined ``var('x')`` is a placeholder, not the text ``tutela_var_x`` that
earlier versions returned. That text is truthy, so ``{% if var('x') %}`` kept its body,
but ``{% if not var('x') %}``, ``{% if var('env') == 'prod' %}`` and
``{% for t in var('tables') %}`` (a loop over the letters of the text) silently rendered
something dbt never would; dbt itself refuses a required var that has no value. A user
who gates personal data on a var expects tutela to refuse to guess: it says which var
to set in ``dbt_project.yml``. Text that a filter made from a placeholder (``|lower``,
``~``) is plain text and compares as such: only the placeholder itself is guarded.

Lines are mapped back to the model file: every fact position is a line of the model
as written. Columns are exact up to the first ``{{ }}`` on a line.
"""

from typing import TYPE_CHECKING

from tutela.lazy import lazy_names
from tutela.sql.dbt.project import DbtProject, ModelConfig, find_dbt_project

if TYPE_CHECKING:
    from tutela.sql.dbt.lines import RenderedModel
    from tutela.sql.dbt.render import render_model, renderer

# The renderer (and with it PyYAML) loads on first use: a lint run whose files all hit the
# facts cache asks only ``find_dbt_project``.
_LAZY = {
    "RenderedModel": "tutela.sql.dbt.lines",
    "render_model": "tutela.sql.dbt.render",
    "renderer": "tutela.sql.dbt.render",
}


__getattr__ = lazy_names(__name__, _LAZY)


__all__ = [
    "DbtProject",
    "ModelConfig",
    "RenderedModel",
    "find_dbt_project",
    "render_model",
    "renderer",
]

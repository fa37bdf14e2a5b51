"""Query-history layouts: each warehouse's export columns mapped to one canonical row.

A history export is read as the warehouse writes it (CSV, JSON Lines or Parquet). Each
vendor is a :class:`Vendor`: for every canonical field, the export's column names that may
hold it, in order of preference (matched without regard to case). docs/audit.md documents
each mapping with the vendor's own column names.

Canonical fields::

    query_id    the warehouse's id of the execution (or of the statement, pg_stat_statements)
    query_text  the SQL text as executed
    user        who ran it (user name, e-mail, service principal)
    user_type   what the warehouse says the principal is (``SERVICE``, ``PERSON``...), if it does
    role        the role it ran as
    warehouse   virtual warehouse, reservation, WLM queue or compute the query ran on
    query_tag   the session's query tag or the job's labels
    application the client application
    start_time  when it started
    executions  how many executions the row stands for (``calls`` in pg_stat_statements; else 1)
    status      the execution status (rows in ``failed`` are not counted: they read nothing)
    statement_type  the statement kind (BigQuery ``SCRIPT`` parents repeat their children)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FIELDS = (
    "query_id",
    "query_text",
    "user",
    "user_type",
    "role",
    "warehouse",
    "query_tag",
    "application",
    "start_time",
    "executions",
    "status",
    "statement_type",
)


@dataclass(frozen=True)
class Vendor:
    """One warehouse's query-history layout."""

    name: str
    title: str
    dialect: str
    columns: dict[str, tuple[str, ...]]
    required: tuple[str, ...] = ("query_text",)
    failed: frozenset[str] = frozenset()
    skip_statement_types: frozenset[str] = frozenset()
    signature: tuple[str, ...] = field(default=())
    """Columns whose presence identifies the layout (auto-detection)."""

    def is_service(self, user: str | None, user_type: str | None) -> bool:
        """Whether the principal is a service account, as far as this layout tells.

        Example:
            >>> VENDORS["bigquery"].is_service("etl@proj.iam.gserviceaccount.com", None)
            True
            >>> VENDORS["snowflake"].is_service("SVC_DBT", "SERVICE")
            True
            >>> VENDORS["postgres"].is_service("etl", None)
            False
        """
        if user_type and user_type.strip().upper() in {"SERVICE", "LEGACY_SERVICE"}:
            return True
        if not user:
            return False
        if self.name == "bigquery":
            return user.lower().endswith(".gserviceaccount.com")
        if self.name == "databricks":
            # A service principal runs under its application id (a UUID).
            return _UUID.fullmatch(user.strip()) is not None
        return False


_UUID = re.compile(r"[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")

VENDORS: dict[str, Vendor] = {
    "snowflake": Vendor(
        "snowflake",
        "Snowflake SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY",
        "snowflake",
        {
            "query_id": ("QUERY_ID",),
            "query_text": ("QUERY_TEXT",),
            "user": ("USER_NAME",),
            "user_type": ("USER_TYPE",),
            "role": ("ROLE_NAME",),
            "warehouse": ("WAREHOUSE_NAME",),
            "query_tag": ("QUERY_TAG",),
            # Not in QUERY_HISTORY: join ACCOUNT_USAGE.SESSIONS on SESSION_ID to add it.
            "application": ("CLIENT_APPLICATION_ID",),
            "start_time": ("START_TIME",),
            "status": ("EXECUTION_STATUS",),
            "statement_type": ("QUERY_TYPE",),
        },
        failed=frozenset({"FAIL", "INCIDENT"}),
        signature=("QUERY_TEXT", "WAREHOUSE_NAME"),
    ),
    "bigquery": Vendor(
        "bigquery",
        "BigQuery region-xx.INFORMATION_SCHEMA.JOBS",
        "bigquery",
        {
            "query_id": ("job_id",),
            "query_text": ("query",),
            "user": ("user_email", "principal_subject"),
            "role": (),
            "warehouse": ("reservation_id",),
            "query_tag": ("labels",),
            "start_time": ("start_time", "creation_time"),
            "status": ("state",),
            "statement_type": ("statement_type",),
        },
        # A script's parent job repeats the text of the child jobs that ran its statements.
        skip_statement_types=frozenset({"SCRIPT"}),
        signature=("job_id", "user_email"),
    ),
    "redshift": Vendor(
        "redshift",
        "Amazon Redshift SYS_QUERY_HISTORY",
        "redshift",
        {
            "query_id": ("query_id",),
            "query_text": ("query_text",),
            # SYS_QUERY_HISTORY has only user_id: join SVV_USER_INFO (or pg_user) for the name.
            "user": ("user_name", "usename", "user_id"),
            "role": (),
            "warehouse": ("service_class_name",),
            "query_tag": ("query_label",),
            "start_time": ("start_time",),
            "status": ("status",),
            "statement_type": ("query_type",),
        },
        failed=frozenset({"FAILED", "CANCELED", "CANCELLED"}),
        signature=("query_id", "query_text", "transaction_id"),
    ),
    "databricks": Vendor(
        "databricks",
        "Databricks system.query.history",
        "databricks",
        {
            "query_id": ("statement_id",),
            "query_text": ("statement_text",),
            "user": ("executed_by", "executed_as"),
            "role": (),
            "warehouse": ("compute",),
            "query_tag": ("query_tags",),
            "application": ("client_application",),
            "start_time": ("start_time",),
            "status": ("execution_status",),
            "statement_type": ("statement_type",),
        },
        failed=frozenset({"FAILED", "CANCELED"}),
        signature=("statement_id", "statement_text"),
    ),
    "postgres": Vendor(
        "postgres",
        "PostgreSQL pg_stat_statements",
        "postgres",
        {
            "query_id": ("queryid",),
            "query_text": ("query",),
            # pg_stat_statements has only userid: join pg_roles (rolname) for the name.
            "user": ("rolname", "usename", "userid"),
            "role": (),
            "start_time": ("stats_since",),
            "executions": ("calls",),
        },
        signature=("queryid", "calls"),
    ),
}


def detect_vendor(columns: list[str]) -> Vendor | None:
    """The layout whose signature columns all appear in ``columns`` (case-insensitive).

    Example:
        >>> detect_vendor(["QUERY_ID", "QUERY_TEXT", "WAREHOUSE_NAME"]).name
        'snowflake'
        >>> detect_vendor(["userid", "queryid", "query", "calls"]).name
        'postgres'
        >>> detect_vendor(["a", "b"]) is None
        True
    """
    present = {c.lower() for c in columns}
    for vendor in VENDORS.values():
        if all(s.lower() in present for s in vendor.signature):
            return vendor
    return None


def resolve_columns(vendor: Vendor, columns: list[str]) -> dict[str, str | None]:
    """For each canonical field, the export's column that holds it (None: absent).

    Example:
        >>> cols = resolve_columns(VENDORS["redshift"], ["query_id", "QUERY_TEXT", "user_id"])
        >>> cols["query_text"], cols["user"], cols["role"]
        ('QUERY_TEXT', 'user_id', None)
    """
    by_lower = {c.lower(): c for c in columns}
    out: dict[str, str | None] = {}
    for name in FIELDS:
        found = None
        for candidate in vendor.columns.get(name, ()):
            if candidate.lower() in by_lower:
                found = by_lower[candidate.lower()]
                break
        out[name] = found
    return out

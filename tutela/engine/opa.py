"""The OPA back end: a real OPA server, through opa-python-client (imported lazily).

Set-up (``push=True``, the default): every module is uploaded with
``PUT /v1/policies/<id>`` (ids start with ``tutela/``; modules with that prefix that are no
longer in the policy folders are deleted, so a removed rule stops firing), then the data
with ``PUT /v1/data/tutela/inventory``, ``/v1/data/tutela/config`` and ``/v1/data/user``
(never ``/v1/data/tutela`` itself: OPA refuses data that overlaps a policy package).
With ``push=False`` the server is assumed to run a tutela bundle (``tutela bundle``).

Evaluation: one ``POST /v1/data/tutela/main/findings`` per batch of facts, body
``{"input": {"facts": [...]}}`` (not ``bulk_query_rule``, which inlines every input into
the query text). Every failure is an :class:`EngineError` naming the URL: connection
refused, timeout, HTTP 4xx/5xx, a truncated or non-JSON body, or a missing ``result``
(an undefined decision). The gate fails closed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from tutela.engine.base import (
    AGGREGATE_PATH,
    PolicyModule,
    PolicySet,
    RawFinding,
    check_answer,
    chunks,
)
from tutela.engine.base import parse_results as _parse_results
from tutela.errors import ConfigError, EngineError, EvaluationError, PolicyError, TutelaError

CHUNK_SIZE = 100
_PREFIX = "tutela/"


def _describe(exc: BaseException) -> str:
    import requests

    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "connection timed out"
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return "the server did not answer in time"
    if isinstance(exc, requests.exceptions.ConnectionError):
        text = str(exc)
        if "Connection refused" in text:
            return "connection refused (is OPA running?)"
        if "RemoteDisconnected" in text or "Connection aborted" in text:
            return "the server closed the connection without answering"
        return "cannot connect"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "the response body was cut short"
    if isinstance(exc, requests.exceptions.HTTPError) and exc.response is not None:
        return _http_detail(exc.response)
    if isinstance(exc, ValueError):
        return "the response is not valid JSON"
    return f"{type(exc).__name__}: {exc}"


def _http_detail(response: Any) -> str:
    detail = f"HTTP {response.status_code}"
    try:
        body = response.json()
    except ValueError:
        return detail
    if isinstance(body, dict) and body.get("message"):
        detail += f": {body['message']}"
        errors = body.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            detail += f" ({errors[0].get('message', '')})"
    return detail


class OpaEngine:
    """Evaluate facts on an OPA server."""

    def __init__(
        self,
        policies: PolicySet,
        data: Mapping[str, Any],
        *,
        url: str,
        timeout: float = 10.0,
        push: bool = True,
        chunk_size: int = CHUNK_SIZE,
        token: str | None = None,
        retries: int = 2,
    ) -> None:
        """Connect to ``url`` and (when ``push``) upload the policies and the data.

        Raises:
            ConfigError: ``url`` is not an ``http(s)://host[:port]`` URL.
            PolicyError: OPA rejects a module (with its file, line and column).
            EngineError: the server cannot be reached or refuses the data.
        """
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(
                f"opa_url {url!r} is not an http(s):// URL", hint="e.g. http://localhost:8181"
            )
        if parts.path not in ("", "/"):
            raise ConfigError(f"opa_url {url!r} has a path; give only scheme, host and port")
        from opa_client import OpaClient  # lazy: ~0.4 s of imports (requests, aiohttp)

        self.url = url.rstrip("/")
        self.policies = policies
        self.chunk_size = chunk_size
        self.timeout = timeout
        self._client = OpaClient(
            host=parts.hostname,
            port=parts.port or (443 if parts.scheme == "https" else 80),
            ssl=parts.scheme == "https",
            timeout=timeout,
            retries=retries,
            token=token,
        )
        if push:
            self._push(policies.policy_modules(), data)

    def _fail(self, path: str, exc: BaseException, action: str) -> EngineError:
        return EngineError(
            f"OPA server {self.url}: {action} {path} failed: {_describe(exc)}",
            hint="check that OPA runs at that URL (opa run --server) and `opa_timeout`",
        )

    def _push(self, modules: Sequence[PolicyModule], data: Mapping[str, Any]) -> None:
        import requests
        from opa_client.errors import RegoParseError

        by_id = {m.id: m for m in modules}
        for module in modules:
            path = f"/v1/policies/{module.id}"
            try:
                self._client.update_policy_from_string(module.text, module.id, rego_compat=False)
            except RegoParseError as exc:
                raise self._policy_error(module, exc, path) from None
            except (requests.RequestException, ValueError) as exc:
                raise self._fail(path, exc, "PUT") from None
        self._delete_stale(set(by_id))
        for endpoint, value in _data_parts(data):
            try:
                self._client.update_or_create_data(value, endpoint)
            except RegoParseError as exc:
                raise EngineError(
                    f"OPA server {self.url}: PUT /v1/data/{endpoint} was refused: {exc.message}"
                ) from None
            except (requests.RequestException, ValueError) as exc:
                raise self._fail(f"/v1/data/{endpoint}", exc, "PUT") from None

    def _delete_stale(self, current: set[str]) -> None:
        import requests

        # GET /v1/policies (OPA's documented list endpoint). The client's own
        # get_policies_list() asks for "/v1/policies/", which OPA's router does not promise.
        session = self._client._session
        try:
            response = session.get(f"{self._client.root_url}/policies", timeout=self.timeout)
            response.raise_for_status()
            listed = [p.get("id") for p in response.json().get("result", [])]
        except (requests.RequestException, ValueError, AttributeError) as exc:
            raise self._fail("/v1/policies", exc, "GET") from None
        for policy_id in listed:
            if (
                isinstance(policy_id, str)
                and policy_id.startswith(_PREFIX)
                and (policy_id not in current)
            ):
                try:
                    self._client.delete_policy(policy_id)
                except Exception as exc:  # DeletePolicyError or requests errors
                    raise self._fail(f"/v1/policies/{policy_id}", exc, "DELETE") from None

    def _policy_error(self, module: PolicyModule, exc: Any, path: str) -> TutelaError:
        errors = [e for e in (getattr(exc, "errors", None) or []) if isinstance(e, dict)]
        compile_errors = [e for e in errors if str(e.get("code", "")).startswith("rego_")]
        if not compile_errors:
            return EngineError(
                f"OPA server {self.url}: PUT {path} failed: {exc.expression}: {exc.message}"
            )
        first = compile_errors[0]
        loc = first.get("location") or {}
        more = len(compile_errors) - 1
        return PolicyError(
            f"OPA rejected the policy: {first.get('message', '')}"
            + (f" (and {more} more)" if more else ""),
            module.file,
            loc.get("row"),
            loc.get("col"),
        )

    def evaluate(self, facts: Sequence[Mapping[str, Any]]) -> list[list[RawFinding]]:
        """Evaluate ``facts`` with one POST per chunk; one sorted findings list per fact.

        Raises:
            EngineError: any transport or protocol failure (fail closed).
        """
        import requests

        out: list[list[RawFinding]] = []
        path = f"/v1/data/{AGGREGATE_PATH}"
        for chunk in chunks(list(facts), self.chunk_size):
            try:
                json.dumps(list(chunk))
            except (TypeError, ValueError) as exc:
                raise EvaluationError(f"a fact is not JSON-serialisable: {exc}") from None
            try:
                body = self._client.query_rule({"facts": list(chunk)}, "tutela.main", "findings")
            except requests.HTTPError as exc:
                failed = self._fail(path, exc, "POST")
                if _is_evaluation_error(exc.response):
                    # A rule failed on these facts (OPA's eval_* errors): the gate narrows it
                    # down to the facts that cause it; the others keep their verdicts.
                    raise EvaluationError(failed.message, hint=failed.hint) from None
                raise failed from None
            except (requests.RequestException, ValueError) as exc:
                raise self._fail(path, exc, "POST") from None
            if not isinstance(body, dict) or "result" not in body:
                raise EngineError(
                    f"OPA server {self.url}: POST {path} returned no result (the decision is "
                    "undefined)",
                    hint="are the tutela policies loaded? (push them, or run a tutela bundle)",
                )
            where = f"{self.url}{path}"
            # Verdict completeness: the server's aggregator must be the policies loaded here
            # (same families, same revision) and every family must answer for every fact.
            check_answer(body["result"], self.policies.families, self.policies.revision, where)
            out.extend(_parse_results(body["result"], len(chunk), where, self.policies.families))
        return out


def _is_evaluation_error(response: Any) -> bool:
    """Whether an HTTP error is OPA reporting a run-time error of a rule (``eval_*`` codes)."""
    if response is None or response.status_code != 500:
        return False
    try:
        body = response.json()
    except ValueError:
        return False
    if not isinstance(body, dict):
        return False
    codes = [str(e.get("code", "")) for e in body.get("errors") or [] if isinstance(e, dict)]
    return any(c.startswith("eval_") for c in codes) or "eval_" in str(body.get("message", ""))


def _data_parts(data: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    parts: list[tuple[str, dict[str, Any]]] = []
    for top, value in data.items():
        if top == "tutela" and isinstance(value, Mapping):
            parts += [(f"tutela/{k}", dict(v)) for k, v in value.items() if isinstance(v, Mapping)]
        elif isinstance(value, Mapping):
            parts.append((top, dict(value)))
    return parts

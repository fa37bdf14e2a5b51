"""Fixtures for the engine tests: the toy policies, their inventory, the fake OPA server."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TOY = FIXTURES / "policies" / "toy"
TOY_INVENTORY = FIXTURES / "policies" / "toy_inventory.yaml"


def _load_server_module() -> Any:
    name = "tutela_test_opa_server"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, FIXTURES / "opa_server.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def toy_dir() -> Path:
    return TOY


@pytest.fixture(scope="session")
def toy_data() -> dict[str, Any]:
    from tutela.engine.base import engine_data
    from tutela.inventory import load_inventory

    return engine_data(
        inventory=load_inventory(TOY_INVENTORY).to_data(), config={"profile": "strict"}
    )


@pytest.fixture
def opa_module() -> Any:
    return _load_server_module()


@pytest.fixture
def opa_server(opa_module: Any) -> Iterator[Any]:
    with opa_module.OpaServer() as server:
        yield server

"""One reader for user files (tutela.textfile): SQL, inventory and manifests decode alike.

Issue 19.7: a Windows-1252 file with curly quotes must not be analysed with the quotes read as
identifier characters; lone surrogates are never decoded in silence; the assumed encoding is
said (a warning); a decoding guess never changes what a statement reads.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tutela.errors import InputError, SQLInputError
from tutela.textfile import decode, read_text

SQL = "SELECT nombre FROM cc_dwh.crm.clientes WHERE ciudad = 'Querétaro';\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SQL.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SQL.encode("utf-8"), "utf-8-sig"),
        (SQL.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + SQL.encode("utf-16-be"), "utf-16"),
        (SQL.encode("utf-32"), "utf-32"),
    ],
)
def test_every_kind_of_file_decodes_the_same_certain_encodings(data, encoding):
    for what, legacy in (("file", True), ("inventory", False), ("manifest", False)):
        decoded = decode(data, "x", what=what, legacy=legacy)
        assert (decoded.text, decoded.encoding, decoded.assumed) == (SQL, encoding, False)


def test_legacy_guess_only_for_sql_and_said():
    data = SQL.encode("cp1252")
    decoded = decode(data, "x.sql", legacy=True)
    assert (decoded.text, decoded.encoding, decoded.assumed) == (SQL, "cp1252", True)
    assert "read as Windows-1252 by guess" in (decoded.warning("x.sql") or "")
    with pytest.raises(InputError) as info:
        decode(data, "inv.yaml", what="inventory")
    assert info.value.message.startswith("inventory is not valid UTF-8 text (byte ")
    assert info.value.line == 1


@pytest.mark.parametrize(
    "data",
    [
        b"SELECT '\xed\xa0\x80' AS x",  # an encoded lone surrogate (CESU-8/WTF-8)
        b"SELECT '\xed\xbf\xbf', 'a\xc3\xb1o'",
        "SELECT 'año', '".encode() + b"\xe9'",  # valid UTF-8 mixed with a Latin-1 byte
    ],
)
def test_broken_utf8_is_never_decoded_in_silence(data):
    with pytest.raises(SQLInputError) as info:
        decode(data, "x.sql", legacy=True, error=SQLInputError)
    assert "is not valid UTF-8 text" in info.value.message
    assert info.value.line == 1 and info.value.hint


def test_utf16_lone_surrogate_with_a_bom_is_refused():
    data = codecs.BOM_UTF16_LE + "SELECT '".encode("utf-16-le") + b"\x00\xd8" + b"'\x00"
    with pytest.raises(InputError, match="byte-order mark but is not valid utf-16"):
        decode(data, "x.sql", legacy=True)


def test_binary_and_oversize(tmp_path: Path):
    with pytest.raises(InputError, match="NUL bytes"):
        decode(b"SELECT 1\x00", "x.sql", legacy=True)
    with pytest.raises(InputError, match="tutela reads files up to 1 MiB"):
        decode(b"x" * (1024 * 1024 + 1), "x.sql", max_bytes=1024 * 1024)
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: 1\n" * 300_000)
    with pytest.raises(InputError, match="tutela reads files up to 1 MiB"):
        read_text(big, "big.yaml", max_bytes=1024 * 1024)
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path, "dir", what="inventory")


# --- the guess never changes what a statement reads (SQL) -----------------------------------


@pytest.fixture
def project(tmp_path: Path, example_dir: Path) -> Path:
    (tmp_path / "inventory.yaml").write_bytes((example_dir / "inventory.yaml").read_bytes())
    (tmp_path / "tutela.toml").write_text('inventory = "inventory.yaml"\n', encoding="utf-8")
    return tmp_path


def test_cp1252_curly_quotes_are_refused_not_read_as_identifiers(run_cli, project: Path):
    # Word's curly quotes around a name: in Windows-1252 bytes 0x93/0x94. Read as identifier
    # characters, the statement would name a column that does not exist and lint clean.
    sql = "SELECT “numero_tarjeta” FROM cc_dwh.pagos.legacy_ivr_pagos;\n"
    (project / "q.sql").write_bytes(sql.encode("cp1252"))
    code, out, err = run_cli("lint", "q.sql", "--no-cache", cwd=project)
    assert code == 2, out + err
    assert "q.sql:1:8: could not analyse: file is not UTF-8 and was read as Windows-1252" in out
    assert "U+201C" in out and "typographic quotes" in out


def test_cp1252_accent_in_an_identifier_is_refused(run_cli, project: Path):
    # 0xF1 is ñ in Windows-1252 and Latin-1 but something else in other code pages: the
    # column the statement reads would depend on the guess.
    (project / "q.sql").write_bytes("SELECT año FROM t;\n".encode("cp1252"))
    code, out, _ = run_cli("lint", "q.sql", "--no-cache", cwd=project)
    assert code == 2 and "(U+00F1) stands outside a string literal or comment" in out


def test_cp1252_in_literals_and_comments_is_analysed_with_a_warning(run_cli, project: Path):
    sql = (
        "-- Consulta de cobranza “mensual”, año fiscal\n"
        "SELECT id_cliente FROM cc_dwh.crm.clientes WHERE ciudad = 'Querétaro';\n"
    )
    (project / "q.sql").write_bytes(sql.encode("cp1252"))
    code, out, err = run_cli("lint", "q.sql", "--no-cache", "--format", "json", cwd=project)
    assert code in (0, 1), err
    assert "warning: q.sql: not UTF-8; read as Windows-1252 by guess" in err
    assert '"errors": []' in out
    code, out, err = run_cli("facts", "q.sql", "--no-inventory", cwd=project)
    assert code == 0 and '"encoding": "cp1252"' in out and "read as Windows-1252" in err


def test_utf8_file_gets_no_warning(run_cli, project: Path):
    (project / "q.sql").write_text("SELECT 'año' AS x;\n", encoding="utf-8")
    code, _, err = run_cli("lint", "q.sql", "--no-cache", cwd=project)
    assert code == 0 and "warning" not in err


def test_inventory_and_manifest_use_the_same_reader(tmp_path: Path, example_dir: Path):
    from tutela.inventory import load_inventory
    from tutela.shares.load import load_manifest

    inventory = tmp_path / "inventory.yaml"
    inventory.write_bytes(
        codecs.BOM_UTF16_LE
        + (example_dir / "inventory.yaml").read_text(encoding="utf-8").encode("utf-16-le")
    )
    loaded = load_inventory(inventory)
    manifest = sorted((example_dir / "shares").glob("*.yaml"))[0]
    target = tmp_path / manifest.name
    target.write_bytes(codecs.BOM_UTF8 + manifest.read_bytes())
    assert load_manifest(target, loaded).file == str(target)
    target.write_bytes(b"version: 1\nid: x\x93\n")
    with pytest.raises(InputError) as info:
        load_manifest(target, loaded)
    assert info.value.message == "manifest is not valid UTF-8 text (byte 16: invalid start byte)"
    assert info.value.line == 2

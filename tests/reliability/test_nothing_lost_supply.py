"""Supply imports (a CSV of shares, an ETO folder) on files mixing good rows with every kind of
bad row: every good row lands, every bad row is in quarantine with file, row and reason, and the
same source again changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

from techbloc.ingest.supply import import_supply_source
from tests.reliability.digests import digests, rows


def check_quarantine(db: Path, import_id: int, bad: list[tuple[str, int, str]]) -> None:
    found = rows(
        db,
        "SELECT source_file, source_row, reason, raw_json FROM supply_quarantine "
        "WHERE import_id = ? ORDER BY source_file, source_row",
        [import_id],
    )
    assert [(f, r) for f, r, _, _ in found] == [(f, r) for f, r, _ in bad]
    for (_, _, reason, raw), (_, _, expected) in zip(found, bad, strict=True):
        assert expected in reason
        assert json.loads(raw)  # the row as the file had it


def test_share_csv(fresh_store: Path, tmp_path: Path) -> None:
    lines = [
        "input,country,share,year",
        "arf-resist,JP,60,2024",  # 2
        "arf-resist,Atlantis,10,2024",  # 3: unknown country
        "arf-resist,US,,2024",  # 4: share missing
        "arf-resist,KR,abc,2024",  # 5: not a number
        "arf-resist,DE,-3,2024",  # 6: negative
        "arf-resist,CN,5,1492",  # 7: year out of range
        "arf-resist,NL,20,2024",  # 8
        "arf-resist,JP,60,2024",  # 9: repeats row 2
        "arf-resist,TW,1,2024,extra",  # 10: more cells than columns
    ]
    data = "\n".join(lines).encode() + b"\n" + "arf-resist,中国,5,2024".encode("gbk")  # 11
    data += b'\narf-resist,US,15,2024\narf-resist,"Cut'  # 12 good, 13 truncated
    path = tmp_path / "shares.csv"
    path.write_bytes(data)
    report = import_supply_source(fresh_store, str(path))
    landed = rows(fresh_store, "SELECT actor_code, share_pct FROM supply_shares ORDER BY 1")
    assert landed == [("JP", 60.0), ("NL", 20.0), ("US", 15.0)]
    assert report.import_id is not None
    check_quarantine(fresh_store, report.import_id, [
        ("shares.csv", 3, "unknown country"), ("shares.csv", 4, "share missing"),
        ("shares.csv", 5, "not a number"), ("shares.csv", 6, "negative share"),
        ("shares.csv", 7, "year out of range"), ("shares.csv", 9, "repeats row 2"),
        ("shares.csv", 10, "more cells"), ("shares.csv", 11, "not UTF-8"),
        ("shares.csv", 13, "truncated"),
    ])  # fmt: skip
    before = digests(fresh_store)
    assert import_supply_source(fresh_store, str(path)).status == "already-imported"
    assert digests(fresh_store) == before


def test_eto_folder(fresh_store: Path, tmp_path: Path) -> None:
    files = {
        "providers.csv": b"provider_id,provider_name,provider_type,country\n"
        b"P1,USA,country,\nP2,Nowhere,country,\nP3,Acme,organization,USA\nP4,Odd,club,USA\n"
        + "P5,中国,country,\n".encode("gbk"),  # row 6: not UTF-8
        "inputs.csv": b"input_id,input_name,stage_id,stage_name\nN1,Fab,S2,Fabrication\n"
        b"N2,Etch tools,,\n,No id,,\nN3,Cut",  # row 5 lands ("Cut" is a whole cell)
        "sequence.csv": b"input_id,goes_into_id\nN2,N1\nN9,N1\nN3,N1,extra\n",
        "provision.csv": b"provider_id,provided_id,share_provided,year\nP1,N2,70,2025\n"
        b"P3,N2,20,2025\nP2,N2,5,2025\nP1,N9,5,2025\nP1,N2,abc,2024\nP1,N3,5,2025\n"
        b'P1,N1,"50',  # row 8: the file is cut inside a quoted cell
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    report = import_supply_source(fresh_store, str(tmp_path))
    landed = rows(fresh_store, "SELECT input_id, provider_name, share_pct FROM supply_shares "
                  "WHERE basis <> 'organisations' ORDER BY 1, 2")  # fmt: skip
    assert landed == [("N2", "Acme", 20.0), ("N2", "United States", 70.0),
                      ("N3", "United States", 5.0)]  # fmt: skip
    assert report.import_id is not None
    check_quarantine(fresh_store, report.import_id, [
        ("inputs.csv", 4, "input id or name missing"),
        ("providers.csv", 3, "unknown country"), ("providers.csv", 5, "unknown provider_type"),
        ("providers.csv", 6, "not UTF-8"),
        ("provision.csv", 4, "provider rejected"), ("provision.csv", 5, "unknown input"),
        ("provision.csv", 6, "not a number"), ("provision.csv", 8, "truncated"),
        ("sequence.csv", 3, "unknown input N9"), ("sequence.csv", 4, "more cells"),
    ])  # fmt: skip
    before = digests(fresh_store)
    assert import_supply_source(fresh_store, str(tmp_path)).status == "already-imported"
    assert digests(fresh_store) == before

"""Inputs big enough that an import takes seconds: a CSL snapshot, an OpenSanctions FtM export
with sanctions, addresses and ownership links, a folder of documents. Generated, never real."""

from __future__ import annotations

import csv
import json
from pathlib import Path

EL = "Entity List (EL) - Bureau of Industry and Security"


def write_csl(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "entity_number", "name", "alt_names", "addresses",
                         "start_date", "remarks", "federal_register_notice"])  # fmt: skip
        for i in range(rows):
            writer.writerow([
                EL, 100_000 + i, f"Example Semiconductor Company {i} Ltd",
                f"ESC {i}; 示例半导体{i}", f"{i} Chip Road, Shanghai, CN", "2023-03-01",
                "semiconductor manufacturing equipment and advanced computing " * 2, "88 FR 12345",
            ])  # fmt: skip
    return path


def write_ftm(path: Path, entities: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(entities):
            lines = [
                {"id": f"co-{i}", "schema": "Company", "caption": f"Example Holding {i}",
                 "properties": {"name": [f"Example Holding {i}"], "country": ["cn"],
                                "addressEntity": [f"addr-{i}"]},
                 "datasets": ["eu_fsf"], "target": True},
                {"id": f"addr-{i}", "schema": "Address",
                 "properties": {"full": [f"{i} Example Street, Beijing"], "country": ["cn"]},
                 "datasets": ["eu_fsf"]},
                {"id": f"san-{i}", "schema": "Sanction",
                 "properties": {"entity": [f"co-{i}"], "program": ["EU Russia"],
                                "startDate": ["2023-12-18"], "authority": ["Council of the EU"]},
                 "datasets": ["eu_fsf"]},
            ]  # fmt: skip
            if i:
                share = {"owner": [f"co-{i - 1}"], "asset": [f"co-{i}"], "percentage": ["60"]}
                lines.append({"id": f"own-{i}", "schema": "Ownership", "properties": share,
                              "datasets": ["eu_fsf"]})  # fmt: skip
            handle.writelines(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    return path


def write_documents(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        text = (
            f"关于半导体出口管制的第{i}号通知\n\n"
            "2023年10月17日，美国商务部发布新规，"
            f"限制先进计算芯片和半导体制造设备对华出口。第{i}段。\n\n"
            f"The Wassenaar Arrangement and export controls on item {i}.\n"
        )
        (folder / f"notice_{i:04d}.txt").write_text(text * 3, encoding="utf-8")
    return folder


US_CN_EVENT = {
    "SQLDATE": "20230128", "MonthYear": "202301", "Year": "2023", "FractionDate": "2023.0767",
    "Actor1Code": "USAGOV", "Actor1Name": "UNITED STATES", "Actor1CountryCode": "USA",
    "Actor2Code": "CHN", "Actor2Name": "CHINA", "Actor2CountryCode": "CHN",
    "IsRootEvent": "1", "EventCode": "172", "EventBaseCode": "172", "EventRootCode": "17",
    "QuadClass": "4", "GoldsteinScale": "-5.0", "NumMentions": "10", "NumSources": "1",
    "NumArticles": "10", "AvgTone": "-4.2", "ActionGeo_Type": "1",
    "ActionGeo_CountryCode": "CH", "DATEADDED": "20230128120000",
}  # fmt: skip
"""A GDELT 2.0 event of the US taking an export-control action against China (columns not named
here are empty); the GDELT tests build their rows on it."""


def write_gdelt(path: Path, rows: int) -> Path:
    """A GDELT 2.0 events export (61 tab-separated columns, no header): US–CN export-control
    events, one URL in three naming a technology, one row in fifty with a bad value."""
    from techbloc.ingest.gdelt.layout import EVENT_COLUMNS

    names = [c.gdelt for c in EVENT_COLUMNS]
    slugs = ("export-controls-on-advanced-chips", "trade-talks", "euv-lithography-exports")
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for i in range(rows):
            values = {**US_CN_EVENT, "GLOBALEVENTID": str(1_000_000 + i),
                      "SOURCEURL": f"https://example.com/{i}/{slugs[i % 3]}-{i}"}  # fmt: skip
            if i % 50 == 49:
                values["QuadClass"] = "7"
            handle.write("\t".join(values.get(n, "") for n in names) + "\n")
    return path

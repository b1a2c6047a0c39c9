"""Coverage-guided fuzzing of every importer's reader with atheris (libFuzzer for Python).

    python benchmarks/fuzz_atheris.py TARGET [libFuzzer options, e.g. -runs=10000]
    python benchmarks/fuzz_atheris.py --list

Each target hands the bytes libFuzzer makes to one reader, as a file of that format, starting
from the hand-made fixtures of tests/fixtures/ as its corpus; techbloc's own modules are
instrumented, so libFuzzer keeps the inputs that reach new branches. A techbloc error
(InvalidArgument, DocumentError …) or a quarantined row is an answer; any other exception is a
crash: atheris prints it with the input and writes the input to ./crash-<sha1>. `make fuzz` runs
every target. atheris needs Linux on x86-64 (it is in the `dev` extra only there).
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["techbloc"]):
    import duckdb

    from techbloc.documents.extract import read_documents
    from techbloc.errors import TechblocError
    from techbloc.ingest.formats import list_format
    from techbloc.ingest.gdelt.files import describe, readable_copy
    from techbloc.ingest.gdelt.stage import create_stage_tables, mend_file, stage_file
    from techbloc.ingest.records import ListInfo
    from techbloc.ingest.supply_countries import StoreCountries
    from techbloc.ingest.supply_csv import read_share_csv
    from techbloc.ingest.supply_eto import read_eto
    from techbloc.kb.loader import load_kb
    from techbloc.kb.validate import validate_kb
    from techbloc.matching.batch import read_queries
    from techbloc.store.build import build_store

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SCRATCH = Path(tempfile.mkdtemp(prefix="techbloc-atheris-"))


def _file(data: bytes, name: str) -> Path:
    path = SCRATCH / name
    path.write_bytes(data)
    return path


def _list_reader(source_format: str, name: str) -> Callable[[bytes], None]:
    def read(data: bytes) -> None:
        lists: dict[str, ListInfo] = {}
        for _ in list_format(source_format).read(_file(data, name), None, lists):
            pass

    return read


_countries: StoreCountries | None = None


def _store_countries() -> StoreCountries:
    """Countries of a store built once from the built-in knowledge base."""
    global _countries
    if _countries is None:
        db = SCRATCH / "store.duckdb"
        build_store(db)
        _countries = StoreCountries(duckdb.connect(str(db), read_only=True))
    return _countries


def _supply_csv(data: bytes) -> None:
    read_share_csv(_file(data, "shares.csv"), _store_countries(), {"N20": "EUV tools"}, 2024)


def _eto(data: bytes) -> None:
    """The bytes split into the folder's three files at the first two form feeds."""
    folder = SCRATCH / "eto"
    folder.mkdir(exist_ok=True)
    parts = [*data.split(b"\f", 2), b"", b""][:3]
    for name, part in zip(("providers.csv", "provision.csv", "inputs.csv"), parts, strict=True):
        (folder / name).write_bytes(part)
    read_eto(folder, _store_countries())


def _documents(suffix: str) -> Callable[[bytes], None]:
    def read(data: bytes) -> None:
        read_documents(data, f"document{suffix}")

    return read


def _kb(data: bytes) -> None:
    """The bytes as the measures file of the small knowledge base the tests bend."""
    root = SCRATCH / "kb"
    if not root.exists():
        sys.path.insert(0, str(ROOT))
        from tests.kbfactory import base_kb, write_kb

        write_kb(root, base_kb())
    (root / "measures" / "2022.yaml").write_bytes(data)
    validate_kb(load_kb(root))


GDELT_NAMES = (
    "20230128000000.export.CSV",
    "20230128000000.mentions.CSV",
    "events.csv",
    "20230128000000.export.CSV.zip",
)
_gdelt_con: duckdb.DuckDBPyConnection | None = None


def _gdelt(data: bytes) -> None:
    """The bytes as a GDELT file (its first byte picks the name: events, mentions, a CSV with
    a header, a zip), found, described, mended and staged into an in-memory database."""
    global _gdelt_con
    if _gdelt_con is None:
        _gdelt_con = duckdb.connect()
    name = GDELT_NAMES[data[0] % len(GDELT_NAMES)] if data else GDELT_NAMES[0]
    folder = SCRATCH / "gdelt"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    path = folder / name
    path.write_bytes(data[1:])
    create_stage_tables(_gdelt_con)
    file = mend_file(describe(path, readable_copy(path, folder)), folder)
    stage_file(_gdelt_con, file, 1, "0" * 64)


def _screen(data: bytes) -> None:
    for _ in read_queries(_file(data, "suppliers.csv"), "name", "country"):
        pass


TARGETS: dict[str, tuple[Callable[[bytes], None], list[Path]]] = {
    "csl": (_list_reader("csl", "csl.csv"), [FIXTURES / "csl"]),
    "ftm": (_list_reader("ftm", "e.ftm.json"), [FIXTURES / "ftm"]),
    "cn-countermeasures": (_list_reader("cn-countermeasures", "cn.csv"),
                           [FIXTURES / "cn_countermeasures"]),
    "us-1260h": (_list_reader("us-1260h", "1260h.csv"), [FIXTURES / "dod_1260h"]),
    "jp-meti": (_list_reader("jp-meti", "list.txt"), [FIXTURES / "jp_meti"]),
    "supply-csv": (_supply_csv, [FIXTURES / "supply"]),
    "supply-eto": (_eto, []),
    "documents-pdf": (_documents(".pdf"), [FIXTURES / "documents"]),
    "documents-html": (_documents(".html"), [FIXTURES / "documents"]),
    "documents-txt": (_documents(".txt"), [FIXTURES / "documents"]),
    "fr-json": (_documents(".json"), [FIXTURES / "documents"]),
    "fr-xml": (_documents(".xml"), [FIXTURES / "fr_xml"]),
    "kb-yaml": (_kb, [ROOT / "src" / "techbloc" / "kb" / "data" / "measures"]),  # real files
    "screen-csv": (_screen, [FIXTURES / "screening"]),
    "gdelt": (_gdelt, [FIXTURES / "gdelt"]),
}  # fmt: skip


def _corpus(target: str, sources: list[Path]) -> Path:
    """A corpus folder of the target's seed files (libFuzzer adds what it finds to it)."""
    corpus = SCRATCH / f"corpus-{target}"
    corpus.mkdir()
    for source in sources:
        for path in sorted(source.iterdir()):
            if path.is_file() and path.suffix not in (".py", ".md") and path.stat().st_size < 2**20:
                shutil.copyfile(path, corpus / path.name)
    return corpus


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        print("targets:", ", ".join(TARGETS))
        sys.exit(0 if "--list" in sys.argv else 2)
    target = sys.argv[1]
    reader, seeds = TARGETS[target]

    def one_input(data: bytes) -> None:
        with contextlib.suppress(TechblocError):  # a clear, typed answer (DocumentError too)
            reader(data)

    args = [sys.argv[0], *sys.argv[2:], str(_corpus(target, seeds))]
    atheris.Setup(args, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

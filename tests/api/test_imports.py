"""Importing a list by upload: a token, a report, the new snapshot visible to reads and to
screening at once (on the private server, which has its own copy of the store)."""

from __future__ import annotations

from tests.api.conftest import Served, error_of
from tests.api.store_fixture import CSL_V2


def test_import_by_upload(private_server: Served) -> None:
    upload = {"file": ("consolidated.csv", CSL_V2.read_bytes(), "text/csv")}
    with private_server.client(private_server.tokens["writer"]) as http:
        before = http.post("/api/v1/screen", json={"name": "New Quantum Lab"}).json()
        assert before[0]["hits"] == []
        report = http.post(
            "/api/v1/imports/lists/csl", files=upload, data={"retrieved": "2024-06-01"}
        ).json()
        assert (report["added"], report["changed"], report["unchanged"], report["removed"]) == (
            2,
            1,
            2,
            1,
        )
        assert report["source_location"] == "consolidated.csv"
        again = http.post(
            "/api/v1/imports/lists/csl", files=upload, data={"retrieved": "2024-06-01"}
        ).json()
        assert again["status"] == "already-imported"
        after = http.post("/api/v1/screen", json={"name": "New Quantum Lab"}).json()
        assert after[0]["hits"][0]["name"] == "New Quantum Lab"
        meu = http.get("/api/v1/lists/us-bis-meu/entities", params={"at": "2024-07-01"}).json()
        assert [e["name"] for e in meu["items"]] == ["Other MEU Co"]


def test_import_errors(private_server: Served) -> None:
    upload = {"file": ("consolidated.csv", CSL_V2.read_bytes(), "text/csv")}
    with private_server.client(private_server.tokens["writer"]) as http:
        error_of(http.post("/api/v1/imports/lists/nope", files=upload), 400, "invalid_argument")
    with private_server.client() as anonymous:
        error_of(anonymous.post("/api/v1/imports/lists/csl", files=upload), 401, "unauthorized")


def test_many_readers_and_a_writer_finish(private_server: Served) -> None:
    """Sixty requests at once (more than the server's worker threads) while an import waits for
    the store: every one is answered (the server holds nothing between two thread calls, so the
    readers cannot starve the writer, nor the writer the readers)."""
    from concurrent.futures import ThreadPoolExecutor

    upload = {"file": ("consolidated.csv", CSL_V2.read_bytes(), "text/csv")}

    def read(i: int) -> int:
        with private_server.client(private_server.tokens["writer"]) as http:
            if i == 30:
                answer = http.post(
                    "/api/v1/imports/lists/csl", files=upload, data={"retrieved": "2024-06-01"}
                )
                return answer.status_code
            return http.get(
                "/api/v1/alliances", params={"at": f"{1990 + i % 30}-01-01"}
            ).status_code

    with ThreadPoolExecutor(60) as pool:
        statuses = list(pool.map(read, range(60)))
    assert statuses == [200] * 60

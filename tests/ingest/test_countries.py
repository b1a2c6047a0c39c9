"""Country names and addresses → ISO 3166-1 alpha-2, from the knowledge base's names only."""

from __future__ import annotations

import pytest

from techbloc.ingest.countries import address_country, country_code


@pytest.mark.parametrize(
    ("value", "code"),
    [("US", "US"), ("Japan", "JP"), ("Czech Republic", "CZ"), ("DEU", "DE"), ("德国", "DE"),
     ("EU", "EU"), ("Atlantis", None), ("", None)],
)  # fmt: skip
def test_country_column_values(value: str, code: str | None) -> None:
    assert country_code(value) == code


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("Unit 1, 2/F, 10 Example Road, Kowloon, Hong Kong, China.", "HK"),
        ("R301, Block A, Baiyun District, Guangzhou, Guangdong, China", "CN"),
        ("Pionerskaya Street, 4, Korolov 141070, Russia", "RU"),
        ("1 Sovetskaya Street, Khabarovsky Krai, Russia 618018", "RU"),
        ("2265A Ward Ave., Simi Valley, CA, USA, 93065", "US"),
        ("Voie de Liege 33, Herstal, Belgium, B-4040", "BE"),
        ("All address located in Russia", "RU"),
        ("日本东京都示例区1-2-3，邮编：100-0000", "JP"),
        ("22, Sushchevskaya UI, Moscow 127055RU", None),  # no country named in full
        ("Simi Valley, CA", None),  # a US state's code is not Canada
    ],
)
def test_address_countries(address: str, code: str | None) -> None:
    assert address_country(address) == code

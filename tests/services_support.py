"""Service-point records for tests (not real data: real ones live in
content/services/, converted from the network's list)."""
from __future__ import annotations

import yaml

BASE = {
    "id": "claim-teste",
    "kind": "local-centre",
    "name": {"pt": "CLAIM de Teste", "en": "Test local centre"},
    "operator": "Câmara Municipal de Faro",
    "address": "Rua de Teste, 1",
    "postcode": "8000-001",
    "municipality": "Faro",
    "district": "Faro",
    "coordinates": {"lat": 37.0194, "lon": -7.9304},
    "phones": [{"number": "289 000 000"}],
    "email": ["claim@example.pt"],
    "opening_hours": "Mo-Fr 09:00-17:00; PH off",
    "hours": {"en": "Mon-Fri 09:00-17:00"},
    "languages": ["pt", "ar", "en"],
    "topics": ["papers"],
    "services": {"en": "residence permits; family reunification"},
    "notes": {"pt": "Leve o passaporte.", "en": "Bring your passport."},
    "source": {"urls": ["https://example.pt/claim"], "date": "2026-01-10", "confidence": "sourced"},
    "last_confirmed": "2026-01-10",
}


def point(**changes) -> dict:
    data = {key: (dict(value) if isinstance(value, dict) else value) for key, value in BASE.items()}
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def point_text(**changes) -> str:
    return yaml.safe_dump(point(**changes), allow_unicode=True, sort_keys=False)

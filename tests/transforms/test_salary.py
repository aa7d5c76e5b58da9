"""France Travail's salary libelles, in the forms the API writes them (../shared/samples)."""

from __future__ import annotations

import pytest

from transforms.salary import Salary, parse_salary


@pytest.mark.parametrize(("libelle", "expected"), [
    ("Annuel de 60000,00 Euros à 65000,00 Euros", Salary(60000, 65000, "annual", "EUR")),
    ("Annuel de 37000.0 Euros à 42000.0 Euros sur 12.0 mois", Salary(37000, 42000, "annual", "EUR", 12)),
    ("Mensuel de 1814.0 Euros sur 12.0 mois", Salary(1814, 1814, "monthly", "EUR", 12)),
    ("Horaire de 11.88 Euros", Salary(11.88, 11.88, "hourly", "EUR")),
    ("Autre de 30000,00 Euros à 40000,00 Euros", Salary(30000, 40000, None, "EUR")),
    ("De 40000,00 Euros à 40000,00 Euros", Salary(40000, 40000, None, "EUR")),
    ("Annuel de", Salary()),
    (None, Salary()),
])
def test_salary_libelles(libelle, expected):
    assert parse_salary(libelle) == expected


def test_a_schema_org_base_salary():
    from transforms.salary import salary_from_schema_org

    value = {"@type": "QuantitativeValue", "minValue": 38000, "maxValue": 45000, "unitText": "YEAR"}
    assert salary_from_schema_org({"@type": "MonetaryAmount", "currency": "EUR", "value": value}) == Salary(38000, 45000, "annual", "EUR")
    assert salary_from_schema_org({"currency": "EUR", "value": "2 100", "unitText": "MONTH"}) == Salary(2100, 2100, "monthly", "EUR")
    assert salary_from_schema_org("35k") == Salary()

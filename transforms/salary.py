"""The offered salary of a France Travail offer, from its `salaire.libelle`.

The API writes it as "Annuel de 37000.0 Euros à 42000.0 Euros sur 12.0 mois", "Mensuel de 1943,00 Euros à
2730,00 Euros", "Horaire de 11.88 Euros", with a comma or a dot for decimals; "Autre de …" and "De …" give
amounts without a period. A libelle without an amount ("Annuel de") gives nothing. Amounts are gross, in the
currency written (Euros → EUR).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PERIODS = {"annuel": "annual", "mensuel": "monthly", "horaire": "hourly"}
CURRENCIES = {"euros": "EUR", "euro": "EUR", "€": "EUR"}
_AMOUNT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(euros?|€)", re.IGNORECASE)
_MONTHS = re.compile(r"sur\s+(\d+(?:[.,]\d+)?)\s*mois", re.IGNORECASE)


@dataclass(frozen=True)
class Salary:
    minimum: float | None = None
    maximum: float | None = None
    period: str | None = None  # annual, monthly, hourly; None when the offer does not say
    currency: str | None = None
    months: float | None = None  # "sur 13 mois": paid over that many months a year

    def posting_fields(self) -> dict[str, float | str | None]:
        """As the salary_* fields of a Posting (transforms/postings.py)."""
        return {"salary_min": self.minimum, "salary_max": self.maximum, "salary_period": self.period,
                "salary_currency": self.currency}


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def parse_salary(libelle: str | None) -> Salary:
    if not libelle:
        return Salary()
    text = " ".join(str(libelle).split())
    amounts = _AMOUNT.findall(text)
    if not amounts:
        return Salary()
    values = [_number(value) for value, _ in amounts]
    months = _MONTHS.search(text)
    return Salary(minimum=min(values), maximum=max(values), period=PERIODS.get(text.split(" ", 1)[0].lower()),
                  currency=CURRENCIES.get(amounts[0][1].lower()), months=_number(months.group(1)) if months else None)


SCHEMA_ORG_PERIODS = {"YEAR": "annual", "MONTH": "monthly", "HOUR": "hourly"}


def _amount(value: object) -> float | None:
    try:
        return float(str(value).replace(",", ".").replace(" ", "")) if value not in (None, "") else None
    except ValueError:
        return None


def salary_from_schema_org(base_salary: object) -> Salary:
    """A schema.org JobPosting `baseSalary`: a MonetaryAmount whose value is a number or a QuantitativeValue
    (minValue, maxValue or value, unitText HOUR/MONTH/YEAR)."""
    if not isinstance(base_salary, dict):
        return Salary()
    value = base_salary.get("value")
    if isinstance(value, dict):
        low, high = _amount(value.get("minValue", value.get("value"))), _amount(value.get("maxValue", value.get("value")))
        unit = str(value.get("unitText") or base_salary.get("unitText") or "").upper()
    else:
        low = high = _amount(value)
        unit = str(base_salary.get("unitText") or "").upper()
    if low is None and high is None:
        return Salary()
    amounts = [a for a in (low, high) if a is not None]
    currency = str(base_salary.get("currency") or "").upper() or None
    return Salary(minimum=min(amounts), maximum=max(amounts), period=SCHEMA_ORG_PERIODS.get(unit), currency=currency)

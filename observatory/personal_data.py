"""Remove recruiters' and trainers' personal data: the one definition used on every path.

The analysis needs the job, the employer and the place, never a person. Contact blocks are dropped whole;
a person's name fields (a block with a first name or a civility) lose their name fields; e-mail addresses,
phone numbers, "M./Mme Firstname Lastname" and "@Firstname LASTNAME" signatures in free text become a
placeholder (which keeps the sentence readable for the skill extractor). Spiders apply it to every landed
record and to the excerpt of every rejected one; the quarantine applies it again to whatever it keeps.
"""

from __future__ import annotations

import re
from typing import Any

#: Keys whose whole value is personal data in France Travail JSON, RNCP and LHEO records, schema.org JobPosting.
PERSONAL_KEYS = frozenset(
    {
        "contact",  # France Travail: recruiter name, e-mail, phone
        "contact-formation",  # LHEO
        "contact-organisme",
        "contact-formateur",
        "contact-tuteur",
        "courriel",
        "telfixe",
        "portable",
        "fax",
        "numtel",
        "web",  # LHEO personal pages of contacts
        "applicationContact",  # schema.org JobPosting: the recruiter to write to
        "contactPoint",
        "email",
        "telephone",
        "faxNumber",
    }
)
#: A block holding one of these describes a person: its name fields go (LHEO `coordonnees`, schema.org Person).
PERSON_MARKERS = frozenset({"prenom", "civilite", "givenName", "familyName"})
PERSON_NAME_KEYS = frozenset({"nom", "prenom", "civilite", "name", "givenName", "familyName", "additionalName"})

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<!\d)(?:(?:\+|00)33[\s.-]?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
_CIVILITY = r"(?:M\.|Mr\.?|Mme\.?|Mlle\.?|Monsieur|Madame|Mademoiselle)\s+"
CIVILITY_NAME = re.compile(rf"\b{_CIVILITY}(?:[A-ZÉÈÀÂÎÔÛÇ][\w'’-]+\.?)(?:\s+[A-ZÉÈÀÂÎÔÛÇ][\w'’-]+){{0,2}}")
CIVILITY = re.compile(rf"^{_CIVILITY}")
CONTACT_PERSON = re.compile(rf"(?:^|\s-\s){_CIVILITY}(.+)$")
# Recruiters sign with a handle: "@Firstname LASTNAME".
HANDLE_NAME = re.compile(r"(?<![\w.])@[A-ZÉÈÀÂÎÔÛÇ][\w'’-]+(?:\s+[A-ZÉÈÀÂÎÔÛÇ][\w'’-]+){0,2}")


SHORTEST = 5  # "M. Ab", "a@b.c": nothing shorter can hold an e-mail, a phone number or a civility and name


def redact_text(text: str) -> str:
    if len(text) < SHORTEST:  # most fields of a record (codes, dates, labels): half the cost of a crawl was here
        return text
    if "@" in text:  # e-mails and handles both need one; searching for them costs more than the rest together
        text = EMAIL.sub("[courriel]", text)
        text = HANDLE_NAME.sub("[contact]", text)
    text = PHONE.sub("[téléphone]", text)
    return CIVILITY_NAME.sub("[contact]", text)


_KEYS = "|".join(re.escape(k) for k in sorted(PERSONAL_KEYS | PERSON_NAME_KEYS))
# In raw text that could not be parsed (a malformed page): a personal key's JSON value, or XML element, up to
# its end or to the end of the excerpt when the text is cut inside it.
RAW_JSON_FIELD = re.compile(rf'"(?:{_KEYS})"\s*:\s*(?:\{{[^{{}}]*(?:\}}|$)|\[[^\[\]]*(?:\]|$)|"(?:[^"\\]|\\.)*(?:"|$)|[^,}}\]]*)')
RAW_XML_ELEMENT = re.compile(rf"<((?:\w+:)?(?:{_KEYS}))(?=[\s/>])[^>]*>.*?(?:</\1\s*>|$)", re.DOTALL)


def redact_raw(text: str) -> str:
    """Redact text that could not be parsed (a malformed JSON or XML page): personal fields, then free text."""
    text = RAW_JSON_FIELD.sub('"[redacted]": null', text)
    text = RAW_XML_ELEMENT.sub("[redacted]", text)
    return redact_text(text)


def named_people(value: Any) -> set[str]:
    """The people a record's contact blocks name ("SOCIETE - Mme Sabrina Ferrere", prenom + nom, givenName +
    familyName), so that their names can be removed from the record's free text too."""
    people: set[str] = set()
    if isinstance(value, list):
        for item in value:
            people |= named_people(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in PERSONAL_KEYS and isinstance(item, dict):
                for text in (v for v in item.values() if isinstance(v, str)):
                    people |= {CIVILITY.sub("", match).strip() for match in CIVILITY_NAME.findall(text)}
                    trailing = CONTACT_PERSON.search(text)  # "SOCIETE - Mme isabelle schnepf", in any case
                    if trailing:
                        people.add(trailing[1].strip())
                for first, last in (("prenom", "nom"), ("givenName", "familyName")):
                    if isinstance(item.get(first), str) and isinstance(item.get(last), str):
                        people |= {f"{item[first]} {item[last]}", f"{item[last]} {item[first]}"}
            elif isinstance(item, (dict, list)):
                people |= named_people(item)
    return {name for name in people if len(name) >= 5 and " " in name}


def redact(value: Any, people: set[str] | None = None) -> Any:
    """Walk a JSON-like value: drop personal keys and a person's name fields, redact strings (including the
    names of the people its contact blocks name, wherever they appear in it)."""
    if people is None:
        people = named_people(value)
    if isinstance(value, dict):
        person = not PERSON_MARKERS.isdisjoint(value) or value.get("@type") in ("Person", "schema:Person")
        return {
            k: redact(v, people)
            for k, v in value.items()
            if k not in PERSONAL_KEYS and not (person and k in PERSON_NAME_KEYS)
        }
    if isinstance(value, list):
        return [redact(v, people) for v in value]
    if isinstance(value, str):
        for name in people:
            value = re.sub(re.escape(name), "[contact]", value, flags=re.IGNORECASE)
        return redact_text(value)
    return value

from spiders.items import RawRecord
from spiders.pipelines.redact_personal_data import RedactPersonalDataPipeline, redact_text


def test_contacts_e_mails_and_phones_are_removed_but_the_job_stays():
    offer = {
        "id": "1",
        "description": "Contactez Mme Sophie Martin au 04 65 71 12 34 ou s.martin@example.fr. Stack : Python, Django.",
        "contact": {"nom": "M. Jean Dupont", "courriel": "j.dupont@example.com"},
        "entreprise": {"nom": "ACME Montpellier"},
    }
    record = RedactPersonalDataPipeline().process_item(RawRecord("france_travail", "1", "http://x", offer))
    assert "contact" not in record.payload
    assert record.payload["entreprise"]["nom"] == "ACME Montpellier"
    assert record.payload["description"] == "Contactez [contact] au [téléphone] ou [courriel]. Stack : Python, Django."


def test_phone_formats_seen_in_postings():
    for phone in ("04 65 71 12 34", "06.39.98.12.34", "+33 6 39 98 12 34", "0465711234", "0033 4 65 71 12 34"):
        assert redact_text(f"Tél : {phone}.") == "Tél : [téléphone].", phone
    assert redact_text("Bac+5, 35 heures, 2 postes, 34000 Montpellier") == "Bac+5, 35 heures, 2 postes, 34000 Montpellier"


def test_signature_handles_are_removed():
    assert redact_text("Contactez-moi ! @Jeanne DURAND") == "Contactez-moi ! [contact]"
    assert redact_text("C#, .NET @ Montpellier") == "C#, .NET @ Montpellier"


def test_the_shortest_fields_that_can_hold_personal_data_are_still_redacted():
    # short fields skip the searches (half a crawl's CPU went there), but never one that can hold a person
    assert [redact_text(t) for t in ("M. Li", "a@b.fr", "Mme Ba", "CDI", "M18")] == ["[contact]", "[courriel]", "[contact]", "CDI", "M18"]

"""The employer's or recruiter's own presentation, found in a posting's text (flagged, never a demand)."""

from __future__ import annotations

import pytest

from transforms.skills.presentation import presentation_spans


def presented(text: str) -> list[str]:
    return [text[s:e] for s, e in presentation_spans(text)]


def test_a_presentation_heading_runs_to_the_next_heading():
    text = ("Qui sommes-nous ?\nNous sommes un groupe leader de la cybersécurité et de l'IA.\nPrésents dans 20 pays.\n"
            "Vos missions :\n- Administrer Linux et Python.")
    assert presented(text) == ["Qui sommes-nous ?\nNous sommes un groupe leader de la cybersécurité et de l'IA.\nPrésents dans 20 pays."]


def test_headings_glued_to_their_text_by_a_lost_line_break():
    text = ("Description de l'entrepriseSopra Steria, acteur majeur de la Tech, spécialiste du cloud.Description du poste"
            "Vous administrez AWS.")
    assert presented(text) == ["Description de l'entrepriseSopra Steria, acteur majeur de la Tech, spécialiste du cloud."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (("Axians est la marque de VINCI Energies dédiée aux solutions ICT et Cybersécurité. Dans le cadre de notre "
          "croissance, nous recherchons un administrateur Linux."),
         ["Axians est la marque de VINCI Energies dédiée aux solutions ICT et Cybersécurité."]),
        ("Rejoignez un groupe leader de l'IA et du cloud ! Vous serez en charge de Kubernetes.",
         ["Rejoignez un groupe leader de l'IA et du cloud !"]),
        ("Missions : administrer Oracle.\nAdsearch est un cabinet de recrutement spécialisé en IT.",
         ["Adsearch est un cabinet de recrutement spécialisé en IT."]),
        ("Poste : développeur Java\nL'entreprise\nFondée en 2005, XYZ édite des logiciels SaaS en Java.\nProfil recherché :\nJava.",
         ["L'entreprise\nFondée en 2005, XYZ édite des logiciels SaaS en Java."]),
        ("About us\nWe are a leading provider of AI and cloud services.\nYour role\nYou will build Python services.",
         ["About us\nWe are a leading provider of AI and cloud services."]),
    ],
)
def test_the_employers_group_or_agency_presenting_itself(text, expected):
    assert presented(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Au sein du pôle Data Quality, vous utilisez Python. Rejoignez l'équipe Data.",  # the job's team
        "Notre client, acteur majeur de l'énergie, recherche un(e) administrateur Linux.",  # the job itself
        "Acteur de l'avant-vente à la livraison, vous intervenez sur Java.",  # speaks to the candidate
        "Notre client travaille sur des technologies telles que : Vertica, Java.",  # the job's environment
        "À propos de vous\n- Compétences : programmation Python",  # about the candidate
        "Vous maîtrisez Python. Expert en Java.",
    ],
)
def test_the_job_its_team_and_the_candidate_are_not_a_presentation(text):
    assert presented(text) == []


def test_a_list_after_an_opening_sentence_is_the_jobs():
    text = "Leader de l'assurance directe en France, X modélise les risques.- Utiliser CI/CD et Python."
    assert presented(text) == ["Leader de l'assurance directe en France, X modélise les risques."]

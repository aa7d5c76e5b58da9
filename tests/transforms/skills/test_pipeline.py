"""The skill pipeline as a spaCy pipeline: self-contained, saved and loaded whole, safe next to the French model."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import spacy

from tests.conftest import REPO, TOY_TAXONOMY

HTML_TEXT = "D&eacute;veloppeur <b>Python</b>&nbsp;et Power&nbsp;BI&lt;br /&gt;Excel serait un plus."
TEXTS = [
    HTML_TEXT,
    "Stack : Python/Java/Scala, C++ et C#, Node.js/React.js, CI/CD, .NET et SQL Server.",
    "Langage Go requis, Go/Python. Mettre en place une base de données relationnelle.",
    "Compétences :PythonJava, Azure***Détecter, -Kubernetes. Vous concevez le modèle de données",
    "Chef de projet informatique, vue d'ensemble du SI. Connaissance de Vue ou React, C/C++.",
]
FRENCH = [
    "Nous recrutons des développeurs à Montpellier avec Jean Dupont pour la société Capgemini.",
    "Des ingénieurs développent des applications web et des bases de données pour les clients de Toulouse.",
]


def annotations(nlp, texts):
    return [[(t.text, t.pos_, t.tag_, t.dep_, t.ent_type_, t.ent_iob_) for t in doc] for doc in nlp.pipe(texts)]


def test_the_french_models_tagger_and_ner_are_unchanged_by_extraction(toy_extractor):
    model = spacy.load("fr_core_news_sm")
    before = annotations(model, FRENCH)
    norms = {lexeme.orth: lexeme.norm for lexeme in model.vocab}
    model.add_pipe("digital_skills", first=True, config={"taxonomy_dir": str(TOY_TAXONOMY)})
    with_component = annotations(model, FRENCH + TEXTS + FRENCH)  # every word seen once, then again
    assert with_component[: len(FRENCH)] == before
    assert with_component[-len(FRENCH):] == before
    assert all(model.vocab[orth].norm == norm for orth, norm in norms.items())
    docs = list(model.pipe(TEXTS[1:3]))
    assert [s.kb_id_ for s in docs[0].spans["skills"]][:3] == ["python", "java", "scala"]


def test_nlp_of_a_text_gives_the_mentions_of_extract(toy_extractor):
    nlp, recognizer = toy_extractor.nlp, toy_extractor.recognizer
    doc = nlp(HTML_TEXT)
    assert [(s.kb_id_, s.label_, s.text, s._.requirement) for s in doc.spans["skills"]] == [
        ("python", "skill", "Python", "required"), ("power_bi", "skill", "Power BI", "required"),
        ("ms_excel", "skill", "Excel", "wished"),
    ]
    mentions = recognizer.mentions(doc)
    assert mentions == toy_extractor.extract_one(HTML_TEXT)
    assert [HTML_TEXT[m.start : m.end] for m in mentions] == ["Python", "Power&nbsp;BI", "Excel"]
    doc = nlp(TEXTS[2])
    assert [(s.kb_id_, s.text) for s in doc.spans["areas"]] == [("area:relational_databases", "Mettre en place une base de données relationnelle")]


def _as_rows(mentions):
    return [[m.concept_id, m.kind, m.start, m.end, m.requirement] for m in mentions]


def test_a_saved_pipeline_loads_in_a_fresh_process_with_its_taxonomy(toy_extractor, tmp_path):
    toy_extractor.nlp.to_disk(tmp_path / "pipeline")
    assert sorted(p.name for p in (tmp_path / "pipeline" / "digital_skills").iterdir()) == ["areas.yaml", "skills.yaml"]
    script = (
        "import json, sys, spacy\n"
        f"nlp = spacy.load({str(tmp_path / 'pipeline')!r})\n"
        "recognizer = nlp.get_pipe('digital_skills')\n"
        "texts = json.loads(sys.stdin.read())\n"
        "print(json.dumps([[[m.concept_id, m.kind, m.start, m.end, m.requirement] for m in recognizer.mentions(d)]"
        " for d in nlp.pipe(texts)]))\n"
    )
    # Run from elsewhere: only the installed package's entry points can tell spaCy where the parts are.
    done = subprocess.run([sys.executable, "-c", script], input=json.dumps(TEXTS), capture_output=True, text=True,
                          cwd=tmp_path, timeout=300, check=True)
    assert json.loads(done.stdout) == [_as_rows(m) for m in toy_extractor.extract(TEXTS)]


def test_the_saved_pipeline_gives_the_mentions_of_observatory_extract(extractor, tmp_path):
    extractor.nlp.to_disk(tmp_path / "pipeline")
    lines = "".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(TEXTS))
    done = subprocess.run([sys.executable, "-m", "observatory.cli", "extract", "--areas"], input=lines, capture_output=True,
                          text=True, cwd=REPO, timeout=300, check=True)
    cli = [[[s["skill_id"], s["start"], s["end"], s["requirement"]] for s in json.loads(line)["skills"]]
           for line in done.stdout.splitlines()]
    loaded = spacy.load(tmp_path / "pipeline")
    recognizer = loaded.get_pipe("digital_skills")
    assert [[[m.concept_id, m.start, m.end, m.requirement] for m in recognizer.mentions(doc)] for doc in loaded.pipe(TEXTS)] == cli


@pytest.mark.parametrize("batch_size", [2])
def test_two_processes_give_the_mentions_of_one(toy_extractor, batch_size):
    texts = TEXTS * 4
    one = [_as_rows(m) for m in toy_extractor.extract(texts, batch_size=batch_size)]
    two = [_as_rows(m) for m in toy_extractor.extract(texts, batch_size=batch_size, n_process=2)]
    assert two == one
    assert sum(map(len, one)) > 40

"""Required or only wished: the cues around a mention, its sentence, its section."""


def levels(extractor, text: str) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.requirement) for m in extractor.extract_one(text) if m.kind == "skill"]


def test_clause_cues_win_over_sentence_cues(toy_extractor):
    assert levels(toy_extractor, "Technologies Cloud (AWS impératif, Azure est un plus).") == [("AWS", "required"), ("Azure", "wished")]


def test_a_sentence_cue_covers_its_whole_list(toy_extractor):
    text = "Une connaissance de Kubernetes, Postgres ou Power BI serait appréciée. Python requis."
    assert levels(toy_extractor, text) == [("Kubernetes", "wished"), ("Postgres", "wished"), ("Power BI", "wished"), ("Python", "required")]


def test_section_titles_set_the_level_of_their_list(toy_extractor):
    text = "Compétences souhaitées :\n- Python\n- Java\n\nLes plus :\n- Kubernetes\n- AWS\n\nProfil : Excel"
    assert levels(toy_extractor, text) == [
        ("Python", "required"), ("Java", "required"), ("Kubernetes", "wished"), ("AWS", "wished"), ("Excel", "required"),
    ]


def test_an_attributive_cue_covers_only_its_own_clause(toy_extractor):
    assert levels(toy_extractor, "Développeur Python/Java, Kubernetes apprécié.") == [
        ("Python", "required"), ("Java", "required"), ("Kubernetes", "wished"),
    ]


def test_english_cues(toy_extractor):
    assert levels(toy_extractor, "Experience with Kubernetes, Postgres or C# would be a plus. Python required.") == [
        ("Kubernetes", "wished"), ("Postgres", "wished"), ("C#", "wished"), ("Python", "required"),
    ]
    assert levels(toy_extractor, "Must have: Java, Scala. Nice to have: Excel, Power BI. Knowledge of Azure a plus, AWS is an asset.") == [
        ("Java", "required"), ("Scala", "required"), ("Excel", "wished"), ("Power BI", "wished"), ("Azure", "wished"),
        ("AWS", "wished"),
    ]

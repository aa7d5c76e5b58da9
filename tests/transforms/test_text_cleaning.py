from transforms.text_cleaning import clean_text


def test_html_remnants_and_entities_are_removed_and_offsets_kept():
    original = "Maîtrise de <b>Python</b> &amp; Django&lt;br /&gt;D&eacute;veloppeur React"
    clean = clean_text(original)
    assert clean.text == "Maîtrise de  Python  & Django\nDéveloppeur React"
    for word in ("Python", "Django", "React"):
        start = clean.text.index(word)
        assert original[slice(*clean.original_span(start, start + len(word)))] == word
    start = clean.text.index("Développeur")
    assert original[slice(*clean.original_span(start, start + len("Développeur")))] == "D&eacute;veloppeur"


def test_plain_text_is_returned_untouched():
    clean = clean_text("Python, SQL, Docker")
    assert clean.text == "Python, SQL, Docker" and clean.origin is None
    assert clean.original_span(0, 6) == (0, 6)

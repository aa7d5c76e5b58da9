"""alltheplaces' convention: file name, `name` attribute and class name agree, and every spider imports."""

from __future__ import annotations

from observatory.sources import SOURCES


def test_every_spider_lives_in_the_file_named_after_it():
    for source in SOURCES:
        spider = source.load("spider")
        module, _, class_name = source.spider.partition(":")
        assert module.rsplit(".", 1)[-1] == source.name == spider.name
        assert class_name == spider.__name__ == "".join(part.title() for part in source.name.split("_")) + "Spider"
        assert spider.expected_fields, f"{source.name} declares the fields whose absence it counts"

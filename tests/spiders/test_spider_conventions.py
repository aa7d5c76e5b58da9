"""alltheplaces' convention: file name, `name` attribute and class name agree, and every spider imports."""

from __future__ import annotations

import importlib

from spiders.crawl import SPIDERS


def test_every_spider_lives_in_the_file_named_after_it():
    for name, spider in SPIDERS.items():
        module = importlib.import_module(f"spiders.{name}")
        assert getattr(module, spider.__name__) is spider
        assert spider.__name__ == "".join(part.title() for part in name.split("_")) + "Spider"
        assert spider.expected_fields, f"{name} declares the fields whose absence it counts"

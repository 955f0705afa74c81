"""One-off proof that aggregator/data/topics.toml holds exactly the VOCABULARY dict it replaces."""

import dataclasses

from aggregator.model.topics import VOCABULARY as LOADED
from aggregator.normalise.topics import VOCABULARY as IN_CODE


def test_loaded_vocabulary_equals_the_dict_in_code() -> None:
    assert list(LOADED) == list(IN_CODE)
    for slug, old in IN_CODE.items():
        new = LOADED[slug]
        for field in dataclasses.fields(old):
            assert getattr(new, field.name) == getattr(old, field.name), (slug, field.name)
            assert type(getattr(new, field.name)) is type(getattr(old, field.name))
        assert new.examples

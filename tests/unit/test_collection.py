"""The cycle collector is set aside for a stage and back on afterwards, also after an error."""

from __future__ import annotations

import gc

import pytest

from aggregator.collection import cycles_collected_afterwards


def test_the_collector_is_back_after_the_outermost_stage_even_when_it_fails():
    assert gc.isenabled()
    with cycles_collected_afterwards():
        assert not gc.isenabled()
        with cycles_collected_afterwards():
            assert not gc.isenabled()
        assert not gc.isenabled(), "the inner stage leaves the outer one's setting"
    assert gc.isenabled()
    with pytest.raises(ValueError), cycles_collected_afterwards():
        raise ValueError("a stage fails")
    assert gc.isenabled()


def test_a_caller_that_turned_the_collector_off_keeps_it_off():
    gc.disable()
    try:
        with cycles_collected_afterwards():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()

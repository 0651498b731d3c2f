"""zjtx.record: the model's immutable records behave as the frozen dataclasses they replace."""

import pickle

import pytest

from zjtx.record import FrozenInstanceError, Record, factory, later, record, replace


@record
class Point(Record):
    x: int
    y: int = 0
    tags: dict = factory(default_factory=dict)


@record(eq=False)
class Entity(Record):
    name: str


@record
class Derived(Record):
    items: tuple
    total: int = later(init=False)

    def __post_init__(self):
        object.__setattr__(self, "total", sum(self.items))


def test_fields_defaults_and_factories():
    p, q = Point(1), Point(1, 2, {"a": 1})
    assert (p.x, p.y, p.tags, q.y, q.tags) == (1, 0, {}, 2, {"a": 1})
    assert Point(1).tags is not Point(1).tags  # a fresh default each time
    assert Point(x=3, y=4) == Point(3, 4) and repr(Point(3, 4)) == "Point(x=3, y=4, tags={})"
    with pytest.raises(TypeError):
        Point()  # x is required
    with pytest.raises(TypeError):
        Point(1, z=2)


def test_frozen_values_hash_and_compare_by_fields_entities_by_identity():
    p = Point(1, 2)
    with pytest.raises(FrozenInstanceError):
        p.x = 5
    assert Point(1, 2) != Point(2, 1) and hash(Derived((1, 2))) == hash(Derived((1, 2)))
    assert {Derived((1, 2)): 1}[Derived((1, 2))] == 1
    assert Entity("a") != Entity("a") and len({Entity("a"), Entity("a")}) == 2
    assert Point(1) != (1, 0, {}) and Point(1).__eq__(Derived(())) is NotImplemented


def test_post_init_replace_and_pickle():
    d = Derived((1, 2, 3))
    assert d.total == 6
    e = replace(d, items=(4,))
    assert (e.items, e.total, d.total) == ((4,), 4, 6)
    with pytest.raises(TypeError):
        replace(d, nope=1)
    back = pickle.loads(pickle.dumps(Point(1, 2, {"k": 3}), protocol=pickle.HIGHEST_PROTOCOL))
    assert back == Point(1, 2, {"k": 3}) and type(back) is Point
    with pytest.raises(FrozenInstanceError):
        back.y = 1

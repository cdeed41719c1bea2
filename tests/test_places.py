"""When two places are the same place (est_cli.places) and when two observations are one event
(store/events.py grouping, without the archive)."""

from __future__ import annotations

from datetime import date

from est_cli.places import place_key, resolve_places
from est_cli.store.events import Member, clock_span, event_count, group_members


def test_word_order_punctuation_case_and_small_words_do_not_make_another_place():
    same = ["Bettorpsgatan, gångtunneln", "Gångtunneln vid Bettorpsgatan", "gångtunneln  BETTORPSGATAN."]
    assert len({place_key(p) for p in same}) == 1
    assert place_key("Vivalla centrum") != place_key("Vivalla centrum, p-däcket")
    assert place_key("") == "" and place_key(None) == ""
    assert place_key("Vid") == "vid"  # small words only: still a place


def test_a_part_of_one_other_place_joins_it_but_not_when_ambiguous():
    tunnel, path, street = (
        place_key(p) for p in ("Gångtunneln vid Bettorpsgatan", "Gångvägen mot Bettorpsgatan", "Bettorpsgatan")
    )
    assert resolve_places([tunnel, street])[street] == tunnel
    assert resolve_places([tunnel, path, street])[street] == street  # two wider places: ambiguous
    chain = [place_key(p) for p in ("Torget", "Torget norra", "Torget norra trappan")]
    assert resolve_places(chain)[chain[0]] == chain[2]  # one chain is no ambiguity
    assert resolve_places([place_key("Vivalla"), place_key("Vivalla centrum")], "Vivalla")["vivalla"] == "vivalla"


def test_reported_times():
    assert clock_span("21:50") == (1310, 1310) and clock_span("21.50") == (1310, 1310)
    assert clock_span("kl 21-23") == (1260, 1380) and clock_span("2150") == (1310, 1310)
    assert clock_span("kl 14") == (840, 899)
    assert clock_span("kväll") is None and clock_span("") is None


def member(i: int, report: int, **kw) -> Member:
    values = dict(week="2026-W47", area_key="vivalla", key="brand", theme="brand", count=1, place="Lertagsgatan")
    values |= dict(date=date(2026, 11, 17), time="21:50", comment="")
    values |= kw
    return Member(id=i, report_id=report, **values)  # type: ignore[arg-type]


def test_one_event_needs_another_report_the_same_place_date_and_near_times():
    fire = [member(1, 10, comment="Papperskorgsbrand"), member(2, 11, time="22:30", comment="Brand i papperskorg")]
    assert [[m.id for m in e] for e in group_members(fire)] == [[1, 2]]
    assert group_members([member(1, 10), member(2, 10)]) == []  # two rows of one report: two events
    assert group_members([member(1, 10), member(2, 11, time="02:10")]) == []  # hours apart
    assert group_members([member(1, 10), member(2, 11, date=date(2026, 11, 18))]) == []
    assert group_members([member(1, 10), member(2, 11, place="")]) == []  # no place: never
    different = [member(1, 10, comment="Klotter på busskur"), member(2, 11, comment="Krossad glasruta i entrédörr")]
    assert group_members(different) == []


def test_without_a_date_only_the_same_description_joins():
    youth = "Ca 15 ungdomar vid Vivalla centrum kl 21-23, lugnt"
    same = [member(1, 10, date=None, count=2, comment=youth), member(2, 11, date=None, count=2, comment=youth)]
    (event,) = group_members(same)
    assert event_count(event) == 2  # "2" and "2" are 2, not 4
    other = [
        member(1, 10, date=None, comment=youth),
        member(2, 11, date=None, comment="Ungdomar vid centrum kvällstid"),
    ]
    assert group_members(other) == []

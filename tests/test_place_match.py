"""When two places are probably one place (est_cli.place_match) and what `est plats list` suggests
(est_cli.place_overview.suggestions), without the archive."""

from __future__ import annotations

from est_cli.place_match import ABBREVIATION, FORM, SPELLING, dotted_words, fits, word_likeness
from est_cli.place_overview import PlaceRow, suggestions
from est_cli.places import place_key
from est_cli.weekview import EventRow
from est_cli.weekview.rules import hot_spots


def test_words_that_are_probably_the_same_word():
    assert word_likeness("bettorpsg", "bettorpsgatan", frozenset({"bettorpsg"})) == ABBREVIATION
    assert word_likeness("bettorpsg", "bettorpsgatan") is None  # without the full stop: another word
    assert word_likeness("c", "centrum") == ABBREVIATION  # "Vivalla C"
    assert word_likeness("torg", "torget") == FORM and word_likeness("gata", "gatan") == FORM
    assert word_likeness("betorpsgatan", "bettorpsgatan") == SPELLING
    assert word_likeness("bettropsgatan", "bettorpsgatan") == SPELLING  # two letters swapped
    assert word_likeness("norra", "södra") is None and word_likeness("skolan", "skolgården") is None
    assert word_likeness("1", "12") is None and word_likeness("12", "13") is None  # numbers: equal or not
    assert dotted_words(["Bettorpsg. 3", "Vivalla C"]) == {"bettorpsg"}


def test_a_place_fits_into_another_word_by_word():
    tunnel = place_key("Gångtunneln vid Bettorpsgatan")
    assert fits(place_key("Bettorpsgatan"), tunnel) == []
    assert fits(place_key("Bettorpsg."), tunnel, frozenset({"bettorpsg"})) == [ABBREVIATION]
    assert fits(place_key("Vivalla C"), place_key("Vivalla centrum")) == [ABBREVIATION]
    assert fits(place_key("Hus 1"), place_key("Hus 12")) is None
    assert fits(tunnel, place_key("Bettorpsgatan")) is None  # the wider place is no part of the narrower


def row(name: str, events: int = 1, area: str = "Vivalla", registered: bool = False) -> PlaceRow:
    return PlaceRow(area, area.casefold(), place_key(name), name, registered, events, ["2026-W47"], [(name, events)])


def shown(places: list[PlaceRow]) -> list[tuple[str, list[str]]]:
    return [(s.target.name, [m.name for m, _ in s.members]) for s in suggestions(places)]


def test_suggestions_join_a_part_and_variants_into_one_place():
    places = [row("Gångtunneln vid Bettorpsgatan", 3), row("Bettorpsgatan"), row("Bettorpsg."), row("Betorpsgatan")]
    assert shown(places) == [("Gångtunneln vid Bettorpsgatan", ["Betorpsgatan", "Bettorpsg.", "Bettorpsgatan"])]
    command = suggestions(places)[0].command()
    assert command == (
        'est plats samma "Gångtunneln vid Bettorpsgatan" "Betorpsgatan" "Bettorpsg." "Bettorpsgatan" --område Vivalla'
    )
    # Variants of one length join the one with more events; "Vivalla C" is short for "Vivalla centrum".
    assert shown([row("Vivalla C"), row("Vivalla centrum", 9)]) == [("Vivalla centrum", ["Vivalla C"])]
    assert shown([row("Torg", 4), row("Torget")]) == [("Torg", ["Torget"])]


def test_a_part_of_several_places_is_what_they_have_in_common():
    places = [row("Gångtunneln vid Bettorpsgatan", 3), row("Gångvägen mot Bettorpsgatan"), row("Bettorpsgatan", 5)]
    assert shown(places) == [("Bettorpsgatan", ["Gångtunneln vid Bettorpsgatan", "Gångvägen mot Bettorpsgatan"])]
    chain = [row("Torget"), row("Torget norra"), row("Torget norra trappan")]
    assert shown(chain) == [("Torget norra trappan", ["Torget", "Torget norra"])]


def test_what_is_never_suggested():
    assert shown([row("Hus 1"), row("Hus 12")]) == []
    assert shown([row("Vivalla"), row("Vivalla centrum")]) == []  # the area's own name is the whole area
    assert shown([row("Bettorpsgatan", area="Oxhagen"), row("Gångtunneln vid Bettorpsgatan")]) == []  # two areas
    # Two registered places are the coordinator's word that they are two places.
    registered = [row("Bettorpsgatan", registered=True), row("Gångtunneln vid Bettorpsgatan", registered=True)]
    assert shown(registered) == []
    # A registered place is never joined into another, but others join it.
    assert shown([row("Bettorpsgatan", 5, registered=True), row("Betorpsgatan", 9)]) == [
        ("Bettorpsgatan", ["Betorpsgatan"])
    ]


def spot_row(n: int, place: str) -> EventRow:
    return EventRow("Vivalla", "brand", "Brand", 1, place, None, "", None, "", "", "Polis", "X", "f", "A1", n, n)


def test_hot_spots_count_an_alias_as_its_registered_place_in_the_registers_spelling():
    tunnel = "Gångtunneln vid Bettorpsgatan"
    rows = [
        spot_row(1, "Bettorpsgatan tunneln"),
        spot_row(2, "gångtunneln, Bettorpsgatan"),
        spot_row(3, "Bettorpsgatan"),
    ]
    rows[0].place_key = rows[1].place_key = place_key(tunnel)  # what week_view gives with the register
    rows[0].registered_place = rows[1].registered_place = tunnel
    spots, _ = hot_spots(rows)
    assert [(s.place, s.count) for s in spots] == [(tunnel, 3)]  # "Bettorpsgatan": a part of one place
    # A registered place is a place of its own: it never joins a wider one as a part.
    rows[2].registered_place = "Bettorpsgatan"
    assert sorted((s.place, s.count) for s in hot_spots(rows)[0]) == [("Bettorpsgatan", 1), (tunnel, 2)]

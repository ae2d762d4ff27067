"""From NER mentions to canonical entities: one per referent, across surface forms.

Within an article: inflection (Putins -> Putin), role prefixes (Kremlchef Wladimir Putin ->
Wladimir Putin), surname after full name (Putin -> Wladimir Putin), hyphenated compounds
(Ukraine-Krieg mentions Ukraine). Across articles: `resolve` maps a bare surname to a full name
seen before. Editorial rules (rename, merge, split, block) are applied last, so later articles
follow the admin's choices. Keys are stable strings such as "per:wladimir-putin".

The stage is the steps in `STEPS`, run in that order over one `Article` (its candidates, then
its groups). Each step's docstring gives the gate's figure without it (`meldungen eval tags
--ablate`; "decide" is SmartData and Wikinews dev, on which steps are kept or removed,
"held-out" Wikinews test; models/ner/MODEL_CARD.md also lists the steps removed). Helpers:
entity_names.py, entity_bodies.py, entity_groups.py, entity_homes.py, possessives.py; the Entity
and the editorial rules: editorial.py; word lists: data/.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from meldungen.enrich.editorial import (
    EditorialRules,
    Entity,
    apply_rules,
    follow_merges,
    set_displays,
)
from meldungen.enrich.entity_bodies import (
    BODIES,
    COMPOUND_BODIES,
    _body_mentions,
    _body_word,
    _compound_mentions,
)
from meldungen.enrich.entity_groups import (
    Group,
    _drop_short_forms_of_things,
    _merge_acronyms,
    _merge_body_short_forms,
    _merge_organisation_short_forms,
    _merge_place_short_forms,
    _merge_surnames,
    _vote,
)
from meldungen.enrich.entity_homes import homes
from meldungen.enrich.entity_names import (
    Candidate,
    _clean_surface,
    _genitive,
    _is_name,
    _normalise_name,
    _place_genitive,
    _uncapitalised,
    full_name,
)
from meldungen.enrich.entity_words import CLASSIFIER_NOUNS, PLACE_NAMES, alias, known_name
from meldungen.enrich.headline_cut import cut_headline, without_descriptions
from meldungen.enrich.lead import dateline_span, lead_span
from meldungen.enrich.mention import Mention, MentionLike
from meldungen.enrich.missed_mentions import (
    _company_short_forms,
    _facility_mentions,
    _inflected_mentions,
    _known_persons,
    listed_form,
    with_phrases,
)
from meldungen.enrich.nouns import is_common_noun
from meldungen.enrich.person_names import family_name_first, surname, with_initial_stops
from meldungen.enrich.possessives import possessives
from meldungen.text import sentence_spans, slug

__all__ = [
    "TYPES", "Candidate", "EditorialRules", "Entity", "Mention", "MentionLike", "STEPS",
    "canonical_entities", "default_resolve", "family_name_first", "follow_merges",
    "known_from_entities", "known_name", "salience", "surname",
]  # fmt: skip

TYPES = ("PER", "LOC", "ORG", "MISC")


Resolver = Callable[[str, str, Mapping[str, str]], str]

_NEXT_NOUN = re.compile(r"\s+([A-ZÄÖÜ][\wäöüß]+)")
# "10:30 MEZ", "20 Uhr UTC", "15 Uhr (MESZ)": a time zone after a time of day
_AFTER_A_TIME = re.compile(r"(?:\b\d{1,2}[:.]\d{2}|\bUhr)\s*\(?$")


def default_resolve(name: str, type_: str, known: Mapping[str, str]) -> str:
    """Key for `name`: a person's bare surname maps to the full-name key seen before.

    `known` maps lower-cased names and surnames to keys ({"putin": "per:wladimir-putin"}),
    without ambiguous surnames. Only persons: a place keeps its key beside an organisation."""
    low = name.lower()
    if type_ == "PER" and low in known and known[low].startswith("per:"):
        return known[low]
    return f"{type_.lower()}:{slug(name)}"


@dataclass
class Article:
    """One article while the steps run: its text, what later articles know, the candidates
    and (from `group` on) the groups of one name each."""

    text: str
    known: Mapping[str, str]
    known_names: set[str]
    headline_end: int
    teaser_span: tuple[int, int]
    lead_span: tuple[int, int]
    dateline_span: tuple[int, int] = (0, 0)
    cands: list[Candidate] = field(default_factory=list)
    before_noun: set[int] = field(default_factory=set)  # offsets of mentions before a noun
    groups: dict[str, Group] = field(default_factory=dict)


def _read_mentions(art: Article, mentions: Iterable[MentionLike]) -> None:
    """Mentions to candidates: the label checked, the surface cleaned and cut to a name
    (articles, role nouns, function words off; see entity_names._normalise_name)."""
    sentence_starts = {a for a, _ in sentence_spans(art.text)}
    for m in mentions:
        if not (0 <= m.start < m.end <= len(art.text)):
            continue
        label = m.label.upper()
        if label in ("OTH", "MISC"):
            label = "MISC"
        elif label not in TYPES:
            continue
        surface = _clean_surface(art.text[m.start : m.end] or m.text)
        base = getattr(m, "base", "")  # "Wiener" stands for Wien
        name, compound, label = (
            (base, False, label)
            if base
            else _normalise_name(surface, label, m.start in sentence_starts)
        )
        if name:
            nxt = _NEXT_NOUN.match(art.text, m.end)
            if nxt and is_common_noun(nxt[1]):
                art.before_noun.add(m.start)
            # "Nato-Beitritt" tagged PER: the name inside is no person, so that label abstains
            art.cands.append(Candidate(name, "" if compound and label == "PER" else label,
                                       m.start, 1.0, surface))  # fmt: skip
            whole = _body_word(surface) if compound else None
            if whole:  # "EU-Kommission" names the EU and is a body of its own
                art.cands.append(Candidate(alias(whole) or whole, "ORG", m.start, 1.0, surface))


def genitive(art: Article) -> None:
    """Genitive -s/-es off ("Putins" -> Putin, "Russlands Angriffskrieg" -> Russland), unless
    the -s is the name's own ("Bernie Sanders", "New York Times", "Wales").
    Without this step: F1 0.792 (−0.002; decide −0.001, held-out −0.002)."""
    evidence = {c.name for c in art.cands} | art.known_names
    # a place the alias table gives ("Vereinigtes Königreich"): "Großbritanniens" is its genitive
    evidence |= {a for c in art.cands if (a := alias(c.name)) and a in PLACE_NAMES}
    # a place of the gazetteer and an -s: "Nordrhein-Westfalens" is Nordrhein-Westfalen's
    evidence |= {c.name[:-1] for c in art.cands if _place_genitive(c.name)}
    # a longer name's last word: "Putins" of "Wladimir Putin"; not for a place the gazetteer
    # lists with its -s ("Bahamas" beside "Grand Bahama")
    last_words = {n.split()[-1] for n in evidence} - evidence
    evidence |= last_words
    # "Sarah Sanders", "Serena Williams": a person's full name keeps the -s of its last word
    # unless the article names the person without it; so does that surname alone
    # ("Sanders verlässt"), not before a noun ("Bernie Sanders Kampagne" may be a genitive)
    own_s = {
        c.name.rpartition(" ")[2]
        for c in art.cands
        if c.label == "PER" and full_name(c) and c.offset not in art.before_noun
        and c.name.endswith("s")
    } | {n.rpartition(" ")[2] for n in art.known_names if " " in n and n.endswith("s")}  # fmt: skip
    on_its_own = evidence - last_words
    art.cands = [
        c if _apposed(c) else c._replace(name=_genitive(
            c.name, on_its_own if c.name in PLACE_NAMES else evidence, c.label, own_s))
        for c in art.cands
    ]  # fmt: skip


def _apposed(c: Candidate) -> bool:
    """A one-word name right after a noun naming its kind ("Grenzübergang Eres", "Bundesstaat
    Texas") stands in apposition, which takes no genitive -s: the -s is its own."""
    words = c.surface.split()
    return len(words) >= 2 and words[-1] == c.name and words[-2] in CLASSIFIER_NOUNS


def keep_names(art: Article) -> None:
    """Only names stay: common nouns, role words and function words go (entity_names._is_name),
    and so does an acronym right after a time of day, a time zone ("10:30 MEZ", "20 Uhr
    UTC"); a family name of a full name of the article stays ("Xi", "Koch").
    Without this step: F1 0.791 (−0.003; decide −0.003, held-out −0.002)."""
    families = {c.name.split()[0] for c in art.cands if family_name_first(c.name.split())}
    # and the surname of a full name the article gives, a noun or not ("Hunt" of "Jeremy Hunt")
    families |= {c.name.rpartition(" ")[2] for c in art.cands if c.label == "PER" and " " in c.name}
    art.cands = [
        c
        for c in art.cands
        if (c.name in families or alias(c.name) or _is_name(c.name, c.label))
        and not (
            c.name.isupper() and _AFTER_A_TIME.search(art.text, max(0, c.offset - 16), c.offset)
        )
    ]


def known_bodies(art: Article) -> None:
    """Institutions, parties, bodies and the well-known organisations and places of the word
    lists that the NER left out are mentions all the same ("Bundesregierung", "Weltbank",
    "Samsung": entity_bodies.BODY_WORDS; "Human Rights Watch", "im Persischen Golf":
    missed_mentions), and so are persons the portal knows, named bare in headline or lead
    ("Trump"). Whole words no mention covers. Without this step (2026-12-06 evening): F1 0.818
    (−0.029; decide −0.030, held-out −0.030)."""
    art.cands += _body_mentions(art.text, art.cands) + _known_persons(art)
    art.cands = with_phrases(art.text, art.cands)


def facilities(art: Article) -> None:
    """Facilities, bodies and streets named after a person or place are mentions, whether the
    NER tagged them or not ("Robert-Koch-Institut", "Bertha-von-Suttner-Platz";
    enrich/facilities.py): the NER missed most of them, or kept only the person's name.
    Without this step: F1 0.830 (−0.000; decide −0.000, held-out +0.000): the gold names few
    of them; with it and the compounds no longer split into the person's name ("Bertha-von-
    Suttner-Platz" was "Bertha-von-Suttner"), decide 0.833 -> 0.835 (fp −4)."""
    art.cands += _facility_mentions(art.text, art.cands)


def inflections(art: Article) -> None:
    """A place or organisation named by an adjective and a noun is also its other case forms
    that the NER missed ("das Weiße Haus" found; "im Weißen Haus", "des Weißen Hauses" not).
    Without this step: F1 0.830 (+0.000; decide +0.000, held-out +0.000): the gold counts a
    referent once; what it earns is mentions, so salience and headlines (tag lines: central
    entities shown, SmartData 0.784 -> 0.791, Wikinews test 0.822 -> 0.824)."""
    art.cands += _inflected_mentions(art.text, art.cands)


def descriptions(art: Article) -> None:
    """An adjective and a common noun named once, in the headline alone, describe; they name
    nothing ("Deutscher Katastrophenschutz eine Katastrophe", headline_cut.without_descriptions)
    unless the word lists or earlier articles know the name ("Deutsche Bank"), or the article
    names it again in any case form. Without this step (2026-12-06): decide fp 209 -> 210,
    held-out fp 119 -> 122, tp unchanged (F1 0.850 -> 0.849); 5 of the 400 Wikinews titles as
    the crawl check ingests them lose such a tag ("Deutsche Ölreserven", "Hamburger
    Luftreinhaltung"), 7 of 1,400 other texts ("Londoner Hotspot", "Münchner Amokwaffe")."""
    art.cands = without_descriptions(
        art.headline_end, art.cands,
        lambda n: bool(known_name(n) or listed_form(n)) or n in art.known_names,
    )  # fmt: skip


def company_names(art: Article) -> None:
    """A company the text names by its registered name once ("die Gigaset AG") and elsewhere
    without the legal form ("Gigaset streicht 300 Stellen", which the NER missed) is named
    there too (missed_mentions._company_short_forms, the legal forms of
    data/entity_words.json). Without this step (2026-12-06): F1 0.849 (±0.000): the gold counts
    a referent once; tag lines SmartData central entities shown 0.799 -> 0.791 (107 -> 106 of
    134), right 265 of 284 -> 264 of 283; 1 of 1,400 other tag lines changed (Sonnendorfer
    GmbH, the egg producer of a recall)."""
    art.cands += _company_short_forms(art.text, art.cands)


def compound_mentions(art: Article) -> None:
    """Half-weight mentions of names inside hyphenated compounds (Ukraine-Krieg, Nato-Beitritt)
    that the article names anyway, and of the alias table's bodies and the word lists'
    organisations even when named only so ("SPD-Fraktion", "Commerzbank-Chef": an organisation).
    Places named only in compounds are left out ("US-Präsident" is no report about the USA).
    Without this step (2026-12-06 evening): F1 0.841 (−0.006; decide −0.006, held-out −0.008)."""
    names = {c.name for c in art.cands} | art.known_names
    found = _compound_mentions(art.text, names | COMPOUND_BODIES, art.cands)
    art.cands += [c if c.name in names else c._replace(label="ORG") for c in found]


def uncapitalise(art: Article) -> None:
    """ "DEUTSCHLAND" in a capitalised line is the Deutschland the article names elsewhere.
    Without this step: F1 0.793 (−0.000; decide −0.000, held-out ±0.000), but dpa's keywords
    lose one of 10 hits (F1 0.222 -> 0.200): kept for the tag line."""
    titled = {c.name for c in art.cands if not c.name.isupper()} | art.known_names
    titled |= PLACE_NAMES  # "EUROPA" in a list of signatories is Europa, said once or not
    art.cands = [c._replace(name=_uncapitalised(c.name, titled)) for c in art.cands]


def aliases(art: Article) -> None:
    """One name for referents with several ("Europäische Union" -> EU, data/entity_words.json).
    Without this step: F1 0.792 (−0.002; decide −0.002, held-out −0.001): the gate's matching
    rule folds the same table, so this is what the step gives `places` ("Vereinigte Staaten" ->
    USA, a place); it also gives one key (one tag page) across articles."""
    art.cands = [  # a body of the table is an organisation, whatever the NER said
        c._replace(name=a, label="ORG" if a in BODIES and c.label else c.label)
        if (a := alias(c.name))
        else c
        for c in art.cands
    ]


def group(art: Article) -> None:
    """Candidates of one name become one group, with the zones they are in (required)."""
    for c in art.cands:
        g = art.groups.setdefault(c.name, Group(c.name, Counter(), [], [], [], set()))
        g.labels[c.label] += 1
        g.surfaces.append(c.surface)
        g.offsets.append(c.offset)
        g.weights.append(c.weight)
        if c.offset < art.headline_end:
            g.zones.add("headline" if c.weight == 1.0 else "headline-part")
        elif art.teaser_span[0] <= c.offset < art.teaser_span[1]:
            g.zones.add("teaser")
        elif art.lead_span[0] <= c.offset < art.lead_span[1]:
            g.zones.add("lead")
        elif art.dateline_span[0] <= c.offset < art.dateline_span[1]:
            g.zones.add("dateline")


def merge_surnames(art: Article) -> None:
    """A surname alone is the article's full name that ends with it; variants of one full
    name are one; a first name alone is the one person who has it.
    Without this step: F1 0.791 (−0.002; decide −0.002, held-out −0.003)."""
    _merge_surnames(art.groups)


def acronyms(art: Article) -> None:
    """A short form the article gives in brackets after a full name ("Union Europäischer
    Föderalisten (UEF)") is that name: one entity, one tag, named by the short form; after a
    common noun ("Bruttoinlandsprodukt (BIP)") it is no name at all; the part after the hyphen
    of a body's name ("Sicherheitsrat" of the article's "UN-Sicherheitsrat") is that body.
    Without this step: F1 0.791 (−0.000; decide −0.001, held-out ±0.000); on the tag lines of
    19 of the 434 gold documents it merges a pair that showed as two tags or left one out."""
    known = {n for n in art.groups if alias(n) or n in PLACE_NAMES} | art.known_names
    _drop_short_forms_of_things(art.groups, art.text, known | BODIES)
    _merge_acronyms(art.groups, art.text, known)
    _merge_body_short_forms(art.groups, known | BODIES)
    _merge_organisation_short_forms(art.groups)


def places(art: Article) -> None:
    """A name of a place that the NER voted an organisation is the place ("die USA
    verhängen Sanktionen", "Russland lehnt ab"): places of the NER lexicon's gazetteers
    (data/entity_words.json, `place_names`).
    Without this step: F1 0.792 (−0.002; decide −0.002, held-out −0.002)."""
    for g in art.groups.values():
        if g.name in PLACE_NAMES and _vote(g.labels) == "ORG":
            g.labels = Counter({"LOC": sum(g.labels.values())})
    _merge_place_short_forms(art.groups, art.text)  # "Rio de Janeiro", "Eintracht Frankfurt"


# The entity stage, in order. `group` is required; every other step can be left out
# (canonical_entities(skip=...)), which is how the gate measures what each one earns.
STEPS: tuple[Callable[[Article], None], ...] = (
    cut_headline, possessives, genitive, keep_names, known_bodies, facilities, inflections,
    descriptions, company_names, compound_mentions, uncapitalise, aliases, group, merge_surnames,
    acronyms, places, homes,
)  # fmt: skip
REQUIRED = frozenset({"group"})


def canonical_entities(
    mentions: Iterable[MentionLike],
    text: str,
    *,
    headline_end: int = 0,
    teaser_span: tuple[int, int] = (0, 0),
    rules: EditorialRules | None = None,
    known: Mapping[str, str] | None = None,
    resolve: Resolver = default_resolve,
    skip: frozenset[str] = frozenset(),
) -> list[Entity]:
    """Canonical entities of one article, most salient first.

    `text` is the text the NER ran on: headline in [0, headline_end), teaser in `teaser_span`,
    then the body. Mentions with offsets outside `text` are ignored rather than failing the batch.
    `skip` names steps of `STEPS` to leave out (for the gate's ablation only).
    """
    known = {} if known is None else known  # the portal's lazy KnownNames may be empty yet
    lead = (0, 0) if teaser_span[1] > teaser_span[0] else lead_span(text, headline_end)
    body_start = teaser_span[1] if teaser_span[1] > teaser_span[0] else headline_end
    art = Article(text, known, _known_names(known), headline_end, teaser_span, lead,
                  dateline_span=dateline_span(text, body_start))  # fmt: skip
    _read_mentions(art, mentions)
    for step in STEPS:
        if step.__name__ not in skip or step.__name__ in REQUIRED:
            step(art)
    entities = []
    for g in art.groups.values():
        label = _vote(g.labels)
        key = resolve(g.name, label, known)
        entities.append(_to_entity(g, label, key, headline_end, len(text)))
    entities = apply_rules(entities, text, rules)
    set_displays(entities, rules)
    entities.sort(key=lambda e: _rank(e, headline_end))
    return entities


def _known_names(known: Mapping[str, str]) -> set[str]:
    """Names from `known` (lower-cased there) in their capitalised written form."""
    return {" ".join(t[:1].upper() + t[1:] for t in k.split()) for k in known}


def _rank(e: Entity, headline_end: int) -> tuple:
    """Names in the headline lead, in headline order (its subject first, as in the seed's
    "Trump, Putin"); the others follow by salience."""
    if e.in_headline and e.first_offset < headline_end:
        return (0, e.first_offset, 0.0)
    return (1, 0, -e.salience)


def _to_entity(g: Group, label: str, key: str, headline_end: int, text_len: int) -> Entity:
    first = min(g.offsets)
    headline_pos = min((o for o in g.offsets if o < headline_end), default=None)
    name = with_initial_stops(g.name) if label == "PER" else g.name
    ent = Entity(
        key=key,
        name=name,
        display=name,
        type=label,
        mentions=len(g.offsets),
        first_offset=first,
        in_headline="headline" in g.zones,
        in_teaser="teaser" in g.zones,
        surface_forms=sorted(set(g.surfaces)),
        in_lead="lead" in g.zones,
        in_dateline="dateline" in g.zones,
    )
    ent.salience = salience(
        weighted_mentions=sum(g.weights),
        first_offset=first,
        text_len=text_len,
        headline_pos=(headline_pos / max(headline_end, 1)) if headline_pos is not None else None,
        headline_full="headline" in g.zones,
        in_teaser=ent.in_teaser,
    )
    return ent


def salience(
    *,
    weighted_mentions: float,
    first_offset: int,
    text_len: int,
    headline_pos: float | None,
    headline_full: bool,
    in_teaser: bool,
) -> float:
    """How central an entity is to the article.

    The headline dominates and its first names weigh most (the headline's subject leads the
    tag line, as in the seed's "Trump, Putin"); a name only inside a headline compound
    (Ukraine-Verhandlungen) counts less. Then the teaser, how often (log), and how early.
    """
    score = 0.0
    if headline_pos is not None:
        score += (4.0 if headline_full else 1.5) + 3.0 * (1.0 - headline_pos)
    if in_teaser:
        score += 0.75
    score += math.log2(1.0 + weighted_mentions)
    score += 1.0 - min(first_offset / max(text_len, 1), 1.0)
    return round(score, 4)


def known_from_entities(entities: Iterable[Entity]) -> dict[str, str]:
    """A `known` map for later articles: full names and unambiguous surnames -> key."""
    known: dict[str, str] = {}
    by_surname: dict[str, set[str]] = {}
    for e in entities:
        known[e.name.lower()] = known[e.name.replace(". ", " ").lower()] = e.key  # W. = W
        if e.type == "PER" and " " in e.name:
            by_surname.setdefault(surname(e.name).lower(), set()).add(e.key)
    for family, keys in by_surname.items():
        if len(keys) == 1 and family not in known:
            known[family] = next(iter(keys))
    return known

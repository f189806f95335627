"""What the writer says about themselves — role, school, study, field — read from the dependency parse.

The facts fill suggestions ("Informational interview request: {school} student interested in {field}"), so a
wrong one is worse than none. Each is taken from where the grammar puts it, not from the words around it:

- role: what "I" *is* (the attribute of "I am ..."), or what they worked *as*: "a third-year economics student";
- study: what they study, major or hold a degree in, or the noun before "student"/"major": "economics";
- school: the proper name the role or the study is *at* or *from*, or a proper name with "University",
  "College"...: "Ohio State University";
- field: what they are interested in, want to move into or explore, past "a career in": "UX research".

A phrase is the head word with its modifiers to the left (compounds, adjectives, a hyphenated "third-year") and
any coordinated words ("democracy and governance programming"): a noun phrase, never a clause.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

WRITER_FACT_NEEDS = frozenset({"tagger", "parser", "lemma"})
"""What the extraction reads: parts of speech, dependencies, lemmas."""
WRITER_FACT_FIELDS = frozenset({"role", "school", "study", "field", "topic"})
"""The replacement placeholders filled from these facts (``topic`` is the field, else the study)."""

_YEAR_WORDS = frozenset({"freshman", "sophomore", "junior", "senior"})  # "third-year" is three tokens, "year" last
# Nouns that name a student; the words before them say what they study ("economics student").
_STUDENT_NOUNS = frozenset(
    {"student", "major", "minor", "graduate", "undergraduate", "candidate", "alum", "alumna", "alumnus", "trainee"}
    | _YEAR_WORDS
)
_STUDY_VERBS = frozenset({"study", "major", "minor", "concentrate", "specialize", "specialise"})
_STUDY_FORMS = frozenset({"studying", "majoring", "minoring", "concentrating", "specializing", "specialising"})
_DEGREE_NOUNS = frozenset(
    {"degree", "program", "programme", "master", "bachelor", "phd", "mba", "certificate", "concentration", "course"}
)
# Words whose preposition (or object) names the field the writer is drawn to.
_INTEREST_HEADS: dict[str, frozenset[str]] = {
    "interested": frozenset({"in"}),
    "interest": frozenset({"in"}),
    "passionate": frozenset({"about"}),
    "career": frozenset({"in"}),
    "future": frozenset({"in"}),
    "move": frozenset({"into", "to"}),
    "transition": frozenset({"into", "to"}),
    "pivot": frozenset({"into", "to"}),
    "switch": frozenset({"into", "to"}),
    "break": frozenset({"into"}),
    "path": frozenset({"into"}),
    "fascinated": frozenset({"by", "with"}),
    "drawn": frozenset({"to"}),
    "curious": frozenset({"about"}),
    "excited": frozenset({"about"}),
    "keen": frozenset({"on"}),
    "focused": frozenset({"on"}),
}
# What follows a school's name in a signature but is not part of it: "Tulane MPH", "UBC PharmD Candidate".
_DEGREE_WORDS = frozenset(
    {"ba", "bs", "bsc", "bsn", "ma", "ms", "msc", "mba", "mph", "mpp", "mpa", "msw", "mfa", "med", "msph", "mha"}
    | {"phd", "jd", "md", "pharmd", "dpt", "rn", "llm", "dnp", "edd", "candidate", "student", "program", "programme"}
    | {"alum", "alumna", "alumnus", "class"}
)
# "interested in Monday", "excited about the phone call": when or how, not a field.
_WHEN_OR_HOW = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mondays", "tuesdays"}
    | {"wednesdays", "thursdays", "fridays", "day", "days", "week", "weekend", "morning", "afternoon", "evening"}
    | {"january", "february", "march", "april", "june", "july", "august", "september", "october", "november"}
    | {"december", "phone", "zoom", "call", "minutes", "application", "journey", "background", "experience"}
)
_MIXED_CASE_DEGREES = frozenset({"PhD", "PharmD", "MEd", "MSc", "BSc", "EdD"})
_INTEREST_VERBS = frozenset({"explore", "pursue"})
# "a career in X", "the field of X": the container is not the field, what it holds is.
_CONTAINERS = frozenset(
    {"career", "role", "field", "job", "area", "position", "work", "industry", "sector", "world", "path", "move"}
    | {"transition", "switch", "pivot", "direction", "step", "opportunity", "option", "major", "space"}
)
_VAGUE = frozenset({"things", "stuff", "more", "everything", "anything", "something", "options", "opportunities"})
_SCHOOL_WORDS = frozenset({"university", "college", "institute", "polytechnic", "academy", "school"})
# "I am a big fan of your work" says nothing about who the writer is.
_NOT_ROLES = frozenset(
    {"fan", "admirer", "follower", "reader", "believer", "person", "one", "bit", "lot", "way", "fit", "match"}
)
_FIRST_PERSON = frozenset({"i", "me", "my"})
_LEFT_MODIFIERS = frozenset({"compound", "amod", "nmod", "nummod", "punct", "npadvmod", "quantmod", "case"})
_NAME_JOINERS = frozenset({"of", "and", "&", "de", "du", "des", "di", "da", "del", "für"})  # "Université de Sherbrooke"
_VERB_MODIFIERS = frozenset({"amod", "compound", "npadvmod"})
_MAX_WORDS = 7


@dataclass(frozen=True)
class WriterFacts:
    role: str | None = None
    school: str | None = None
    study: str | None = None
    field: str | None = None


def writer_facts(doc: Doc, parts: Iterable[tuple[int, int]], text: str | None = None) -> WriterFacts:
    """The first of each fact in the writer's own parts (character ranges of ``doc``, in the order given),
    worded as in ``text`` (the draft the ``doc`` is aligned with: its curly quotes, not the parse's straight ones)."""
    source = doc.text if text is None else text
    spans = [span for start, end in parts if (span := doc.char_span(start, end, alignment_mode="expand"))]
    tokens = [token for span in spans for token in span]
    roles = [token for token in tokens if _is_role(token)]
    studies = list(_studies(tokens, roles))
    # what a school can be attached to: "a senior at", "I'm a senior at" ("at" on the verb), "studying X at";
    # never another role ("a sous chef at Mirabel" names an employer)
    students = [role for role in roles if role.lower_ in _STUDENT_NOUNS]
    anchors = {*students, *(role.head for role in students), *studies}
    return WriterFacts(
        role=_first(source, (_role_phrase(token) for token in roles)),
        school=_first(source, _schools(tokens, anchors)),
        study=_first(source, (_study_phrase(token) for token in studies)),
        field=_first(source, (_field_phrase(token) for token in _fields(tokens))),
    )


def _first(text: str, phrases: Iterable[Span | None]) -> str | None:
    for phrase in phrases:
        if phrase is not None and len(phrase) <= _MAX_WORDS and any(t.is_alpha for t in phrase):
            return " ".join(text[phrase.start_char : phrase.end_char].split())
    return None


def _is_role(token: Token) -> bool:
    """The attribute of a first-person "be" ("I am a senior"), or what the writer works or worked *as*."""
    if token.lower_ in _NOT_ROLES or not (token.pos_ in ("NOUN", "PROPN") or token.lower_ in _YEAR_WORDS):
        return False
    head = token.head
    if token.dep_ == "attr" and head.lemma_ == "be":
        # "I am a nurse", never "I am Beatriz Moura" or "I am free Tuesday afternoons": a role takes "a"/"an"
        indefinite = any(t.lower_ in ("a", "an") for t in token.subtree if t.i < token.i)
        return indefinite and any(child.dep_ == "nsubj" and child.lower_ == "i" for child in head.children)
    if token.dep_ == "pobj" and head.lower_ == "as":
        owner = head.head
        return owner.lemma_ in ("work", "serve", "year", "month", "decade") and _near_first_person(token)
    if token.dep_ == "pobj" and head.lower_ in ("from", "as") and token.lower_ in _STUDENT_NOUNS:
        # "a question from a UNC journalism student" (a subject line), "writing as a nursing student"
        return any(t.lower_ in ("a", "an") for t in token.lefts)
    return False


def _role_phrase(token: Token) -> Span | None:
    """A role's phrase up to a study verb the parse may have folded in ("a junior studying X" -> "junior")."""
    phrase = _phrase(token, allow_verbs=True)
    if phrase is None:
        return None
    cut = next((t.i for t in phrase if t.lower_ in _STUDY_FORMS), None)
    if cut is not None:
        phrase = phrase.doc[phrase.start : cut]
    return phrase if phrase and not any(t.pos_ == "VERB" for t in phrase) else None


def _near_first_person(token: Token) -> bool:
    return any(t.lower_ in _FIRST_PERSON for t in token.sent)


def _phrase(token: Token, *, allow_verbs: bool = False) -> Span | None:
    """The noun phrase headed by ``token``: its left modifiers and coordinated words, no article or clause
    (``allow_verbs``: the caller trims verb forms itself)."""
    start, end = _left_edge(token), token.i + 1
    for child in token.rights:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "ADJ"):
            end = max(end, child.i + 1)
    doc = token.doc
    while start < token.i and (
        doc[start].dep_ in ("det", "predet") or doc[start].pos_ == "PRON" or doc[start].is_punct
    ):
        start += 1
    while end > token.i + 1 and doc[end - 1].is_punct:
        end -= 1
    phrase = doc[start:end]
    if any(
        t.pos_ in ("AUX", "PRON") or (t.pos_ == "VERB" and not allow_verbs and not _names_a_thing(t, token))
        for t in phrase
    ):
        return None  # a clause, not a name for something
    return phrase


def _names_a_thing(verb: Token, head: Token) -> bool:
    """A verb form inside a noun phrase: a modifier ("transit-oriented") or a gerund as the thing itself
    ("interested in consulting")."""
    return verb.dep_ in _VERB_MODIFIERS or (verb == head and verb.dep_ in ("pobj", "pcomp"))


def _left_edge(token: Token) -> int:
    start = token.i
    for child in token.lefts:
        if child.dep_ in _LEFT_MODIFIERS or (child.dep_ == "poss" and child.pos_ != "PRON"):  # "master's student"
            start = min(start, _left_edge(child))
        elif child.dep_ == "det" and child.i == start - 1:
            start = child.i
    return start


def _schools(tokens: list[Token], anchors: set[Token]) -> Iterator[Span | None]:
    """Where the writer studies: a proper name after "at"/"from" that the role or the study is attached to,
    a proper-name compound before "student" ("a UCLA student"), then any name with "University" in it."""
    for token in tokens:
        if token.lower_ in ("at", "from") and (token.head in anchors or _about_study(token.head)):
            yield _school_name(_proper_name_after(token))
    for token in tokens:
        following = token.nbor() if token.i + 1 < len(token.doc) and "\n" not in token.whitespace_ else None
        before_a_degree = following is not None and _is_degree(following) and token.text[0].isupper()
        named_for = token.dep_ == "compound" and token.head.lower_ in _STUDENT_NOUNS
        if token.pos_ == "PROPN" and (named_for or before_a_degree):  # "a UCLA student", "Tulane MPH"
            name = _proper_name_around(token)
            if name.start == 0 or name.doc[name.start - 1].lower_ != "of":  # "Master of Public Affairs student"
                yield _school_name(name)
    for token in tokens:
        if token.lower_ in _SCHOOL_WORDS and token.pos_ == "PROPN":
            yield _school_name(_proper_name_around(token))


def _is_degree(token: Token) -> bool:
    """A degree written as one: "MPH", "M.S.", "PharmD"; not "Ms." or "ms" (a title, a chat word)."""
    letters = token.text.replace(".", "")
    return letters.lower() in _DEGREE_WORDS and (letters.isupper() or letters in _MIXED_CASE_DEGREES)


def _school_name(name: Span | None) -> Span | None:
    """A school's name without a degree or a title after it ("Tulane MPH" -> "Tulane"); a degree alone is none."""
    if name is None:
        return None
    end = name.end
    while end > name.start and name.doc[end - 1].lower_.replace(".", "") in _DEGREE_WORDS:
        end -= 1
    return name.doc[name.start : end] if end > name.start else None


def _about_study(token: Token) -> bool:
    return token.lemma_ in _STUDY_VERBS or token.lower_ in _STUDY_FORMS | _STUDENT_NOUNS | _DEGREE_NOUNS


def _proper_name_after(preposition: Token) -> Span | None:
    """The run of proper names that follows "at"/"from" ("the University of Michigan", "San Jose State")."""
    doc, i = preposition.doc, preposition.i + 1
    if i < len(doc) and doc[i].lower_ == "the":
        i += 1
    if i >= len(doc) or doc[i].pos_ != "PROPN":
        return None
    return _proper_name_around(doc[i])


def _proper_name_around(token: Token) -> Span:
    """The longest run of proper names through ``token`` on one line, joined by "of", "and", "&", "de"...
    ("Texas A&M University", "Université de Sherbrooke")."""
    doc = token.doc

    def name_like(t: Token) -> bool:
        return t.pos_ == "PROPN" or (t.text == "&" and t.whitespace_ == "")

    def same_line(left: Token) -> bool:
        return "\n" not in left.whitespace_

    start = token.i
    while start > 0 and name_like(doc[start - 1]) and same_line(doc[start - 1]):
        start -= 1
    end = token.i + 1
    while end < len(doc) and same_line(doc[end - 1]):
        if name_like(doc[end]):
            end += 1
        elif doc[end].lower_ in _NAME_JOINERS and end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN":
            end += 2
        else:
            break
    return doc[start:end]


def _studies(tokens: list[Token], roles: list[Token]) -> Iterator[Token]:
    """The head words of what the writer studies, best first."""
    for role in roles:  # "a third-year economics student": the nearest noun before it that is not the year
        if role.lower_ in _STUDENT_NOUNS:
            subjects = [c for c in role.lefts if c.dep_ in ("compound", "amod") and c.pos_ == "NOUN"]
            if subjects and subjects[-1].lower_ not in _STUDENT_NOUNS | {"year"}:  # not "undergraduate student"
                yield subjects[-1]
    for token in tokens:
        head = token.head
        if token.dep_ == "dobj" and head.lemma_ in _STUDY_VERBS and not _a_particular_thing(token):
            yield token
        if token.dep_ == "pobj" and head.lower_ == "in" and _about_study(head.head) and head.head.pos_ != "PROPN":
            yield token
        of_a_year = head.lower_ == "of" and head.head.lower_ == "year"
        if token.dep_ == "pobj" and token.lower_ in _DEGREE_NOUNS and of_a_year:
            subjects = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"]
            if subjects:  # "in my second year of the agronomy program"
                yield subjects[-1]
        if token.dep_ in ("attr", "pobj") and any(c.lower_ in _STUDY_FORMS and c.dep_ == "amod" for c in token.lefts):
            yield token  # "a junior studying cybersecurity" parsed as "cybersecurity" with two modifiers


def _a_particular_thing(token: Token) -> bool:
    """ "I studied the boards you posted": an object with "the", "your" or a clause is no programme of study."""
    return any(
        (child.dep_ in ("det", "poss") and child.lower_ not in ("a", "an")) or child.dep_ in ("relcl", "acl")
        for child in token.children
    )


def _study_phrase(token: Token) -> Span | None:
    """The phrase of a study, without the year that may come first ("junior biology" -> "biology"), with the
    adjectives the parse hung on the student instead ("mechanical" in "a mechanical engineering student")."""
    phrase = _phrase(token)
    if phrase is None or any(t.lower_ in _SCHOOL_WORDS for t in phrase):
        return None
    doc, start = phrase.doc, phrase.start
    while start > 0 and doc[start - 1].head == token.head and doc[start - 1].pos_ == "ADJ" and token.dep_ == "compound":
        start -= 1
    phrase = doc[start : phrase.end]
    years = [t.i for t in phrase if t.lower_ in _YEAR_WORDS | _STUDY_FORMS or t.lower_ == "year"]
    start, end = (years[-1] + 1 if years else phrase.start), phrase.end
    while end > start and phrase.doc[end - 1].lower_ in _DEGREE_WORDS:  # "Dairy Science program"
        end -= 1
    return phrase.doc[start:end]


def _fields(tokens: list[Token]) -> Iterator[Token]:
    """The head words of what the writer is drawn to: "interested in X", "move into X", "exploring X",
    "interested in working in X". (What they ask to talk about, "20 minutes on X", was tried and left out: on the
    external development set it added four right fields and seven wrong ones.)"""
    for token in tokens:
        head = token.head
        if token.dep_ not in ("pobj", "pcomp") or not _governs(head.head, head):
            if token.dep_ == "dobj" and head.lemma_ in _INTEREST_VERBS and _near_first_person(token):
                yield token
            continue
        if token.dep_ == "pobj" or not list(token.children):
            yield token
        else:  # a gerund with its own place: "working in public health"
            yield from (
                place
                for child in token.rights
                if child.dep_ == "prep" and child.lower_ in ("in", "into")
                for place in child.children
                if place.dep_ == "pobj"
            )


def _governs(word: Token, preposition: Token) -> bool:
    """Whether ``word`` takes this preposition for a field ("fascinated by", in either form: word or lemma)."""
    wanted = _INTEREST_HEADS.get(word.lower_) or _INTEREST_HEADS.get(word.lemma_.lower()) or frozenset()
    return preposition.lower_ in wanted


def _field_phrase(token: Token) -> Span | None:
    """A field's phrase: a noun, a name or a gerund, never a time, a means or a placeholder ("a chat on Monday",
    "your work", "things"); past a container to what it holds ("a career in X")."""
    token = _contents(token)
    if token.pos_ not in ("NOUN", "PROPN", "VERB") or token.lower_ in _WHEN_OR_HOW | _VAGUE or token.like_num:
        return None
    phrase = _phrase(token)
    if phrase is None or (token.lemma_ in _CONTAINERS and not _content_modifiers(token)):
        return None  # "a new direction", "an in-house role"
    end = phrase.end
    while end > phrase.start + 1 and _is_wrapper(phrase.doc[end - 1]):  # "ML infrastructure roles", "PhD programs"
        end -= 1
    if all(t.pos_ == "PROPN" for t in phrase) and not any(t.is_upper for t in phrase):
        return None  # a name alone is an employer or a place ("Seattle Public Schools"), not a field
    return phrase.doc[phrase.start : end]


def _is_wrapper(token: Token) -> bool:
    return token.lemma_ in _CONTAINERS or token.lower_ in _DEGREE_WORDS or token.lemma_.lower() in _DEGREE_WORDS


def _contents(token: Token) -> Token:
    """Past a container noun to what it holds: "a career in public health" -> "health" (its phrase), unless the
    container names it itself ("ML infrastructure roles in finance" -> "roles")."""
    while token.lemma_ in _CONTAINERS and not _content_modifiers(token):
        inner = next(
            (
                grandchild
                for child in token.rights
                if child.dep_ == "prep" and child.lower_ in ("in", "into", "of")
                for grandchild in child.children
                if grandchild.dep_ == "pobj"
            ),
            None,
        )
        if inner is None:
            return token
        token = inner
    return token


def _content_modifiers(token: Token) -> bool:
    return any(
        child.dep_ in ("compound", "amod") and child.pos_ in ("NOUN", "PROPN") and child.lemma_ not in _CONTAINERS
        for child in token.lefts
    )

"""Hypothesis strategies for hostile drafts, shared by tests/test_fuzz.py and benchmarks/fuzz.py.

Families: random unicode (control characters and lone surrogates included), raw bytes, drafts from the
labelled corpus mutated (cut, spliced, repeated, with header lines injected), and MIME messages whose headers
and structure are broken.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

CORPUS = Path(__file__).resolve().parents[1] / "benchmarks" / "corpus"
SEEDS = sorted(CORPUS.glob("*/*.txt"))[::25]  # a spread of real drafts to mutate

_any_char = st.one_of(
    st.characters(),
    st.characters(categories=["Cc", "Cf", "Zl", "Zp"]),
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),  # lone surrogates
    st.sampled_from("!?.,:;-\u2014\U0001f600\U0001f389>\n\r\t "),
)
random_text = st.text(_any_char, max_size=3000)

_HEADERS = [
    "MIME-Version: 1.0\n",
    'From: "x" <\n',
    "Subject: =?utf-8?b?broken\n",
    "Content-Type: multipart/mixed; boundary=\n",
    "Content-Type: text/html; charset=nope\n",
    "Content-Transfer-Encoding: base64\n",
    "Subject: \n",
    "> On Mon, Jan 1, X wrote:\n",
    "-----Original Message-----\n",
    "P.S. ",
    "-- \n",
]


@st.composite
def mutated_draft(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS)).read_text(encoding="utf-8")
    for _ in range(draw(st.integers(0, 4))):
        cut = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "repeat", "header"]))
        if action == "insert":
            text = text[:cut] + draw(st.text(_any_char, max_size=200)) + text[cut:]
        elif action == "delete":
            text = text[:cut] + text[cut + draw(st.integers(0, 300)) :]
        elif action == "repeat":
            text = text[:cut] + text[cut : cut + 80] * draw(st.integers(2, 40)) + text[cut:]
        else:
            text = text[:cut] + draw(st.sampled_from(_HEADERS)) + text[cut:]
    return text


@st.composite
def broken_mime(draw: st.DrawFn) -> bytes:
    headers = "".join(draw(st.lists(st.sampled_from(_HEADERS), min_size=1, max_size=5)))
    body = draw(st.text(_any_char, max_size=500))
    boundary_parts = draw(st.booleans())
    if boundary_parts:
        body = f"--x\nContent-Type: text/plain\n\n{body}\n--x--\n"
    return ("MIME-Version: 1.0\n" + headers + "\n" + body).encode("utf-8", "surrogatepass")


hostile_input = st.one_of(random_text, st.binary(max_size=2000), mutated_draft(), broken_mime())

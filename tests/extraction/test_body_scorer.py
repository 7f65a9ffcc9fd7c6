"""The learned body scorer: its features, the shipped model, and the long or unusual pages it must keep whole."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources

import numpy as np
import pytest
from lxml import html

from newsspider.extraction.blockcontext import NAME_GROUP_NAMES, name_bits
from newsspider.extraction.blockfeatures import FEATURES, block_features
from newsspider.extraction.body import choose_blocks, extract_body, read_candidates
from newsspider.extraction.bodymodel import MODEL_FILE, body_model
from newsspider.extraction.content import render_blocks
from newsspider.extraction.trees import model_digest

TITLE = "How to winter-proof a small garden"
SECTION_TEXT = (
    "Start early in the autumn, when the soil is still warm, and work through the beds one at a time"
    " so that nothing is left bare when the first frost comes."
)


def section(n: int) -> str:
    return (
        f"<h2>{n}. Step number {n} of the plan</h2>"
        f"<p>{SECTION_TEXT} This is what step {n} asks of you, and why it matters for the roots.</p>"
        f"<p>Most gardeners find that step {n} takes an afternoon, a wheelbarrow and a little patience.</p>"
    )


def box(n: int) -> str:
    """What sits between a listicle's sections: an ad slot and a product card with a buy button."""
    return (
        f'<div class="ad-slot"><span>Advertisement</span></div>'
        f'<div class="product-card"><a href="/shop/item-{n}">Garden fleece, 10 m</a>'
        f'<a class="button" href="/shop/item-{n}?buy=1">Buy now</a></div>'
    )


def body_text(markup: str, title: str | None = TITLE) -> str:
    return extract_body(html.document_fromstring(markup).body, title=title).text


def features_of(markup: str, title: str | None = TITLE) -> tuple[list[str], np.ndarray]:
    candidates = read_candidates(html.document_fromstring(markup).body, title=title)
    return [block.text for block in candidates.blocks], block_features(candidates.blocks, candidates.evidence)


def test_every_section_of_a_listicle_is_kept_and_the_boxes_between_them_are_not() -> None:
    sections = "".join(section(n) + box(n) for n in range(1, 11))
    text = body_text(f"<html><body><article><h1>{TITLE}</h1>{sections}</article></body></html>")
    for n in range(1, 11):
        assert f"{n}. Step number {n} of the plan" in text
        assert f"step {n} takes an afternoon" in text
    assert "Buy now" not in text and "Advertisement" not in text and "Garden fleece" not in text


def test_text_in_bare_divs_is_the_body() -> None:
    lines = "".join(f"<div>{SECTION_TEXT} Paragraph {n} of the piece goes on about mulch.</div>" for n in range(6))
    page = (
        f'<html><body><div><div><a href="/">Home</a> <a href="/garden">Garden</a></div>'
        f"<div><div>{TITLE}</div>{lines}</div><div>© 2024 The Garden Post</div></div></body></html>"
    )
    text = body_text(page)
    assert all(f"Paragraph {n} of the piece" in text for n in range(6))
    assert "Home Garden" not in text and "©" not in text


def test_a_thread_of_signed_dated_comments_after_the_article_is_not_body() -> None:
    article = "".join(f"<p>{SECTION_TEXT} Part {n}.</p>" for n in range(5))
    comments = "".join(
        f'<li class="comment"><div class="comment-meta"><b>Reader{n}</b> <time>12 March 2024 at 09:1{n}</time>'
        f"</div><p>I tried this last year with my own beds and it worked well enough, thank you for number {n}."
        f"</p></li>"
        for n in range(6)
    )
    page = (
        f"<html><body><article><h1>{TITLE}</h1>{article}</article>"
        f'<section class="comments"><h3>6 responses</h3><ol>{comments}</ol></section></body></html>'
    )
    text = body_text(page)
    assert all(f"Part {n}." in text for n in range(5))
    assert "thank you for number" not in text and "Reader1" not in text


def test_a_table_in_the_body_is_kept_as_text_rows() -> None:
    table = (
        "<table><thead><tr><th><p>Plant</p></th><th><p>When to cover</p></th></tr></thead><tbody>"
        "<tr><td><p>Roses</p></td><td><div>November</div></td></tr>"
        "<tr><td><p>Fig trees</p></td><td><div>October</div></td></tr></tbody></table>"
    )
    paragraphs = "".join(f"<p>{SECTION_TEXT} Part {n}.</p>" for n in range(4))
    text = body_text(
        f"<html><body><article><h1>{TITLE}</h1>{paragraphs}{table}<p>{SECTION_TEXT} The end.</p>"
        "</article></body></html>"
    )
    assert "Plant | When to cover\n\nRoses | November\n\nFig trees | October" in text
    assert text.endswith("The end.")


def test_features_describe_density_position_and_ancestors() -> None:
    texts, rows = features_of(f"""<html><body><div class="menu"><a href="/a">Garden news and more</a></div>
        <article><h1>{TITLE}</h1><p>{SECTION_TEXT}</p></article>
        <div class="comments"><p>{SECTION_TEXT}</p></div></body></html>""")
    column = {name: rows[:, FEATURES.index(name)] for name in FEATURES}
    menu, headline, paragraph = (texts.index(text) for text in ("Garden news and more", TITLE, SECTION_TEXT))
    comment = len(texts) - 1
    assert rows.shape == (len(texts), len(FEATURES))
    assert column["link_density"][menu] == 1.0 and column["link_density"][paragraph] == 0.0
    assert column["name_chrome"][menu] == 1.0 and column["inside_article"][menu] == 0.0
    assert column["tag_heading"][headline] == 1.0 and column["after_headline"][paragraph] == 1.0
    assert column["name_comment"][comment] == 1.0 and column["name_comment"][paragraph] == 0.0
    assert column["duplicate"][paragraph] == 1.0  # the comment repeats the paragraph's text
    assert column["pruned"][menu] == 1.0 and column["pruned"][paragraph] == 0.0


def test_class_words_fall_into_groups_whatever_the_spelling() -> None:
    def groups(names: str) -> set[str]:
        bits = name_bits(names)
        return {name for index, name in enumerate(NAME_GROUP_NAMES) if bits >> index & 1}

    assert "comment" in groups("commentList")
    assert groups("post-body entry_content") == {"content"}
    assert groups("css-1x2y3z") == set()  # generated names say nothing
    assert groups("share-bar social") == {"share"}


def test_the_shipped_model_loads_and_is_the_file_the_training_script_wrote() -> None:
    model = body_model()
    assert model is not None
    content = resources.files("newsspider.models").joinpath(MODEL_FILE).read_bytes()
    spec = json.loads(content)
    assert spec["version"] == model_digest(spec) == model.version
    assert spec["features"] == list(FEATURES)
    assert len(content) < 512 * 1024  # kilobytes, shipped in the package


def test_scores_are_probabilities_and_article_text_outscores_chrome() -> None:
    texts, rows = features_of(f"""<html><body><div class="site-nav"><a href="/a">Home</a> <a href="/b">Garden</a></div>
        <article><h1>{TITLE}</h1>{"".join(f"<p>{SECTION_TEXT} Part {n}.</p>" for n in range(4))}</article>
        <div class="site-footer"><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></div></body></html>""")
    model = body_model()
    assert model is not None
    scores = model.probability(rows)
    assert ((scores >= 0) & (scores <= 1)).all()
    paragraph, footer = texts.index(f"{SECTION_TEXT} Part 1."), texts.index("Privacy Terms")
    assert scores[paragraph] > 0.9 > 0.1 > scores[footer]


def test_rendering_keeps_the_context_of_each_block() -> None:
    blocks = render_blocks(
        html.fragment_fromstring('<div class="story-body"><p>One.</p><aside class="related"><p>Two.</p></aside></div>')
    )
    one, two = blocks
    assert one.context is not None and two.context is not None
    assert two.context.depth == one.context.depth + 1
    assert one.context.signature != two.context.signature


class _KeepsNothing:
    """A scorer that drops every block: what a page unlike anything the model learned on can get."""

    def probability(self, rows: np.ndarray) -> np.ndarray:
        return np.zeros(len(rows))

    def keep(self, rows: np.ndarray, probability: np.ndarray | None = None) -> np.ndarray:
        return np.zeros(len(rows), dtype=bool)


CHINESE_PROSE = "市议会周二投票决定将有轨电车线路向北延伸，新增四个车站、两个车辆段和一座跨越运河的桥梁。" * 4


@pytest.mark.parametrize(
    "prose",
    [
        pytest.param([f"{SECTION_TEXT} Part {n}." for n in range(3)], id="latin-full-stops"),
        pytest.param([f"{CHINESE_PROSE}第{n}部分。" for n in range(3)], id="chinese-full-stops"),
    ],
)
def test_when_scorer_and_rules_keep_next_to_nothing_the_pages_prose_is_the_body(
    monkeypatch: pytest.MonkeyPatch, prose: list[str]
) -> None:
    page = (
        f"<html><body><div><h1>{TITLE}</h1><p>Home | Garden | Shop</p>"
        + "".join(f"<p>{text}</p>" for text in prose)
        + '<p><a href="/more">More gardening</a></p></div></body></html>'
    )
    candidates = dataclasses.replace(
        read_candidates(html.document_fromstring(page).body, title=TITLE), engine_blocks=[]
    )
    monkeypatch.setattr("newsspider.extraction.body.body_model", _KeepsNothing)
    assert [block.text for block in choose_blocks(candidates, TITLE)] == prose

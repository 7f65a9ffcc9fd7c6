"""The article body: prune a copy of the page, locate the main block, render and filter its text blocks."""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from lxml import html

from newsspider.extraction.blockfeatures import LETTER, WORD, PageEvidence, block_features, in_other_story
from newsspider.extraction.bodymodel import body_model
from newsspider.extraction.boilerplate import prune, strip_noise
from newsspider.extraction.content import HEADINGS, Block, main_container, render_blocks, text_length
from newsspider.extraction.images import inline_images
from newsspider.extraction.media import Figure, detach_figures, document_order
from newsspider.extraction.names import is_byline_line, person_name
from newsspider.text import BARE_URL, squash

# --- what is not the article's text, by the words of a block (the learned scorer decides the rest) ---
# Lines that are page chrome even inside the article container.
CHROME_LINE = re.compile(
    r"^(back to top|advert|advertisement|anzeige|werbung|publicité|publicidad|share( this( article| story)?)?|"
    r"comments?|kommentare|commentaires|comentarios|"
    r"follow us.*|sign up.*newsletter.*|subscribe( now)?|click here.*|read (more|next)|continue reading|weiter|"
    r"(see|read) also:?|related( articles| stories| content)?:?|more on this story|explore further|loading\.*|"
    r"(photo|image|foto|bild|titelbild|abbildung|grafik|illustration|crédits? photos?)( credit)?s?\s?:.*|"
    r"©.*|copyright.*|all rights reserved.*|"
    r"(tags?|topics?|themen|schlagworte|kontakt|contact|teilen|share|bewerten)\s?:.*|mehr (von|zum thema|zu) .{0,40}|"
    r"related coverage|\d+ min(ute)?s? read|weiterführender? links?|weitere informationen|notas relacionadas|"
    r"(über den autor|about the author|à propos de l'auteur).{0,40}|das könnte sie auch interessieren!?|"
    r"you might also like|vorschau auf den nächsten artikel|(entdecke|lesen sie) weitere .{0,40})$",
    re.IGNORECASE,
)
# Calls to action: a short block holding one of these words is chrome (newsletter, paywall, app, social).
CALL_TO_ACTION = re.compile(
    r"subscri(be|ption)|newsletter|sign up|log ?in\b|abonn|suscr[ií]b|s[ií]guenos|follow us|folge(n sie)? uns|"
    r"download (the|our) app|unterstütze|support (us|our journalism)|nuestro canal|ihr(en)? werbeblocker|"
    r"ad ?blocker|javascript|cookies?\b|click here|klicken sie hier|tell us what you think|©|spende|donat(e|ion)|"
    r"app store|google play|apps? for (ios|android)|werbung für|gesponsert|sponsored|eingeloggt|logged in|"
    r"vervielfältigung|all rights reserved|advertising discl|subskrypc|we want to hear|"
    # subscription and membership offers, newsletters in other words, app promos, licence notes
    r"cancel any ?time|jederzeit kündbar|cancela cuando quieras|become a member|werden sie mitglied|"
    r"mitglied werden|never miss|nichts (mehr )?(verpassen|versäumen)|straight to your (phone|inbox)|einloggen|"
    r"creative commons|\bcc[- ]by\b|licensed under|unter der lizenz",
    re.IGNORECASE,
)
CALL_TO_ACTION_MAX = 200  # characters: longer blocks are article text that mentions the word
# Inline promos inside the body: "See also  Other story", "READ MORE: other story".
PROMO_LINE = re.compile(
    r"^(see also|also read|read also|read more|more:|related:|related story|recommended|you may also like|"
    r"lesen sie auch|mehr zum thema|lire aussi|à lire aussi|leer también|lee también|vea también)\b",
    re.IGNORECASE,
)
# Blocks that open what follows an article: its comment section, the blog engine's post footer, the author's
# biography. After some text of the article (near the top it is a label, a comment count), it ends the body.
ARTICLE_END = re.compile(
    r"^(\d+ )?(comments?|kommentare?|commentaires?|comentarios?)\b|^(no|keine|aucun|sin) (comments|kommentare|"
    r"commentaire|comentarios)|^(leave|post|add|write) (a|your) (comment|reply)|^comments are closed|"
    r"^(schreibe|hinterlasse|verfasse)n?( sie)? einen kommentar|^kommentar (schreiben|verfassen|hinzufügen)|"
    r"^(deja|escribe) (un|tu) comentario|^laisser un commentaire|^this entry was posted|"
    r"^dieser (eintrag|beitrag) wurde .{0,40}veröffentlicht|^(über (den autor|die autorin)|about the author)\b|"
    r"^(autor|autorin|author|zum autor|zur autorin)$",
    re.IGNORECASE,
)
ARTICLE_END_AFTER = 100  # characters of text before an end marker for it to count
HAS_WORD = re.compile(r"\w", re.UNICODE)
# Words of a line that is only a date or time ("06:15, 7 NOV 2023 Updated 11:48", "Stand: 03.05.2022, 14:10
# Uhr"): months and weekdays (their first three letters) and status words of the common languages.
DATE_WORDS = frozenset(
    """
    jan feb mar apr may jun jul aug sep oct nov dec mär mai okt dez fév avr jui aoû déc ene abr ago dic
    mon tue wed thu fri sat sun mo di mi do fr sa so lun mar mer jeu ven sam dim
    updated published posted last modified on at am pm gmt utc cet cest bst et est edt pt pst ist
    aktualisiert veröffentlicht stand um uhr publié le mis à jour actualizado publicado el de del h
""".split()
)
DATE_LINE_MAX = 80
# JSON-LD articleBody replaces the DOM text only when it is this much longer (the DOM lost paragraphs).
ARTICLE_BODY_GAIN = 1.5
# WordPress shortcodes left unrendered in articleBody ('[related id="12" url="..."]') are markup, not text; only
# those with a quoted attribute, as a bracketed word ("[sic]", "[Ed.]") is the writer's. A caption shortcode
# holds the image's caption, which stays out of the body.
SHORTCODE = re.compile(r'\[caption\b[^\]]*\].*?\[/caption\]|\[/?[a-z][\w-]*(?:\s+[\w-]+="[^"]*")+\s*/?\]', re.DOTALL)
GOOD_LENGTH = 60  # characters of a block that reads like article text outside the main container
MAX_NEUTRAL_RUN = 3  # short blocks in a row that end an extension
BRIDGE = 4  # blocks looked at past a link: when all but one read like text, the article goes on
TEASER_LENGTH = 60  # characters of link text that make a block a teaser of another page
LINK_LIST_DENSITY = 0.7  # of a block's text in links above which it is a link list, not prose
SIGNATURE_MAX = 40  # characters of a name signed under the story
EMPHASIS_TAGS = frozenset({"em", "i", "strong", "b"})
RIGHT_ALIGNED = re.compile(r"text-align\s*:\s*right")
LINK_BOX_HEADING_MAX = 40  # characters of a box's heading: "Mehr zum Thema", "Leia também"
QUALITY_SCORE = {"good": 1, "neutral": 0, "bad": -1}
SCORER_MIN_CHARS = 200  # a body the scorer makes shorter than this is not trusted
# A paragraph of running text, for the last pass over a page that gave next to nothing: this long, this few links.
PROSE_MIN_CHARS = 150
PROSE_MAX_LINK_DENSITY = 0.2
PROSE_ENDS = (".", "!", "?", "。", "！", "？")  # the full stops of Chinese and Japanese too


@dataclass
class Body:
    """The body text and what was found on the way: the article region, figures and promo links."""

    text: str
    region: html.HtmlElement
    figures: list[Figure] = field(default_factory=list)
    promo_links: list[tuple[str, str]] = field(default_factory=list)
    signature: str | None = None  # the author's name signed under the story, taken out of the text


@dataclass
class Candidates:
    """Every text block of a page (boilerplate marked, not removed), with the rule engine's reading of them:
    the evidence the learned scorer decides on (and trains on)."""

    blocks: list[Block]
    evidence: PageEvidence
    engine_blocks: list[Block]  # what the rules alone keep
    given: bool  # a profile named the body container: its blocks are the body, no scoring
    region: html.HtmlElement
    figures: list[Figure]
    promo_links: list[tuple[str, str]]


def extract_body(
    page_body: html.HtmlElement,
    *,
    title: str | None,
    content_xpath: str | None = None,
    drop_xpaths: tuple[str, ...] = (),
    structured_body: str | None = None,
) -> Body:
    """Extract the body of a page (its <body> element, left untouched) as blocks joined by blank lines."""
    return body_from(
        read_candidates(
            page_body,
            title=title,
            content_xpath=content_xpath,
            drop_xpaths=drop_xpaths,
            structured_body=structured_body,
        ),
        title,
    )


def body_from(candidates: Candidates, title: str | None) -> Body:
    """The body the candidates make: the blocks the scorer keeps (a profile's container as it is)."""
    blocks = candidates.engine_blocks if candidates.given else choose_blocks(candidates, title)
    signature = blocks[-1].text if len(blocks) > 1 and _is_signature(blocks[-1]) else None
    text = "\n\n".join(block.text for block in (blocks[:-1] if signature else blocks))
    return Body(text, candidates.region, candidates.figures, candidates.promo_links, signature)


def _is_signature(block: Block) -> bool:
    """The story's last line when it is only a person's name set apart in bold or italics (or right-aligned):
    how many sites sign a story at its end ("<p><em>Jane Doe</em></p>")."""
    element = block.context.element if block.context else None
    name = person_name(block.text) if len(block.text) <= SIGNATURE_MAX else None
    if element is None or name is None or " " not in name:
        return False
    emphasis = [child for child in element if child.tag in EMPHASIS_TAGS]
    wholly_emphasised = len(emphasis) == len(element) == 1 and squash(emphasis[0].text_content()) == block.text
    return wholly_emphasised or element.get("align") == "right" or bool(RIGHT_ALIGNED.search(element.get("style", "")))


def read_candidates(
    page_body: html.HtmlElement,
    *,
    title: str | None,
    content_xpath: str | None = None,
    drop_xpaths: tuple[str, ...] = (),
    structured_body: str | None = None,
) -> Candidates:
    """Mark boilerplate on a copy of the page, render all its blocks and note what the rule engine keeps."""
    root = copy.deepcopy(page_body)
    for xpath in drop_xpaths:
        for element in root.xpath(xpath):
            element.drop_tree()
    promo_links = strip_noise(root)
    order = document_order(root)
    figures = detach_figures(root, order)  # before pruning: a lead figure often sits in a pruned <header>
    pruned = prune(root, keep_blocks=True)
    hidden = frozenset(element for marked in pruned.marked for element in marked.iter())
    given = [element for element in root.xpath(content_xpath) if element not in hidden] if content_xpath else []
    containers = given or main_container(root, title, hidden)
    blocks = render_blocks(root, containers, scope=_story_scope(containers[0], root), pruned=pruned.marked)
    # the rules read the page as pruned; the scorer sees everything
    unpruned = [block for block in blocks if not block.pruned]
    scoped = (
        [block for block in unpruned if block.in_main]
        if given
        else extend_main([block for block in unpruned if block.in_scope])
    )
    engine_blocks, inline_promo_links = filter_blocks(scoped, title)
    kept = {id(block) for block in engine_blocks}
    evidence = PageEvidence(
        engine=frozenset(index for index, block in enumerate(blocks) if id(block) in kept),
        quality=[QUALITY_SCORE[_quality(block)] for block in blocks],
        headline=title,
        structured_words=frozenset(WORD.findall(structured_body.casefold())) if structured_body else None,
    )
    region = article_region(containers[0], pruned.marked)
    for figure in figures:
        figure.pruned = figure.anchor in hidden  # a sidebar's are not the article's, a hero's may be
    figures += [Figure(image, image, position=order.get(image, 0)) for image in inline_images(region, hidden)]
    return Candidates(
        blocks,
        evidence,
        engine_blocks,
        bool(given),
        region,
        figures,
        promo_links + pruned.promo_links + inline_promo_links,
    )


def choose_blocks(candidates: Candidates, title: str | None) -> list[Block]:
    """The blocks the learned scorer keeps, in page order; the rule engine's choice when no model ships."""
    model = body_model()
    if model is None or not candidates.blocks:
        return candidates.engine_blocks
    rows = block_features(candidates.blocks, candidates.evidence)
    keep = model.keep(rows, _tables_whole(candidates.blocks, model.probability(rows)))
    end = _article_end(candidates)
    other_stories = _headline_in_story(candidates.blocks, title)
    # lines that are chrome by their form (a label, a date line, a URL, a link list) stay out whatever the score
    blocks = candidates.blocks[:end]
    chosen = _without_repeats(
        [
            block
            for index, (block, wanted) in enumerate(zip(blocks, keep, strict=False))
            if wanted
            and not _is_label(block)
            and not (other_stories and in_other_story(block))
            and not _heads_a_link_list(blocks, keep, index)
        ],
        title,
    )
    # a second opinion: where the scorer keeps next to nothing, the page is unlike what it learned on
    # (nesting thousands deep, one bare paragraph), and the rules' reading is kept if it has more
    if _length(chosen) < min(SCORER_MIN_CHARS, _length(candidates.engine_blocks)):
        chosen = candidates.engine_blocks
    if _length(chosen) < SCORER_MIN_CHARS:
        # still next to nothing: an independent pass over the whole page keeps its paragraphs of prose
        prose = [block for block in candidates.blocks[:end] if not block.pruned and _is_prose(block)]
        return prose if _length(prose) > _length(chosen) else chosen
    return chosen


def _heads_a_link_list(blocks: list[Block], keep: np.ndarray, index: int) -> bool:
    """A short line without a sentence's end right above a link list left out: the heading of a box of
    links ("Read more", "Leia também"), whatever its words."""
    text, following = blocks[index].text, index + 1
    return (
        len(text) <= LINK_BOX_HEADING_MAX
        and not text.endswith(PROSE_ENDS)
        and following < len(blocks)
        and not keep[following]
        and blocks[following].link_density > LINK_LIST_DENSITY
    )


def _is_prose(block: Block) -> bool:
    """A paragraph of running text: long, few links, ending as a sentence ends."""
    text = block.text
    return (
        len(text) >= PROSE_MIN_CHARS
        and block.link_density < PROSE_MAX_LINK_DENSITY
        and text.rstrip(" \"'”’»)」』").endswith(PROSE_ENDS)
    )


def _headline_in_story(blocks: list[Block], title: str | None) -> bool:
    """Whether the story's <article> holds the headline: the other <article>s of the page are then other
    stories (a blog's next posts, teasers), not sections of this one."""
    wanted = (title or "").casefold()
    return (
        bool(wanted)
        and any(block.in_scope and block.text.casefold() == wanted for block in blocks)
        and not all(block.in_scope for block in blocks)
    )


def _tables_whole(blocks: list[Block], probability: np.ndarray) -> np.ndarray:
    """The rows of one table share their mean score: a table is kept whole (its header row too) or not."""
    tables: dict[html.HtmlElement, list[int]] = defaultdict(list)
    for index, block in enumerate(blocks):
        row = block.context.element if block.tag == "tr" and block.context else None
        table = next(row.iterancestors("table"), None) if row is not None else None
        if table is not None:
            tables[table].append(index)
    scores = probability.copy()
    for rows in tables.values():
        scores[rows] = probability[rows].mean()
    return scores


def _article_end(candidates: Candidates) -> int:
    """Index of the block that opens what follows the article (its comments, the post footer), as the rules
    found it: nothing after it is body, whatever it scores."""
    engine = candidates.evidence.engine
    start, seen = min(engine, default=0), 0
    for index in range(start, len(candidates.blocks)):
        text = candidates.blocks[index].text
        if seen >= ARTICLE_END_AFTER and ARTICLE_END.match(text):
            return index
        seen += len(text) if index in engine else 0
    return len(candidates.blocks)


def _length(blocks: list[Block]) -> int:
    return sum(len(block.text) for block in blocks)


def _story_scope(container: html.HtmlElement, root: html.HtmlElement) -> html.HtmlElement:
    """Where the main container may be extended: its <article>, when it has one (the next <article> is
    another story), else the whole page."""
    story = container if container.tag == "article" else next(container.iterancestors("article"), None)
    return story if story is not None else root


def extend_main(blocks: list[Block]) -> list[Block]:
    """The main container's blocks, plus the good blocks next to it that the container missed (the lead
    above it, a paragraph wrapped apart): extended over short blocks, stopped by link lists and chrome."""
    inside = [index for index, block in enumerate(blocks) if block.in_main]
    if not inside:
        return blocks
    return blocks[_extend(blocks, inside[0], -1) : _extend(blocks, inside[-1], +1) + 1]


def _extend(blocks: list[Block], edge: int, step: int) -> int:
    """Walk away from the container's edge; return the farthest good block reached before a bad one."""
    reached, index, neutral = edge, edge + step, 0
    while 0 <= index < len(blocks) and neutral <= MAX_NEUTRAL_RUN:
        quality = _quality(blocks[index])
        if quality == "bad" and not _text_follows(blocks, index + step, step):
            break
        if quality == "good":
            reached, neutral = index, 0
        elif not (blocks[index].tag == "li" and blocks[index - step].tag == "li"):  # a list counts once
            neutral += 1
        index += step
    return reached


def _mostly_letters(text: str) -> bool:
    """Prose is mostly letters; a market ticker or a score table is mostly figures and signs."""
    return len(LETTER.findall(text)) >= 0.6 * len(text.replace(" ", ""))


def _text_follows(blocks: list[Block], start: int, step: int) -> bool:
    """Whether most of the next blocks read like article text: a lone link between two runs of text (an
    interview's heading, a link to a document) does not end the article."""
    ahead = [blocks[i] for i in range(start, start + BRIDGE * step, step) if 0 <= i < len(blocks)]
    return len(ahead) == BRIDGE and sum(_quality(block) == "good" for block in ahead) >= BRIDGE - 1


def _quality(block: Block) -> str:
    """good: reads like article text; bad: a teaser link, which ends the article; neutral: the rest
    (short lines, labels, credits), which the extension crosses but does not stop at."""
    text = block.text
    if (
        (block.link_density > 0.5 and len(text) >= TEASER_LENGTH)
        or CHROME_LINE.match(text.strip(" -–—·|•*"))
        or PROMO_LINE.match(text)
    ):
        return "bad"
    long_enough = len(text) >= (2 * GOOD_LENGTH if block.tag in HEADINGS else GOOD_LENGTH)  # a dek as heading
    if block.link_density < 0.25 and long_enough and _mostly_letters(text):
        return "good"
    return "neutral"


def article_region(container: html.HtmlElement, pruned: Sequence[html.HtmlElement] = ()) -> html.HtmlElement:
    """The container's largest ancestor that adds little text to it: the article with its header and
    figures, not the page around it (the text of `pruned` boilerplate left in the tree not counted)."""
    chrome = _pruned_lengths(pruned)
    limit = 1.3 * (text_length(container) - chrome.get(container, 0)) + 600
    region = container
    for ancestor in container.iterancestors():
        if text_length(ancestor) - chrome.get(ancestor, 0) > limit:
            break
        region = ancestor
    return region


def _pruned_lengths(pruned: Sequence[html.HtmlElement]) -> dict[html.HtmlElement, int]:
    """Characters of pruned boilerplate held by each element (the pruned elements are disjoint)."""
    lengths: dict[html.HtmlElement, int] = defaultdict(int)
    for element in pruned:
        size = text_length(element)
        for holder in (element, *element.iterancestors()):
            lengths[holder] += size
    return lengths


def filter_blocks(blocks: list[Block], title: str | None) -> tuple[list[Block], list[tuple[str, str]]]:
    """Drop chrome lines, inline promos, link lists and repeats; return kept blocks and the promos' links."""
    kept: list[Block] = []
    promo_links: list[tuple[str, str]] = []
    for block in _before_article_end(blocks):
        if PROMO_LINE.match(block.text) and len(block.text) < 250:
            promo_links.extend(block.links)
        elif not _is_noise(block):
            kept.append(block)
    return _without_repeats(kept, title), promo_links


def _without_repeats(blocks: list[Block], title: str | None) -> list[Block]:
    """Drop repeated blocks and the headline, and a heading left at the end without its section."""
    kept: list[Block] = []
    seen = {(title or "").casefold()}
    for block in blocks:
        key = block.text.casefold()
        if key not in seen:
            kept.append(block)
            seen.add(key)
    # a short heading left without its section ("Related stories"); a listicle's long headings are its text
    while kept and kept[-1].tag in HEADINGS and len(kept[-1].text) < GOOD_LENGTH:
        kept.pop()
    return kept


def _before_article_end(blocks: list[Block]) -> list[Block]:
    """The blocks before the comment section, post footer or author biography that follows the article."""
    seen = 0
    for index, block in enumerate(blocks):
        if seen >= ARTICLE_END_AFTER and ARTICLE_END.match(block.text):
            return blocks[:index]
        seen += len(block.text)
    return blocks


def prefer_article_body(dom_text: str, article_body: str | None) -> str:
    """Use JSON-LD articleBody when the DOM text is clearly a part of it (lost paragraphs, script-rendered),
    or when the DOM gave next to nothing."""
    if not article_body:
        return dom_text
    lines = (squash(line) for line in SHORTCODE.sub("", article_body).splitlines())
    structured = "\n\n".join(line for line in lines if line)
    if len(structured) < ARTICLE_BODY_GAIN * len(dom_text):
        return dom_text  # a teaser or paywall stub: the DOM knows better
    dom_words = set(re.findall(r"\w+", dom_text.casefold()))
    ld_words = set(re.findall(r"\w+", structured.casefold()))
    agreement = len(dom_words & ld_words) / max(1, len(dom_words))
    # next to nothing from the page (a script renders the text, the DOM holds a notice): the declared body
    short = len(dom_text) < SCORER_MIN_CHARS <= len(structured)
    return structured if agreement >= 0.8 or short else dom_text


def is_date_line(text: str) -> bool:
    """A short line made of numbers, months, weekdays and words like "Updated": a dateline, metadata."""
    if len(text) > DATE_LINE_MAX or not re.search(r"\d", text):
        return False
    words = re.findall(r"[^\W\d_]+", text.casefold())
    return all(word[:3] in DATE_WORDS or word in DATE_WORDS for word in words)


def _is_noise(block: Block) -> bool:
    """The engine's rules for chrome inside the article: labels, date lines, calls to action, link lists."""
    text = block.text
    if _is_label(block) or (len(text) <= CALL_TO_ACTION_MAX and CALL_TO_ACTION.search(text)):
        return True
    density = block.link_density
    return density > LINK_LIST_DENSITY or (density > 0.4 and len(text) < 120)


def _is_label(block: Block) -> bool:
    """A line that is chrome by its form alone: no words, a lone label ("Advertisement"), a date line, a URL,
    links and little else (a product card's "Buy now", a link list)."""
    text = block.text
    return (
        not HAS_WORD.search(text)
        or bool(CHROME_LINE.match(text.strip(" -–—·|•*")))
        or is_date_line(text)
        or is_byline_line(text)
        or bool(BARE_URL.fullmatch(text))
        or block.link_density > LINK_LIST_DENSITY
    )

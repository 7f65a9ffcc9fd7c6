"""Pruning: what strip_noise(), detach_figures() and prune() take out of a page, and what they must leave."""

from __future__ import annotations

import pytest
from lxml import html

from newsspider.extraction.boilerplate import Pruned, is_boilerplate, names_say_boilerplate, prune, strip_noise
from newsspider.extraction.media import detach_figures, split_caption

PARAGRAPHS = (
    "The city council voted on Tuesday to extend the tram line north, adding four stations, two depots and a"
    " bridge over the canal.",
    "Work is due to start in the spring, the transport office said, and should take about three years to finish.",
    "Residents of the northern districts, who have waited for a tram since the 1990s, welcomed the vote.",
)
STORY = "\n".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
STORY_TEXT = " ".join(PARAGRAPHS)


def parse(markup: str) -> html.HtmlElement:
    return html.document_fromstring(markup)


def pruned(root: html.HtmlElement) -> Pruned:
    """The pruning steps of extract_body, in its order."""
    strip_noise(root)
    detach_figures(root)
    return prune(root)


def visible_text(root: html.HtmlElement) -> str:
    return " ".join(root.text_content().split())


def pruned_text(markup: str) -> str:
    root = parse(markup)
    pruned(root)
    return visible_text(root)


def in_article(chrome: str) -> str:
    return f"<html><body><article>\n{STORY}\n{chrome}\n</article></body></html>"


CHROME = [
    pytest.param(
        '<div class="share-bar"><a href="https://www.facebook.com/sharer.php?u=x">Share on Facebook</a>'
        ' <a href="https://twitter.com/intent/tweet?url=x">Post on X</a></div>',
        id="share-bar",
    ),
    pytest.param(
        '<ul class="c-article__social-buttons"><li><a href="mailto:?subject=Tram">Email this story</a></li></ul>',
        id="bem-social-buttons",
    ),
    pytest.param(
        '<div class="related-articles"><h3>More on transport</h3><ul><li>'
        '<a href="/2024/02/20/tram-fares.html">Tram fares to rise in April</a></li></ul></div>',
        id="related-box",
    ),
    pytest.param(
        '<div class="newsletter-signup"><p>Get the City Herald morning briefing in your inbox every'
        ' weekday.</p><form action="/subscribe"><input type="email"><button>Sign up</button></form></div>',
        id="newsletter-box",
    ),
    pytest.param(
        '<section class="relative p-8 my-12 border"><div class="flex flex-col"><div class="font-bold">Be the'
        ' first to hear about fare changes!</div><form><input type="tel" placeholder="Phone number">'
        '<button type="submit">Text me</button></form><div class="text-xs">By signing up you agree to receive'
        " messages.</div></div></section>",
        id="unnamed-sms-signup-box",
    ),
    pytest.param(
        '<section id="comments" class="comments-area"><h2>2 comments</h2><ol class="comment-list">'
        "<li><p>About time, this was promised to us twenty years ago.</p></li></ol></section>",
        id="comment-section",
    ),
    pytest.param(
        '<div class="slot-inline" id="ad-instory-2"><span class="r-label">Advertisement</span></div>',
        id="ad-prefixed-slot",
    ),
    pytest.param(
        '<div class="cookie-banner">We use cookies to give you the best experience.'
        ' <a href="/privacy">Privacy policy</a></div>',
        id="cookie-banner-class",
    ),
    pytest.param(
        '<div id="onetrust-consent-sdk"><p>We and our partners store and access information on your device.</p></div>',
        id="cookie-banner-id",
    ),
    pytest.param(
        '<div class="bottom-box" aria-label="Cookie notice"><p>This site uses cookies to measure its'
        " audience.</p></div>",
        id="cookie-banner-aria-label",
    ),
    pytest.param('<div role="dialog"><p>Allow notifications from the City Herald?</p></div>', id="role-dialog"),
    pytest.param(
        '<div role="complementary"><h3>Most read</h3><a href="/2024/03/01/bus.html">Bus strike</a></div>',
        id="role-complementary",
    ),
    pytest.param(
        "<div hidden><p>Bonus material for subscribers, never shown to readers.</p></div>", id="hidden-attribute"
    ),
    pytest.param(
        '<div style="display: none"><p>Print edition teaser, never shown on screen.</p></div>', id="display-none"
    ),
    pytest.param(
        '<div aria-hidden="true"><p>A duplicate of the headline for screen magnifiers.</p></div>', id="aria-hidden"
    ),
    pytest.param('<p class="visually-hidden">Opens in a new window</p>', id="visually-hidden-class"),
    pytest.param(
        '<div class="with-excerpt" data-nosnippet>Ann Berger has covered the city hall for the Herald since'
        " 2009 and writes about transport and housing.</div>",
        id="data-nosnippet-author-bio",
    ),
    pytest.param(
        '<div class="ArticlePageDisclaimer-jNIoBl"><p>Products featured here are chosen by our editors; we may'
        " earn a commission when you buy through our links.</p></div>",
        id="affiliate-disclaimer",
    ),
]


@pytest.mark.parametrize("chrome", CHROME)
def test_chrome_inside_the_article_is_pruned_and_the_story_kept(chrome: str) -> None:
    assert pruned_text(in_article(chrome)) == STORY_TEXT


def test_a_short_story_holding_a_sign_up_form_is_kept() -> None:
    signup = '<form action="/subscribe"><input type="email"><button>Sign up</button></form>'
    page = f'<html><body><div class="wrapper"><div class="story">{STORY}{signup}</div></div></body></html>'
    assert pruned_text(page) == STORY_TEXT


def test_an_unclosed_button_that_wraps_the_story_is_unwrapped() -> None:
    # the parser nests everything after an unclosed <button> inside it; a reader still sees the story
    page = f'<html><body><header><button class="menu">Menu <div class="story">{STORY}</div></header></body></html>'
    assert pruned_text(page) == f"Menu {STORY_TEXT}"


def test_a_menu_button_beside_the_story_is_removed() -> None:
    page = f'<html><body><button class="menu">Sections</button><div class="story">{STORY}</div></body></html>'
    assert pruned_text(page) == STORY_TEXT


def test_related_box_links_are_reported_as_promo_links() -> None:
    root = parse(
        in_article(
            '<div class="related-stories"><h3>Related</h3><ul>'
            '<li><a href="/2024/02/20/tram-fares.html">Tram fares to rise in April</a></li>'
            '<li><a href="/2024/01/15/depot.html">A new depot for the east</a></li></ul></div>'
        )
    )
    assert pruned(root).promo_links == [
        ("/2024/02/20/tram-fares.html", "Tram fares to rise in April"),
        ("/2024/01/15/depot.html", "A new depot for the east"),
    ]


def test_aside_headed_read_more_gives_its_links_to_strip_noise() -> None:
    root = parse(
        f"<html><body><article>{STORY}</article><aside><h3>Read more</h3>"
        '<a href="/2024/02/20/tram-fares.html">Tram fares to rise in April</a></aside></body></html>'
    )
    assert strip_noise(root) == [("/2024/02/20/tram-fares.html", "Tram fares to rise in April")]


def test_strip_noise_removes_scripts_and_styles_but_not_text() -> None:
    root = parse(
        f"<html><body><article><script>var ad = 'Buy now';</script><style>p {{ color: red }}</style>"
        f"{STORY}<noscript>Please enable JavaScript</noscript></article></body></html>"
    )
    strip_noise(root)
    assert visible_text(root) == STORY_TEXT


def test_hidden_element_is_pruned_even_when_it_holds_most_of_the_text() -> None:
    hidden = " ".join(["This print-only copy repeats the whole story for the paper edition."] * 6)
    assert pruned_text(in_article(f'<div style="display:none"><span>{hidden}</span></div>')) == STORY_TEXT


@pytest.mark.parametrize(
    ("names", "boilerplate"),
    [
        pytest.param("box article modal-enabled", False, id="article-modal-enabled"),
        pytest.param("single-post comments-open", False, id="post-comments-open"),
        pytest.param("sidebar is-open", True, id="sidebar-is-open"),
        pytest.param("newsletter-modal is-visible", True, id="newsletter-modal-is-visible"),
    ],
)
def test_state_classes_say_nothing_about_the_element(names: str, boilerplate: bool) -> None:
    assert names_say_boilerplate(names) is boilerplate


def test_state_class_does_not_prune_a_block_of_the_story() -> None:
    lead = "Four new stations, a bridge and two depots: the north of the city gets its tram after thirty years."
    page = (
        f'<html><body><article><div class="story-intro modal-enabled"><p>{lead}</p></div>\n'
        f'<div class="story-text">{STORY}</div></article></body></html>'
    )
    assert pruned_text(page) == f"{lead} {STORY_TEXT}"


@pytest.mark.parametrize(
    ("names", "boilerplate"),
    [
        pytest.param("article-kicker", True, id="article-kicker"),
        pytest.param("c-article__meta", True, id="bem-article-meta"),
        pytest.param("entry-meta", True, id="entry-meta"),
        pytest.param("post-tags", True, id="post-tags"),
        pytest.param("node-article node-promoted", False, id="node-article-node-promoted"),
        pytest.param("article__body", False, id="bem-article-body"),
        pytest.param("article-content ad-free", False, id="article-content-ad-free"),
    ],
)
def test_bem_names_are_read_by_their_last_word(names: str, boilerplate: bool) -> None:
    assert names_say_boilerplate(names) is boilerplate


def test_kicker_pruned_and_promoted_node_kept() -> None:
    page = (
        f'<html><body><div class="node-article node-promoted"><div class="article-kicker">Transport</div>'
        f"{STORY}</div></body></html>"
    )
    assert pruned_text(page) == STORY_TEXT


def test_widget_wrapper_holding_the_story_is_kept() -> None:
    page = f"""<html><body>
    <div class="elementor-widget elementor-widget-text-editor"><div class="elementor-widget-container">
    {STORY}</div></div>
    <div class="elementor-widget elementor-widget-archives"><div class="elementor-widget-container"><ul>
    <li><a href="/2024/02/">February 2024</a></li><li><a href="/2024/01/">January 2024</a></li></ul></div></div>
    </body></html>"""
    root = parse(page)
    wrapper = root.find_class("elementor-widget-text-editor")[0]
    assert is_boilerplate(wrapper)  # its name says widget: only the over-pruning guard keeps it
    pruned(root)
    assert visible_text(root) == STORY_TEXT


def test_theme_wrapper_named_after_the_sidebar_is_kept_and_the_sidebar_pruned() -> None:
    page = f"""<html><body><div class="site-inner"><div class="content-sidebar-wrap">
    <main class="content"><article class="post entry">{STORY}</article></main>
    <aside class="sidebar sidebar-primary widget-area"><section class="widget"><h3>Popular</h3>
    <ul><li><a href="/2024/03/01/bus-strike.html">Bus drivers vote to strike</a></li></ul></section></aside>
    </div></div></body></html>"""
    assert pruned_text(page) == STORY_TEXT


def test_comments_longer_than_the_story_do_not_win_the_guard() -> None:
    comment = (
        "I have lived in the north for forty years, and every council, left or right, has promised this"
        " tram, drawn the map, held the consultation, and then forgotten about it until the next election."
    )
    comments = "".join(f"<li><p>{comment}</p></li>" for _ in range(6))
    page = (
        f'<html><body><article>{STORY}</article><div id="comments" class="comments-area">'
        f'<ol class="comment-list">{comments}</ol></div></body></html>'
    )
    assert pruned_text(page) == STORY_TEXT


@pytest.mark.parametrize(
    ("figure", "figure_text"),
    [
        pytest.param(
            '<figure class="wp-block-pullquote"><blockquote><p>We have waited thirty years for this tram.</p>\n'
            "<cite>Maria Costa, resident</cite></blockquote></figure>",
            "We have waited thirty years for this tram. Maria Costa, resident",
            id="pull-quote",
        ),
        pytest.param(
            '<figure class="wp-block-table"><table><tr><td>North line</td>\n<td>4 stations</td></tr></table></figure>',
            "North line 4 stations",
            id="table",
        ),
    ],
)
def test_figure_without_image_is_kept_as_text(figure: str, figure_text: str) -> None:
    root = parse(in_article(figure))
    figures = detach_figures(root)
    assert figures == []
    assert visible_text(root) == f"{STORY_TEXT} {figure_text}"


def test_figure_with_image_is_taken_out_of_the_text() -> None:
    root = parse(
        in_article(
            '<figure><img src="/img/tram.jpg" alt="">'
            "<figcaption>The new tram at the depot. Photo: Ana Lima</figcaption></figure>"
        )
    )
    figures = detach_figures(root)
    assert len(figures) == 1
    assert visible_text(root) == STORY_TEXT


def test_a_credit_box_after_a_bare_image_is_its_caption() -> None:
    root = parse(
        in_article(
            '<img src="/img/tram.jpg"><div class="summary-credit"><p class="summary">The new tram at'
            ' the depot. <span class="credit">By City Transport</span></p></div>'
        )
    )
    [figure] = detach_figures(root)
    assert figure.caption is not None and split_caption(figure.caption) == (
        "The new tram at the depot.",
        "City Transport",
    )
    assert visible_text(root) == STORY_TEXT


def test_short_text_with_a_copyright_sign_right_after_an_image_is_its_caption() -> None:
    root = parse(
        in_article(
            '<picture><img src="/img/tram.jpg"></picture><div class="description"><strong>The new'
            ' tram at the depot.</strong> <span class="copy">© Ana Lima</span></div>'
        )
    )
    [figure] = detach_figures(root)
    assert figure.caption is not None and "The new tram at the depot." in figure.caption.text_content()
    assert visible_text(root) == STORY_TEXT


TWEET = (
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">The tram is coming north! Four new stations'
    " approved tonight.</p>&mdash; City Council (@citycouncil)"
    ' <a href="https://twitter.com/citycouncil/status/1">March 5, 2024</a></blockquote>'
    '<script async src="https://platform.twitter.com/widgets.js"></script>'
)


@pytest.mark.parametrize(
    "wrapper",
    [
        pytest.param('<div class="embed embed--social embed--twitter">{}</div>', id="social-embed-div"),
        pytest.param(
            '<figure class="wp-block-embed is-provider-twitter wp-block-embed-twitter">'
            '<div class="wp-block-embed__wrapper">{}</div></figure>',
            id="wordpress-embed-figure",
        ),
    ],
)
def test_embedded_tweet_is_kept(wrapper: str) -> None:
    text = pruned_text(in_article(wrapper.format(TWEET)))
    assert "The tram is coming north! Four new stations approved tonight." in text


@pytest.mark.parametrize(
    ("names", "boilerplate"),
    [
        pytest.param("social-embed", False, id="social-embed"),
        pytest.param("disqus-embed", True, id="disqus-embed"),
    ],
)
def test_embeds_are_kept_unless_they_embed_comments(names: str, boilerplate: bool) -> None:
    assert names_say_boilerplate(names) is boilerplate


def thread_item(name: str, date: str, text: str, item_class: str = "disc-item") -> str:
    return f'<div class="{item_class}"><div class="who">{name}</div><div class="when">{date}</div><p>{text}</p></div>'


READER_COMMENTS = (
    (
        "Karel Novák",
        "12. 3. 2026 14:31",
        "Thirty years of promises, and now four stations. I will believe it when I ride it.",
    ),
    (
        "Jana Dvořáková",
        "12. 3. 2026 15:02",
        "The bridge over the canal is the part that worries me; it floods every spring.",
    ),
    ("Petr Svoboda", "2 hours ago", "Good news for the northern districts at last, whatever it ends up costing us."),
)


def test_a_thread_of_signed_dated_items_is_dropped_whatever_its_class_names() -> None:
    """Neither 'comment' nor any other known word names this thread: its shape gives it away."""
    thread = "".join(thread_item(*comment) for comment in READER_COMMENTS)
    assert pruned_text(in_article(f'<div class="disc-box">{thread}</div>')) == STORY_TEXT


def test_a_timeline_of_years_is_not_a_comment_thread() -> None:
    """A year alone heads a timeline's entry: it is no comment's date, and the entries are the story."""
    entries = [
        ("1990", "Tram plans", "The first plan for a northern line was drawn, and shelved within a year."),
        ("2008", "A new study", "A second study proposed the same route, with a bridge over the canal."),
    ]
    timeline = "".join(thread_item(year, title, text, "timeline-entry") for year, title, text in entries)
    assert "shelved within a year" in pruned_text(in_article(f'<div class="timeline">{timeline}</div>'))


def test_live_blog_entries_with_headings_are_not_a_comment_thread() -> None:
    """A live blog's entries are signed and dated too, but each has a heading: they are the story."""
    entries = "".join(
        f'<div class="live-entry"><div class="who">{name}</div><div class="when">{date}</div>'
        f"<h3>Update {number}</h3><p>{text}</p></div>"
        for number, (name, date, text) in enumerate(READER_COMMENTS, 1)
    )
    assert "four stations. I will believe it" in pruned_text(in_article(f'<div class="live">{entries}</div>'))

"""The school book's CSS purge: drop what no page can match, never what a page needs."""

from __future__ import annotations

from rete.school.css_purge import purge_css, required_classes, split_blocks, split_selectors


def test_rule_whose_class_never_appears_is_dropped() -> None:
    css = ".used{color:red}.unused{color:blue}"
    assert purge_css(css, {"used"}) == ".used{color:red}"


def test_only_the_unmatched_selectors_of_a_list_are_dropped() -> None:
    css = ".a .b,.c,p{margin:0}"
    assert purge_css(css, {"a", "c"}) == ".c,p{margin:0}"


def test_selector_without_classes_is_kept() -> None:
    css = "body>p a[href]{color:red}#main{padding:0}"
    assert purge_css(css, set()) == css


def test_media_blocks_recurse_and_empty_ones_go() -> None:
    css = "@media (min-width:960px){.used{top:0}.unused{top:1px}}@media print{.unused{top:0}}"
    assert purge_css(css, {"used"}) == "@media (min-width:960px){.used{top:0}}"


def test_supports_and_layer_blocks_recurse_too() -> None:
    css = "@supports (display:grid){.a{x:1}.b{x:2}}@layer base{.b{x:3}}"
    assert purge_css(css, {"a"}) == "@supports (display:grid){.a{x:1}}"


def test_other_at_rules_are_kept_as_they_are() -> None:
    css = (
        '@charset "utf-8";@font-face{font-family:x;src:url(x.woff)}'
        "@keyframes spin{from{opacity:0}to{opacity:1}}"
    )
    assert purge_css(css, set()) == css


def test_licence_comments_are_kept_on_top_others_dropped() -> None:
    css = ".unused{x:1}/*! Font Awesome licence */.used{x:2}/* a plain note */"
    assert purge_css(css, {"used"}) == "/*! Font Awesome licence */.used{x:2}"


def test_comments_do_not_leak_into_selectors() -> None:
    css = "/* header */.used{x:1}"
    assert purge_css(css, {"used"}) == ".used{x:1}"


def test_classes_inside_not_are_not_required() -> None:
    css = ".btn:not(.disabled){x:1}.btn:is(.a,.b) .c{x:2}"
    assert purge_css(css, {"btn"}) == ".btn:not(.disabled){x:1}"
    assert required_classes(".btn:not(.disabled)") == ["btn"]
    assert required_classes(".x:where(.y:not(.z)) .w") == ["x", "w"]


def test_braces_and_semicolons_in_strings_do_not_end_a_block() -> None:
    css = '.used:before{content:"};{"}.unused{x:1}'
    assert split_blocks(css) == [(".used:before", 'content:"};{"'), (".unused", "x:1")]
    assert purge_css(css, {"used"}) == '.used:before{content:"};{"}'


def test_selectors_split_on_top_level_commas_only() -> None:
    assert split_selectors(" .a:is(.b, .c) , .d ,") == [".a:is(.b, .c)", ".d"]

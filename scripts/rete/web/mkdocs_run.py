"""MkDocs' build on both cores, and one page again for `rete serve`.

MkDocs builds page after page in one process: at 6,500 pages that is most of `rete build`.
`build_site` runs the same steps as `mkdocs.commands.build.build` (the same plugin events in
the same order, MkDocs' own `_populate_page` and `_build_page` for every page), but after the
navigation is known it forks: each process reads, renders and writes pages, taking the next
one whenever it is free (`Pages`), then the workers send back what the rest of the build
needs (each page's search entries, its anchors and links to anchors, MkDocs' warnings) and
the parent finishes as MkDocs would. The search index is reassembled in page order, so the
site is byte for byte the one MkDocs builds alone (`tests/test_incremental_build.py`
compares the two).

What a plugin keeps from a page event for `on_post_build` stays in the process that built the
page: the search plugin's entries are merged back; the privacy plugin would queue downloads
only for external images, which pages never have (the sanitiser drops them); a plugin or
hook with `page_state()` and `merge_page_state(state)` (the theme hook: the classes its
pages use) has each worker's state merged into the parent's. A new plugin with page state
needs one of these (`tests/test_incremental_build.py` compares the site with MkDocs' own).

Pages in the navigation are read before the fork (their titles), so every process renders
the navigation from the same data; record pages are `not_in_nav`, so no page depends on
another's content, and their navigation is rendered once per folder (`_memoize_by_folder`).

Each process converts its pages with one Python-Markdown instance, reset between pages
(`PageMarkdown`), where MkDocs builds a new one for every page: same HTML, a third less time.

`Site` keeps MkDocs' configuration, files, navigation and theme environment after a build,
so `rebuild_pages` renders a changed page alone through the same pipeline, in milliseconds.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rete.web import forked, markdown_inline, markdown_raw, privacy_links

if TYPE_CHECKING:
    import jinja2
    import markdown
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

PARALLEL_FROM = 200
"""Below this many pages a second process costs more than it saves."""

_STYLESHEET = re.compile(r"assets/stylesheets/(main|palette)\.[0-9a-f]+\.min\.css")


class PageMarkdown:
    """`Page.render` (MkDocs 1.6) with one Python-Markdown instance for every page.

    MkDocs makes a new `markdown.Markdown` per page, loading and registering every extension
    again: a third of the time it takes to convert one of the generated pages (about 3 of
    9 ms). Here `reset()` clears what a document leaves behind (link references, the raw
    HTML stash, and each extension's own: footnotes, abbreviations, the table of contents,
    superfences' stash), and MkDocs' four per-page processors are registered again under
    their names, replacing the previous page's. The HTML is MkDocs' own
    (`tests/test_page_markdown.py`, and the byte-identical site of
    `tests/test_incremental_build.py`)."""

    def __init__(self) -> None:
        self._md: markdown.Markdown | None = None

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """What `page.render(config, files)` does: content, toc, title, anchors, links."""
        import markdown
        from mkdocs.structure import pages as mkdocs_pages
        from mkdocs.structure.toc import get_toc

        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        if self._md is None:  # after the plugins' on_config, which may add extensions
            self._md = markdown.Markdown(
                extensions=config["markdown_extensions"],
                extension_configs=config["mdx_configs"] or {},
            )
            markdown_raw.register(self._md)
            markdown_inline.register(self._md)
        md = self._md.reset()
        raw_html = _raw_html_anchors()()
        raw_html._register(md)
        anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(md)
        relative = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
        relative._register(md)
        title = mkdocs_pages._ExtractTitleTreeprocessor()
        title._register(md)
        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative.links_to_anchors

    def populate(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """MkDocs' own `_populate_page` (its events, its errors), converting with `render`."""
        from mkdocs.commands.build import _populate_page

        page.render = functools.partial(self.render, page)  # type: ignore[method-assign]
        try:
            _populate_page(page, config, files)
        finally:
            del page.render  # the class's method again


_MAY_NAME_AN_ANCHOR = re.compile(r"\b(?:id|name)\b", re.IGNORECASE)
"""Where an HTML attribute named id or name could be: its name stands between non-word
characters (a space, `/`, a quote, `=`, `>`)."""


@functools.cache
def _raw_html_anchors() -> type[markdown.preprocessors.Preprocessor]:
    """MkDocs' `_RawHTMLPreprocessor`, which parses the whole page with Python's HTML parser
    to find the anchors of its raw HTML (`id`, `<a name>`), skipping the pages that cannot
    hold one: 6,517 of 6,529 at size M, 7 % of converting one. The anchors found
    are the same (`tests/test_page_markdown.py`)."""
    from mkdocs.structure.pages import _RawHTMLPreprocessor

    class RawHTMLAnchors(_RawHTMLPreprocessor):
        def run(self, lines: list[str]) -> list[str]:
            if any(_MAY_NAME_AN_ANCHOR.search(line) for line in lines):
                return super().run(lines)
            self.present_anchor_ids = set()
            return lines

    return RawHTMLAnchors


@dataclass
class Site:
    """What one MkDocs build knows, kept to build single pages again."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    epoch: str | None  # SOURCE_DATE_EPOCH during the build: the dates pages show
    markdown: PageMarkdown
    beside: object = None  # what `build_site`'s `beside` returned


@dataclass
class _Share:
    """What a worker sends back: per page (by index) its search entries, anchors and links
    to anchors (by target path); the warnings it logged; the error that stopped it."""

    entries: dict[int, list[dict[str, Any]]]
    anchors: dict[int, set[str] | None]
    links: dict[int, dict[str, dict[str, str]]]
    records: list[logging.LogRecord]
    error: str | None = None
    states: dict[str, object] = field(default_factory=dict)  # plugins' `page_state()`


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args, record.exc_info = record.getMessage(), None, None
        self.records.append(record)


def _search_entries(config: MkDocsConfig) -> list[dict[str, Any]] | None:
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(plugin, "search_index", None)
    return getattr(index, "entries", None)


def _build_share(
    config: MkDocsConfig,
    files: Files,
    nav: Navigation,
    env: jinja2.Environment,
    pages: Iterable[tuple[int, File]],
    doc_files: list[File],
    converter: PageMarkdown,
) -> _Share:
    """Read and build the pages given, as MkDocs' loops do, and keep what the parent needs."""
    from mkdocs.commands.build import _build_page

    share = _Share({}, {}, {}, [])
    entries = _search_entries(config)
    for index, file in pages:
        page = file.page
        assert page is not None
        if page.content is None:
            converter.populate(page, config, files)
        before = len(entries) if entries is not None else 0
        _build_page(page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded())  # type: ignore[no-untyped-call]
        if entries is not None:
            share.entries[index] = entries[before:]
        share.anchors[index] = page.present_anchor_ids
        share.links[index] = {
            target.src_uri: dict(links) for target, links in (page.links_to_anchors or {}).items()
        }
        page.markdown, page.content = "", None  # MkDocs would keep every page's HTML
    share.states = {
        name: plugin.page_state()
        for name, plugin in config.plugins.items()
        if callable(getattr(plugin, "page_state", None))
    }
    return share


def _in_child(
    config: MkDocsConfig,
    files: Files,
    nav: Navigation,
    env: jinja2.Environment,
    pages: Iterable[tuple[int, File]],
    doc_files: list[File],
    converter: PageMarkdown,
) -> _Share:
    """A worker's share: its MkDocs warnings are collected to be logged by the parent."""
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(collect)
    try:
        share = _build_share(config, files, nav, env, pages, doc_files, converter)
    except Exception as exc:  # reported by the parent, after the warnings that explain it
        share = _Share({}, {}, {}, [], f"{type(exc).__name__}: {exc}")
    share.records = collect.records
    return share


def build_site(
    config: MkDocsConfig,
    workers: int = 2,
    beside: Callable[[MkDocsConfig], object] | None = None,
) -> Site:
    """`mkdocs build` with the pages shared among `workers` processes (1: MkDocs' own order).

    `beside` runs in a process of its own from the start (on a busy core: the pages are
    shared by whichever process is free, so the build's cores stay busy to the end, where
    it used to run beside the post-build and outlast it by 3 s at size M): its (small)
    result is `Site.beside`, None with one process or if it failed."""
    from mkdocs import utils
    from mkdocs.commands.build import _build_extra_template, _build_theme_template
    from mkdocs.exceptions import Abort, BuildError
    from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    logger = logging.getLogger("mkdocs")
    converter = PageMarkdown()
    warnings = utils.CountHandler()
    warnings.setLevel(logging.WARNING)
    if config.strict:
        logger.addHandler(warnings)
    helper = None
    try:
        config = config.plugins.on_config(config)
        privacy_links.memoize_links(config)
        if beside is not None and workers > 1:  # its result is needed after the post-build only
            helper = forked.start(functools.partial(beside, config))
        config.plugins.on_pre_build(config=config)
        utils.clean_directory(config.site_dir)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        doc_files = list(files.documentation_pages(inclusion=InclusionLevel.is_included))
        for file in doc_files:
            if file.page is None and file.inclusion.is_not_in_nav():  # type: ignore[no-untyped-call]
                Page(None, file, config)
        _read_navigation(nav, config, files, converter)
        env = config.plugins.on_env(env, config=config, files=files)
        _memoize_by_folder(env, nav)
        workers = max(1, min(workers, len(doc_files) // PARALLEL_FROM or 1))
        pages: Iterable[tuple[int, File]] = (
            Pages(doc_files) if workers > 1 else list(enumerate(doc_files))
        )
        gc.freeze()  # what every process shares: never walked by their collectors again
        children = [
            forked.start(
                functools.partial(
                    _in_child,
                    config,
                    files,
                    nav,
                    env,
                    pages,
                    doc_files,
                    converter,
                )
            )
            for w in range(1, workers)
        ]
        shares: list[_Share] = []
        try:
            files.copy_static_files(inclusion=InclusionLevel.is_included)
            for template in config.theme.static_templates:
                _build_theme_template(template, env, files, config, nav)
            for template in config.extra_templates:
                _build_extra_template(template, files, config, nav)
            shares.append(_build_share(config, files, nav, env, pages, doc_files, converter))
        finally:  # never leave a child behind, even when the parent's share failed
            failed: list[str] = []
            for child in children:
                try:
                    shares.append(forked.join(child))
                except forked.ChildFailed as exc:
                    failed.append(str(exc))
        if failed:
            raise Abort(f"Errore nella costruzione delle pagine: {'; '.join(failed)}")
        for share in shares[1:]:
            for record in share.records:
                logger.handle(record)
            if share.error is not None:
                raise Abort(f"Errore nella costruzione delle pagine: {share.error}")
        _merge(config, files, doc_files, shares)
        for file in doc_files:
            assert file.page is not None
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        config.plugins.on_post_build(config=config)
        if counts := warnings.get_counts():
            raise Abort(
                f"Aborted with {', '.join(f'{v} {k.lower()}s' for k, v in counts)} in strict mode!"
            )
    except Exception as exc:
        config.plugins.on_build_error(error=exc)
        if isinstance(exc, BuildError):
            logger.error(str(exc))
            raise Abort("Aborted with a BuildError!") from None
        raise
    finally:
        logger.removeHandler(warnings)
        result = None
        if helper is not None:  # no result: the caller does the work itself
            with contextlib.suppress(forked.ChildFailed):
                result = forked.join(helper)
    return Site(config, files, nav, env, os.environ.get("SOURCE_DATE_EPOCH"), converter, result)


def _read_navigation(nav: Navigation, config: MkDocsConfig, files: Files,
                     converter: PageMarkdown) -> None:
    """What every process needs of the navigation's pages before any page is built: their
    titles. A title from the front matter is read with the page's source; only a page
    without one is converted here (its first heading may be its title), the others are
    converted in the shared queue like every page (at size M the listing pages are 2.7 s of
    conversion that one process did while the other waited)."""
    for page in nav.pages:
        if page.markdown is None:
            page.read_source(config)
        if "title" not in page.meta:
            converter.populate(page, config, files)


SAME_IN_A_FOLDER = (
    "partials/nav.html",
    "partials/search.html",
    "partials/palette.html",
    "partials/logo.html",
    "partials/javascripts/palette.html",
)
"""Material's partials that name no page (the navigation: none outside it), so that for a
page outside the navigation they differ only by their links, relative to the page's folder.
With base.html's `config` block (the base URL, translations, the search worker's address)
they were 12 % of MkDocs' time at size M, rendered the same for 6,500 record pages."""


def _memoize_by_folder(env: jinja2.Environment, nav: Navigation) -> None:
    """`SAME_IN_A_FOLDER` and the `config` block rendered once per folder for the pages
    outside the navigation; the HTML is the same (`tests/test_incremental_build.py`
    compares the site with MkDocs' own build)."""
    import posixpath

    in_nav = {id(page) for page in nav.pages}
    nav_urls = [page.url for page in nav.pages]

    def folder(context: Any) -> str | None:
        """The page's folder, or None where its partials may be its own."""
        page = context.get("page")
        url = getattr(page, "url", None)
        if (
            page is None
            or id(page) in in_nav
            or not isinstance(url, str)
            or not url.endswith("/")
            or url.startswith(("assets/", "search/"))
            or any(u.startswith(url) for u in nav_urls)  # its links would depend on the page
        ):
            return None
        return posixpath.dirname(url.rstrip("/"))

    def memo(render: Callable[[Any], Iterator[str]]) -> Callable[[Any], Iterator[str]]:
        cache: dict[str, str] = {}

        def once(context: Any) -> Iterator[str]:
            key = folder(context)
            if key is None:
                yield from render(context)
                return
            if key not in cache:
                cache[key] = "".join(render(context))
            yield cache[key]

        return once

    for name in SAME_IN_A_FOLDER:
        template = env.get_template(name)
        template.root_render_func = memo(template.root_render_func)
    base = env.get_template("base.html")
    if "config" in base.blocks:
        base.blocks["config"] = memo(base.blocks["config"])


class Pages(forked.Shared[tuple[int, "File"]]):
    """The pages left to build, shared by the processes (`forked.Shared`), largest first.
    At size M a dozen listing pages of 0.4 to 2.8 MB are a large part of the work: started
    first, they do not leave one process finishing them alone. Which process builds a page
    does not change it: what comes back is merged by page index."""

    def __init__(self, doc_files: list[File]) -> None:
        sizes = [
            os.path.getsize(path) if (path := f.abs_src_path) and os.path.isfile(path) else 0
            for f in doc_files
        ]
        order = sorted(range(len(doc_files)), key=lambda i: (-sizes[i], i))
        super().__init__([(i, doc_files[i]) for i in order])


def _merge(config: MkDocsConfig, files: Files, doc_files: list[File], shares: list[_Share]) -> None:
    """The workers' search entries in page order, their anchors on the parent's pages."""
    entries = _search_entries(config)
    if entries is not None:
        by_page = {i: e for share in shares for i, e in share.entries.items()}
        entries[:] = [entry for i in sorted(by_page) for entry in by_page[i]]
    for share in shares[1:]:
        for name, state in share.states.items():
            config.plugins[name].merge_page_state(state)  # type: ignore[attr-defined]
        for index, anchors in share.anchors.items():
            page = doc_files[index].page
            assert page is not None
            page.present_anchor_ids = anchors
            page.links_to_anchors = {
                target: links
                for uri, links in share.links[index].items()
                if (target := files.get_file_from_path(uri)) is not None
            }


def render_page(site: Site, page: Page) -> str:
    """One page's HTML as `_build_page` writes it (same events, same template), not written."""
    from mkdocs.commands.build import get_context

    config, nav = site.config, site.nav
    doc_files = site.files.documentation_pages()
    site.markdown.populate(page, config, site.files)
    config._current_page = page
    try:
        page.active = True
        context = get_context(nav, doc_files, config, page)
        template = site.env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        output = template.render(context)
        html: str = config.plugins.on_post_page(output, page=page, config=config)
        return html
    finally:
        page.active = False
        config._current_page = None


def rebuild_pages(site: Site, src_uris: Iterable[str], target: Path) -> list[Path]:
    """Render the docs pages `src_uris` again into the built site at `target`; each file is
    replaced in one step. The site's stylesheets were renamed after the build (the theme
    hook): a page gets the names the built site has. Returns the files written."""
    from mkdocs import utils

    entries = _search_entries(site.config)
    kept = None if entries is None else len(entries)
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    if site.epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = site.epoch
    warnings = utils.CountHandler()
    warnings.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(warnings)
    written = []
    styles = {
        match.group(1): match.group(0)
        for path in (target / "assets" / "stylesheets").glob("*.min.css")
        if (match := _STYLESHEET.search(f"assets/stylesheets/{path.name}"))
    }
    try:
        for uri in src_uris:
            file = site.files.get_file_from_path(uri)
            if file is None or file.page is None:
                raise KeyError(uri)
            with contextlib.chdir(Path(site.config.config_file_path).parent):  # privacy cache
                html = render_page(site, file.page)
            html = _STYLESHEET.sub(lambda m: styles.get(m.group(1), m.group(0)), html)
            dest = target / file.dest_uri
            dest.parent.mkdir(parents=True, exist_ok=True)
            temporary = dest.with_name(f".{dest.name}.nuova")
            temporary.write_bytes(html.encode("utf-8", errors="xmlcharrefreplace"))
            temporary.replace(dest)
            file.page.markdown, file.page.content = "", None
            written.append(dest)
        if site.config.strict and warnings.get_counts():
            # as `mkdocs build` would stop: the caller builds everything and reports it
            raise RuntimeError("MkDocs ha segnalato problemi in una pagina aggiornata")
    finally:
        logging.getLogger("mkdocs").removeHandler(warnings)
        if entries is not None and kept is not None:
            del entries[kept:]  # the search index waits for the next full build
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    return written

"""Less work for the book's scripts after the first paint (Lighthouse: Total Blocking Time).

A module page painted, then its deferred scripts changed it: sphinx-copybutton inserted a
button after each of its ~24 code blocks, and pydata-sphinx-theme, in the same task,
measured the page (styling and laying out again everything the buttons moved) and at the
load event read the size of every code block, setting its tabindex in between each reading
(a layout per block). With the CPU slowed 4x these were 100-250 ms tasks. Now:

- the copy buttons are written at build time, exactly as copybutton.js would write them
  (`copy_buttons`), and copybutton.js leaves a block that already has its button alone;
- every code block is a tab stop from the start (`tabindex="0"`: axe's
  scrollable-region-focusable is met without any script), and pydata's check of which ones
  really scroll runs when the browser is idle after the load event, measuring every block
  first and then changing only the tabindex values that differ; blocks inside a closed
  <details> (hidden code cells) are not measured (each reading laid the hidden block out
  on its own) and stay tab stops for when they are shown;
- sphinx-book-theme's script adds the class `noprint` to the page's header, sidebars and
  footers, which styled their whole subtrees again: the class is written at build time
  (`no_print_classes`), so the script's classList.add changes nothing.

The scripts are patched in the built `_static` (`patch_scripts`): each patch names the text
it replaces, a missing one stops the build (a theme upgrade must be looked at again), and a
file already patched is left as it is.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

#: sphinx-copybutton 0.5's button (copybutton.js, `clipboardButton` and `iconCopy`), in the
#: Italian of its own messages; {id} is the code block's id, as copybutton.js numbers them.
COPY_BUTTON = (
    '<button class="copybtn o-tooltip--left" data-tooltip="Copiare"'
    ' data-clipboard-target="#{id}">'
    '<svg xmlns="http://www.w3.org/2000/svg" class="icon icon-tabler icon-tabler-copy"'
    ' width="44" height="44" viewBox="0 0 24 24" stroke-width="1.5" stroke="#000000"'
    ' fill="none" stroke-linecap="round" stroke-linejoin="round">'
    "<title>Copiato negli appunti</title>"
    '<path stroke="none" d="M0 0h24v24H0z" fill="none"/>'
    '<rect x="8" y="8" width="12" height="12" rx="2" />'
    '<path d="M16 8v-2a2 2 0 0 0 -2 -2h-8a2 2 0 0 0 -2 2v8a2 2 0 0 0 2 2h2" />'
    "</svg></button>"
)
#: A code block as Sphinx writes it (copybutton's selector is `div.highlight pre`).
_CODE_BLOCK = re.compile(r'(<div class="highlight"><pre)>(.*?</pre>)', re.DOTALL)


def copy_buttons(body: str) -> str:
    """`body` with each code block numbered (`codecell<N>`, in document order, as
    copybutton.js numbers them), made a tab stop and followed by its copy button."""
    count = 0

    def block(m: re.Match[str]) -> str:
        nonlocal count
        cell = f"codecell{count}"
        count += 1
        button = COPY_BUTTON.format(id=html.escape(cell))
        return f'{m.group(1)} id="{cell}" tabindex="0">{m.group(2)}{button}'

    return _CODE_BLOCK.sub(block, body)


#: The elements pydata-sphinx-theme 0.17 makes tab stops when they scroll, as minified.
_SCROLLABLE = (
    '["pre",".nboutput > .output_area",".cell_output > .output",".jp-RenderedHTMLCommon",'
    '".pst-scrollable-table-container"].join(", ")'
)
#: The elements sphinx-book-theme 1.3's script marks `noprint` (its selectors, as classes).
NOPRINT_CLASSES = frozenset(
    {
        "bd-header-announcement",
        "bd-header",
        "bd-header-article",
        "bd-sidebar-primary",
        "bd-sidebar-secondary",
        "bd-footer-article",
        "bd-footer-content",
        "bd-footer",
    }
)
_CLASS_ATTRIBUTE = re.compile(r'(<[a-zA-Z][^<>]*?\sclass=")([^"]*)(")')


def no_print_classes(page: str) -> str:
    """`page` with `noprint` among the classes of every NOPRINT_CLASSES element."""

    def add(m: re.Match[str]) -> str:
        classes = m.group(2).split()
        if "noprint" in classes or NOPRINT_CLASSES.isdisjoint(classes):
            return m.group(0)
        return f"{m.group(1)}{m.group(2)} noprint{m.group(3)}"

    return _CLASS_ATTRIBUTE.sub(add, page)


#: (file under _static, text replaced, replacement). A replacement already in the file
#: (an earlier build patched it) is left as it is.
PATCHES: tuple[tuple[str, str, str], ...] = (
    (
        "copybutton.js",
        "  codeCells.forEach((codeCell, index) => {\n",
        "  codeCells.forEach((codeCell, index) => {\n"
        "    // rete: buttons written at build time (rete.school.script_load)\n"
        "    const next = codeCell.nextElementSibling\n"
        '    if (next && next.matches("button.copybtn")) return\n',
    ),
    (
        "scripts/pydata-sphinx-theme.js",
        # addTabStopsToScrollableElements' update: measure every element first, then write
        # only the tabindex values that change (a write between two readings is a layout).
        "document.querySelectorAll(" + _SCROLLABLE + ").forEach(e=>{e.tabIndex="
        "e.scrollWidth>e.clientWidth||e.scrollHeight>e.clientHeight?0:-1})",
        "/* rete: measure, then write */Array.from(document.querySelectorAll("
        + _SCROLLABLE
        + '),e=>[e,e.closest("details:not([open])")?e.tabIndex:'
        "e.scrollWidth>e.clientWidth||e.scrollHeight>e.clientHeight?0:-1])"
        ".forEach(([e,t])=>{e.tabIndex!==t&&(e.tabIndex=t)})",
    ),
    (
        "scripts/pydata-sphinx-theme.js",
        # ... and it runs when the browser is idle after the load event, not in it.
        '"complete"===document.readyState?I():window.addEventListener("load",I)',
        "(()=>{/* rete: at idle */const s=()=>(window.requestIdleCallback||setTimeout)"
        '(()=>I());"complete"===document.readyState?s():window.addEventListener("load",s)})()',
    ),
    (
        "scripts/bootstrap.js",
        # pydata's bundle made a Bootstrap tooltip for each of the header's 8 buttons at
        # load (2/3 of the bundle's run). Each is made when first pointed at or focused,
        # and told of that event as its own listeners would have been (Bootstrap 5.3).
        "go(function(){[].slice.call(document.querySelectorAll('[data-bs-toggle=\"tooltip\"]'))"
        ".map(function(t){return new ps(t,{delay:{show:500,hide:100}})})})",
        "go(function(){/* rete: tooltips made when first needed */"
        "const s='[data-bs-toggle=\"tooltip\"]',d=new WeakSet,f=function(e){"
        "const t=e.target instanceof Element?e.target.closest(s):null;if(!t||d.has(t))return;"
        "d.add(t);const o=new ps(t,{delay:{show:500,hide:100}});"
        'o._activeTrigger["focusin"===e.type?"focus":"hover"]=!0,o._enter()};'
        'document.addEventListener("mouseover",f,!0),document.addEventListener("focusin",f,!0)})',
    ),
)


class PatchError(RuntimeError):
    """A script no longer holds the text a patch replaces."""


def patch_text(text: str, old: str, new: str, name: str) -> str:
    """`text` with `old` replaced by `new` (once); unchanged if `new` is already there."""
    if new in text:
        return text
    if text.count(old) != 1:
        raise PatchError(
            f"{name}: the text to patch was found {text.count(old)} times instead of once "
            "(a new version of the theme? see rete.school.script_load)"
        )
    return text.replace(old, new)


def patch_scripts(static: Path) -> None:
    """Apply PATCHES to the scripts of a built `_static` folder (those that are there)."""
    for name, old, new in PATCHES:
        path = static / name
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        patched = patch_text(text, old, new, name)
        if patched != text:
            path.write_text(patched, encoding="utf-8")

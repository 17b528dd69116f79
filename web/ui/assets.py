"""The page's CSS and script, shipped inside the Blocks (mount_gradio_app stays untouched).

The script routes every ``#clausier/<action>`` link to one hidden Gradio button, so the server
handles the action with the caller it resolves itself; copy and Markdown export stay in the
browser (the server stores no answer).
"""

from __future__ import annotations

CSS = """
.gradio-container { max-width: 1180px !important; margin: 0 auto !important; }
#cl-header { display: flex; align-items: baseline; gap: .75rem; flex-wrap: wrap; }
#cl-header h1 { margin: 0; font-size: 1.6rem; }
#cl-header p { margin: 0; color: var(--body-text-color-subdued); }
.cl-conv { display: flex; flex-direction: column; gap: 1rem; padding: .25rem; }
.cl-turn { display: flex; flex-direction: column; gap: .4rem; }
.cl-q { align-self: flex-end; max-width: 85%; background: var(--color-accent-soft, #e0ecff);
  padding: .55rem .85rem; border-radius: 14px 14px 2px 14px; white-space: pre-wrap; }
.cl-understood { align-self: flex-end; font-size: .82rem; color: var(--body-text-color-subdued); font-style: italic; }
.cl-understood q { font-style: normal; }
.cl-a { background: var(--background-fill-secondary, #f6f7f9); border: 1px solid var(--border-color-primary, #ddd);
  border-radius: 2px 14px 14px 14px; padding: .75rem .95rem; line-height: 1.55; max-width: 95%; overflow-wrap: anywhere; }
.cl-abstained { border-style: dashed; }
.cl-error { border-color: #e5a0a0; background: #fff4f4; color: #7a1f1f; }
.cl-ref { display: inline-block; font-weight: 600; font-size: .85em; padding: 0 .3em; margin: 0 .1em; border-radius: 6px;
  background: var(--color-accent-soft, #e0ecff); color: var(--color-accent, #2457c5) !important; text-decoration: none !important; }
.cl-ref:hover, .cl-cite:hover { text-decoration: underline !important; }
.cl-mt { display: inline-block; margin-left: 1.2em; font-style: italic; opacity: .8; }
.cl-conv h4, .cl-panel h4, .cl-toc h4 { margin: .4rem 0 .25rem !important; font-size: .8rem !important; font-weight: 600 !important;
  color: var(--body-text-color) !important; opacity: .75; text-transform: none; letter-spacing: 0; }
.cl-conv ul, .cl-toc ul, .cl-doc-list, .cl-results { list-style: none !important; padding-left: 0 !important; margin: 0 !important; }
.cl-conv li, .cl-toc li, .cl-doc-list li, .cl-results li { margin: 0 !important; padding-left: 0 !important; }
.cl-conv li::before, .cl-toc li::before { content: none !important; }
.cl-cites ul { display: flex; flex-direction: column; gap: .2rem; }
.cl-cites { padding: 0 .2rem; }
.cl-cite, .cl-open { text-decoration: none !important; color: var(--body-text-color) !important; font-size: .9rem; }
.cl-n { font-weight: 700; color: var(--color-accent, #2457c5); }
.cl-repaired { display: inline-block; font-size: .72rem; padding: .05rem .45rem; margin-left: .35rem; border-radius: 999px;
  background: #fff3cd; color: #7a5a00; border: 1px solid #f0d68a; vertical-align: middle; }
.cl-repaired-dot { color: #d19b00 !important; font-size: .6rem; vertical-align: super; }
.cl-meta { display: flex; align-items: center; gap: .6rem; flex-wrap: wrap; font-size: .8rem; color: var(--body-text-color-subdued); }
.cl-meta button, .cl-fb { display: inline-flex !important; align-items: center; border: 1px solid var(--border-color-primary, #ddd) !important;
  background: transparent !important; border-radius: 8px !important; padding: .15rem .55rem !important; cursor: pointer; font-size: .8rem !important;
  font-weight: 400 !important; line-height: 1.4 !important; text-decoration: none !important; color: inherit !important; margin: 0 !important; }
.cl-thanks { display: inline-flex; align-items: center; gap: .3rem; }
.cl-meta button:hover, .cl-fb:hover { background: var(--background-fill-secondary, #f2f2f2); }
.cl-pending { color: var(--body-text-color-subdued); }
.cl-spinner { display: inline-block; width: .9em; height: .9em; margin-right: .5em; vertical-align: -.1em; border-radius: 50%;
  border: 2px solid currentColor; border-right-color: transparent; animation: cl-spin .8s linear infinite; }
@keyframes cl-spin { to { transform: rotate(360deg); } }
.cl-empty { text-align: center; padding: 1.5rem .5rem; color: var(--body-text-color-subdued); }
.cl-examples { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fit, minmax(230px, 1fr)); gap: .5rem; }
.cl-example { display: block; height: 100%; text-align: left; padding: .6rem .8rem; border: 1px solid var(--border-color-primary, #ddd);
  border-radius: 10px; text-decoration: none !important; color: var(--body-text-color) !important; font-size: .9rem; }
.cl-example:hover { border-color: var(--color-accent, #2457c5); }
#cl-conversation { min-height: 320px; max-height: 62vh !important; overflow-y: auto !important; }
.cl-panel h3 { margin: 0 0 .5rem; font-size: 1.05rem; }
.cl-facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .6rem; font-size: .85rem; margin: 0 0 .6rem; }
.cl-facts dt { color: var(--body-text-color-subdued); } .cl-facts dd { margin: 0; }
.cl-clause-text { line-height: 1.6; margin-top: .5rem; overflow-wrap: anywhere; }
mark.cl-hl { background: #ffe58a; color: #222; padding: .05em 0; border-radius: 2px; }
.cl-original pre { white-space: pre-wrap; font-size: .8rem; background: var(--background-fill-secondary, #f6f6f6); padding: .5rem; }
.cl-muted { color: var(--body-text-color-subdued); font-size: .9rem; }
.cl-doc-list { list-style: none; padding: 0; display: flex; flex-direction: column; gap: .4rem; }
.cl-doc-card { display: flex; flex-direction: column; padding: .55rem .7rem; border: 1px solid var(--border-color-primary, #ddd);
  border-radius: 10px; text-decoration: none !important; color: var(--body-text-color) !important; font-size: .85rem; }
.cl-doc-card span { color: var(--body-text-color-subdued); }
.cl-doc-card.selected { border-color: var(--color-accent, #2457c5); box-shadow: inset 3px 0 0 var(--color-accent, #2457c5); }
.cl-toc ul ul { padding-left: .9rem !important; }
.cl-toc a { text-decoration: none !important; font-size: .85rem; color: var(--body-text-color) !important; }
.cl-toc a.selected { font-weight: 700; color: var(--color-accent, #2457c5) !important; }
.cl-toc-section { font-size: .85rem; font-weight: 600; }
#cl-toc, #cl-docview { max-height: 72vh !important; overflow-y: auto !important; }
.cl-doc-head h3 { margin: 0; } .cl-doc-head p { margin: .2rem 0 .8rem; color: var(--body-text-color-subdued); }
.cl-clause { padding: .5rem .7rem; border-left: 3px solid transparent; scroll-margin-top: .5rem; }
.cl-clause h5 { margin: 0 0 .25rem; font-size: .9rem; } .cl-clause h5 small { font-weight: 400; color: var(--body-text-color-subdued); }
.cl-clause.selected { border-left-color: var(--color-accent, #2457c5); background: var(--color-accent-soft, #eef4ff); }
.cl-results { list-style: none; padding: 0; display: flex; flex-direction: column; gap: .35rem; }
.cl-result { display: block; font-size: .85rem; text-decoration: none !important; color: var(--body-text-color) !important; }
.cl-result span { display: block; color: var(--body-text-color-subdued); }
.cl-admin-table { width: 100%; border-collapse: collapse; font-size: .85rem; }
.cl-admin-table th, .cl-admin-table td { border-bottom: 1px solid var(--border-color-primary, #ddd); padding: .3rem; text-align: left; }
#cl-bridge-row { display: none !important; }
.cl-doc-card, .cl-doc-card *, .cl-result, .cl-toc, .cl-doc { text-align: left !important; }
/* the cited clause opens beside the conversation, not over it */
@media (min-width: 900px) {
  .sidebar-parent:has(#cl-sidebar.open) { padding-right: 0 !important; }
  .gradio-container:has(#cl-sidebar.open) { max-width: min(1180px, calc(100vw - 470px)) !important;
    margin-left: max(10px, calc((100vw - 450px - min(1180px, calc(100vw - 470px))) / 2)) !important; margin-right: 450px !important; }
}
@media (max-width: 640px) {
  .gradio-container { padding: 0 .4rem !important; }
  #cl-header h1 { font-size: 1.3rem; }
  .cl-q, .cl-a { max-width: 100%; }
  #cl-conversation { max-height: none !important; }
  #cl-header p { font-size: .85rem; }
  .cl-examples { grid-template-columns: 1fr; }
  #cl-toc { max-height: 40vh !important; }
  #cl-docview { max-height: 80vh !important; }
}
"""

JS = r"""
if (!window.__clausier) {
  const C = window.__clausier = { pending: "" };
  C.send = function (act) {
    C.pending = act;
    const button = document.getElementById("cl-bridge-btn");
    if (button) button.click();
  };
  C.copy = async function (text) {
    try { await navigator.clipboard.writeText(text); return true; }
    catch (e) {
      const area = document.createElement("textarea");
      area.value = text; document.body.appendChild(area); area.select();
      const ok = document.execCommand("copy"); area.remove(); return ok;
    }
  };
  C.exportMarkdown = function () {
    const turns = Array.from(document.querySelectorAll("#cl-conversation .cl-md")).map(e => e.textContent);
    if (!turns.length) return;
    const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, "-");
    const blob = new Blob(["# Clausier — " + stamp + "\n\n" + turns.join("\n")], { type: "text/markdown;charset=utf-8" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "clausier-" + stamp + ".md";
    document.body.appendChild(link); link.click(); link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  };
  // scroll a pane (not the page) so that its selected element is at the top
  C.reveal = function (pane, element) {
    if (!pane || !element) return;
    pane.scrollTop += element.getBoundingClientRect().top - pane.getBoundingClientRect().top - 8;
  };
  C.scrollSelected = function () {
    setTimeout(() => {
      C.reveal(document.getElementById("cl-docview"), document.querySelector("#cl-docview .cl-clause.selected"));
      C.reveal(document.getElementById("cl-toc"), document.querySelector("#cl-toc a.selected"));
      const tabs = document.getElementById("cl-tabs");
      if (tabs && tabs.getBoundingClientRect().top < 0) tabs.scrollIntoView({ block: "start" });
    }, 80);
  };
  C.toBottom = function () {
    setTimeout(() => {
      const pane = document.getElementById("cl-conversation");
      if (pane) pane.scrollTop = pane.scrollHeight;
    }, 50);
  };
  document.addEventListener("click", function (event) {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const link = target.closest('a[href^="#clausier/"]');
    if (link) {
      event.preventDefault(); event.stopPropagation();
      C.send(link.getAttribute("href").slice("#clausier/".length));
      return;
    }
    const copy = target.closest("button.cl-copy");
    if (copy) {
      const plain = copy.closest(".cl-turn").querySelector(".cl-plain");
      C.copy(plain ? plain.textContent : "").then(ok => { if (ok) copy.textContent = copy.dataset.done; });
    }
  }, true);
}
"""

# The bridge button's pre-processing: hand the pending action to the server as the first input.
BRIDGE_JS = "(...args) => { args[0] = (window.__clausier && window.__clausier.pending) || ''; return args; }"
EXPORT_JS = "() => { window.__clausier && window.__clausier.exportMarkdown(); }"
BOTTOM_JS = "() => { window.__clausier && window.__clausier.toBottom(); }"
SCROLL_JS = "() => { window.__clausier && window.__clausier.scrollSelected(); }"


def style_html() -> str:
    return f"<style>{CSS}</style>"

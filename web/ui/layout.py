"""The chat page (Gradio Blocks): tabs Questions / Documents / Administration, a side panel for
the cited clause, and the wiring of events to ``ChatHandlers``.

Every event is ``api_visibility="private"``; callbacks take the caller from ``gr.Request``.
Handlers return plain dicts of named outputs; ``_outputs`` maps them onto components.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from clausier.schema import LEVEL_NAMES

from .assets import BOTTOM_JS, BRIDGE_JS, EXPORT_JS, JS, SCROLL_JS, style_html
from .browse import document_html, panel_message
from .i18n import DEFAULT_LANGUAGE, lang_of, t
from .render import conversation_html, esc, level_name

PRIVATE = {"api_visibility": "private"}


def header_html(lang: str) -> str:
    return f"<div id='cl-header'><h1>{esc(t(lang, 'title'))}</h1><p>{esc(t(lang, 'tagline'))}</p></div>"


def _level_choices(lang: str) -> list[tuple[str, int]]:
    """The ISO 27001 levels for the upload form, named in the interface language."""
    return [(level_name(level, lang), level) for level in sorted(LEVEL_NAMES)]


def build_chat(handlers) -> gr.Blocks:
    lang0 = DEFAULT_LANGUAGE
    with gr.Blocks(title="Clausier — questions sur les documents juridiques", fill_width=False) as chat:
        lang = gr.State(lang0)
        turns = gr.State([])
        doc_state = gr.State({})
        gr.HTML(style_html(), js_on_load=JS, elem_id="cl-assets")
        with gr.Row(elem_id="cl-top", equal_height=True):
            header = gr.HTML(header_html(lang0), scale=4, min_width=300)
            lang_radio = gr.Radio([("Français", "fr"), ("English", "en")], value=lang0, show_label=False,
                                  container=False, scale=1, min_width=190, elem_id="cl-lang")
        with gr.Sidebar(label=t(lang0, "panel"), open=False, position="right", width=440, elem_id="cl-sidebar") as sidebar:
            panel = gr.HTML(panel_message(t(lang0, "panel_empty")), elem_id="cl-panel")
        with gr.Tabs(elem_id="cl-tabs") as tabs:
            with gr.Tab(t(lang0, "tab_chat"), id="chat", elem_id="cl-tab-chat") as tab_chat:
                conversation = gr.HTML(conversation_html([], lang0), elem_id="cl-conversation", autoscroll=True)
                with gr.Row(equal_height=True):
                    question = gr.Textbox(label=t(lang0, "question"), placeholder=t(lang0, "placeholder"), lines=1,
                                          max_lines=4, scale=6, min_width=200, elem_id="cl-question")
                    send = gr.Button(t(lang0, "send"), variant="primary", scale=1, min_width=90, elem_id="cl-send")
                with gr.Accordion(t(lang0, "filters"), open=False, elem_id="cl-filters") as filters:
                    organisations = gr.CheckboxGroup([], label=t(lang0, "filter_orgs"), elem_id="cl-filter-orgs")
                    doc_types = gr.CheckboxGroup([], label=t(lang0, "filter_types"), elem_id="cl-filter-types")
                with gr.Row():
                    new_chat = gr.Button(t(lang0, "new_chat"), size="sm", elem_id="cl-new")
                    export = gr.Button(t(lang0, "export"), size="sm", elem_id="cl-export")
            with gr.Tab(t(lang0, "tab_docs"), id="docs", elem_id="cl-tab-docs") as tab_docs:
                with gr.Row():
                    with gr.Column(scale=1, min_width=260):
                        search = gr.Textbox(label=t(lang0, "search_docs"), placeholder=t(lang0, "search_placeholder"),
                                            elem_id="cl-search")
                        results = gr.HTML("", elem_id="cl-results")
                        doc_list = gr.HTML("", elem_id="cl-doclist")
                    with gr.Column(scale=1, min_width=240):
                        toc = gr.HTML("", elem_id="cl-toc")
                    with gr.Column(scale=2, min_width=300):
                        docview = gr.HTML(document_html([], None, lang0), elem_id="cl-docview")
            with gr.Tab(t(lang0, "tab_admin"), id="admin", visible=False, elem_id="cl-tab-admin") as tab_admin:
                admin_intro = gr.Markdown(t(lang0, "admin_intro"))
                files = gr.File(file_count="multiple", file_types=[".pdf", ".txt", ".md"], label=t(lang0, "admin_files"),
                                elem_id="cl-upload")
                level = gr.Radio(_level_choices(lang0), value=3, label=t(lang0, "admin_level"), elem_id="cl-level")
                ingest_btn = gr.Button(t(lang0, "admin_ingest"), variant="primary", elem_id="cl-ingest")
                ingest_out = gr.HTML("", elem_id="cl-ingest-result")
                gaps_title = gr.Markdown(f"### {t(lang0, 'admin_gaps')}")
                gaps = gr.HTML("", elem_id="cl-gaps")
        with gr.Row(elem_id="cl-bridge-row"):
            bridge_box = gr.Textbox(elem_id="cl-bridge-box", container=False)
            bridge_btn = gr.Button("bridge", elem_id="cl-bridge-btn")

        named = {"turns": turns, "conversation": conversation, "question": question, "panel": panel,
                 "doc_list": doc_list, "toc": toc, "docview": docview, "doc_state": doc_state}
        all_outputs = [*named.values(), sidebar, tabs]
        begin_outputs, finish_outputs = [turns, conversation, question], [turns, conversation]

        def _outputs(out: dict[str, Any], targets: list) -> tuple:
            """The handler's named outputs in the order of ``targets``; gr.skip() for the others."""
            mapped: dict = {named[k]: v for k, v in out.items() if k in named}
            if "sidebar_open" in out:
                mapped[sidebar] = gr.Sidebar(open=out["sidebar_open"])
            if "tab" in out:
                mapped[tabs] = gr.Tabs(selected=out["tab"])
            return tuple(mapped.get(target, gr.skip()) for target in targets)

        def begin(message, turns_value, lang_value, request: gr.Request):
            return _outputs(handlers.begin(message, turns_value, lang_value, request), begin_outputs)

        def finish(turns_value, orgs, types, lang_value, request: gr.Request):
            # a generator: the answer is shown at once, its quotes' translations follow
            for out in handlers.finish_stream(turns_value, orgs, types, lang_value, request):
                yield _outputs(out, finish_outputs)

        def act(action, turns_value, doc_value, lang_value, request: gr.Request):
            return _outputs(handlers.act(action, turns_value, doc_value, lang_value, request), all_outputs)

        finish_args = dict(fn=finish, inputs=[turns, organisations, doc_types, lang], outputs=finish_outputs,
                           show_progress="hidden", **PRIVATE)
        for trigger in (question.submit, send.click):
            trigger(begin, [question, turns, lang], begin_outputs, show_progress="hidden",
                    **PRIVATE).then(None, js=BOTTOM_JS, **PRIVATE).then(**finish_args).then(None, js=BOTTOM_JS, **PRIVATE)
        bridge_btn.click(act, [bridge_box, turns, doc_state, lang], all_outputs, js=BRIDGE_JS,
                         show_progress="hidden", **PRIVATE).then(**finish_args).then(None, js=SCROLL_JS, **PRIVATE)
        new_chat.click(lambda lang_value: ([], conversation_html([], lang_of(lang_value))), [lang],
                       [turns, conversation], **PRIVATE)
        export.click(None, js=EXPORT_JS, **PRIVATE)

        def do_search(query, lang_value, request: gr.Request):
            return handlers.browse.search(query, lang_value, request)

        search.change(do_search, [search, lang], results, trigger_mode="always_last", show_progress="hidden", **PRIVATE)

        def on_load(lang_value, request: gr.Request):
            docs = handlers.assistant.documents(handlers.caller(request))
            orgs = sorted({d.organisation for d in docs if d.organisation})
            types = sorted({d.doc_type for d in docs if d.doc_type})
            return (gr.CheckboxGroup(choices=orgs, value=[]), gr.CheckboxGroup(choices=types, value=[]),
                    gr.Tab(visible=handlers.admin.allowed(request)), handlers.browse.documents(lang_value, request))

        load_outputs = [organisations, doc_types, tab_admin, doc_list]
        chat.load(on_load, [lang], load_outputs, **PRIVATE)

        def do_ingest(paths, level_value, lang_value, request: gr.Request, progress=gr.Progress()):
            return handlers.admin.ingest(paths, level_value, lang_value, request, progress=progress)

        ingest_btn.click(do_ingest, [files, level, lang], ingest_out, **PRIVATE).then(
            on_load, [lang], load_outputs, **PRIVATE)

        def do_gaps(lang_value, request: gr.Request):
            return handlers.admin.gaps(lang_value, request)

        tab_admin.select(do_gaps, [lang], gaps, **PRIVATE)

        def set_language(choice, turns_value, doc_value, request: gr.Request):
            code = lang_of(choice)
            browse = handlers.browse.rerender(doc_value, code, request)
            return (
                code, header_html(code), gr.Tab(label=t(code, "tab_chat")), gr.Tab(label=t(code, "tab_docs")),
                gr.Tab(label=t(code, "tab_admin")), gr.Textbox(label=t(code, "question"), placeholder=t(code, "placeholder")),
                gr.Button(t(code, "send")), gr.Button(t(code, "new_chat")), gr.Button(t(code, "export")),
                gr.Accordion(label=t(code, "filters")), gr.CheckboxGroup(label=t(code, "filter_orgs")),
                gr.CheckboxGroup(label=t(code, "filter_types")),
                gr.Textbox(label=t(code, "search_docs"), placeholder=t(code, "search_placeholder")),
                conversation_html(turns_value or [], code), panel_message(t(code, "panel_empty")),
                gr.Sidebar(label=t(code, "panel")),
                browse["doc_list"], browse["toc"], browse["docview"], browse["doc_state"],
                gr.Markdown(t(code, "admin_intro")), gr.File(label=t(code, "admin_files")),
                gr.Radio(choices=_level_choices(code), label=t(code, "admin_level")), gr.Button(t(code, "admin_ingest")),
                gr.Markdown(f"### {t(code, 'admin_gaps')}"),
            )

        lang_radio.change(set_language, [lang_radio, turns, doc_state], [
            lang, header, tab_chat, tab_docs, tab_admin, question, send, new_chat, export, filters, organisations,
            doc_types, search, conversation, panel, sidebar, doc_list, toc, docview, doc_state, admin_intro, files,
            level, ingest_btn, gaps_title,
        ], **PRIVATE)
    return chat

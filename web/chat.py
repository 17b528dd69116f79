"""The employees' chat (Gradio Blocks), a thin edge over ``Assistant``.

Callbacks validate and call the assistant; domain errors become friendly chat messages. The
conversation lives in the browser session only: the server keeps no answer.
"""

from __future__ import annotations

import html
import logging

import gradio as gr

from clausier.assistant import Assistant, AskResult
from clausier.errors import ClausierError
from clausier.schema import LEVEL_NAMES, Caller

log = logging.getLogger(__name__)

EXAMPLES = [
    "Combien de temps Looper-AI garde-t-il les informations notées lors d'un appel téléphonique ?",
    "Quel est le délai de notification d'une fuite de données au client chez IPSO ?",
    "Quelle est la durée du cookie _ga chez Assistool ?",
    "Who are Looper-AI's sub-processors?",
]
GENERIC_ERROR = "Une erreur inattendue est survenue. Réessayez ou reformulez la question."


def render_citations(result: AskResult) -> str:
    """The cited clauses under the answer: document, clause, heading; the quote expandable."""
    answer = result.answer
    if answer.abstained:
        if not answer.see_also:
            return ""
        items = "".join(
            f"<li><b>{html.escape(h.title)}</b> — {html.escape(h.clause or '')} {html.escape(h.heading)}</li>"
            for h in answer.see_also
        )
        return f"<div class='see-also'><p>Voir aussi :</p><ul>{items}</ul></div>"
    blocks = []
    for c in answer.citations:
        page = f", p. {c.page}" if c.page else ""
        repaired = " <span class='repaired' title='Texte reconstruit par la réparation'>texte réparé</span>" if c.repaired else ""
        blocks.append(
            f"<details class='citation' id='citation-{c.n}'><summary>[{c.n}] <b>{html.escape(c.title)}</b> — "
            f"{html.escape(c.clause)} {html.escape(c.heading)}{page} · niveau {html.escape(LEVEL_NAMES.get(c.level, str(c.level)))}{repaired}</summary>"
            f"<blockquote>{html.escape(c.quote)}</blockquote>"
            f"<div class='clause-text'>{html.escape(c.clause_text or c.quote)}</div></details>"
        )
    return "<div class='citations'>" + "".join(blocks) + "</div>"


class ChatHandlers:
    """The chat's callbacks, separate from the layout so tests can call them directly."""

    def __init__(self, assistant: Assistant, caller_for_request):
        self.assistant = assistant
        self.caller_for_request = caller_for_request

    def respond(self, message: str, history: list, request: gr.Request | None = None):
        history = list(history or [])
        if not (message or "").strip():
            return history, "", gr.update()
        history.append({"role": "user", "content": message})
        try:
            caller: Caller = self.caller_for_request(request)
            result = self.assistant.ask(message, caller, channel="chat")
        except ClausierError as exc:
            history.append({"role": "assistant", "content": f"⚠️ {exc}"})
            return history, "", ""
        except Exception:  # never a stack trace in the chat
            log.exception("chat_failed")
            history.append({"role": "assistant", "content": f"⚠️ {GENERIC_ERROR}"})
            return history, "", ""
        history.append({"role": "assistant", "content": result.answer.text})
        return history, "", render_citations(result)


def build_chat(handlers: ChatHandlers) -> gr.Blocks:
    def respond(message: str, history: list, request: gr.Request):
        return handlers.respond(message, history, request)

    with gr.Blocks(title="Clausier — questions sur les documents juridiques") as chat:
        gr.Markdown("## Clausier\nPosez une question sur les politiques RGPD, de cookies et les accords de traitement.")
        chatbot = gr.Chatbot(label="Conversation", height=420, buttons=["copy"], feedback_options=None)
        question = gr.Textbox(label="Votre question", placeholder="Ex. : combien de temps les données sont-elles conservées ?",
                              max_lines=4)
        send = gr.Button("Envoyer", variant="primary")
        citations = gr.HTML(label="Clauses citées")
        gr.Examples(EXAMPLES, inputs=question, label="Exemples de questions")
        for event in (question.submit, send.click):
            event(respond, [question, chatbot], [chatbot, question, citations], api_visibility="private")
    return chat

"""``/api/v1/translation-status``: where translators are needed, for
volunteers' coordination tools. The same data as the ``/<lang>/translations``
page, read through :mod:`portal.read.translations`."""
from __future__ import annotations

from marshmallow import fields

from ..read.translations import translation_status
from . import bp
from .contract import cacheable, success_headers
from .schemas import LANG_DESCRIPTION, LangField, PathField, Query, Response, UTCDateTime
from .views import ROUTE


class TranslationStatusQuery(Query):
    lang = LangField(metadata={"description": "Only this language. " + LANG_DESCRIPTION})


class PageRef(Response):
    kind = fields.String(required=True, metadata={"description": "Content kind: guide, glossary"})
    slug = fields.String(required=True)
    title = fields.String(required=True, metadata={"description": "Title in the translation's language"})
    web_url = fields.String(required=True, metadata={"description": "Reader page in that language"})


class OutdatedPageRef(PageRef):
    since = UTCDateTime(required=True, metadata={"description": "When the Portuguese original changed"})


class KindStatus(Response):
    kind = fields.String(required=True)
    total = fields.Integer(required=True, metadata={"description": "Published items in Portuguese"})
    up_to_date = fields.Integer(required=True)
    outdated = fields.Integer(required=True)
    missing = fields.Integer(required=True)
    machine = fields.Integer(required=True, metadata={"description": "Drafted by machine, not reviewed"})
    machine_reviewed = fields.Integer(required=True, metadata={"description": "Machine draft reviewed by a person"})
    human = fields.Integer(required=True, metadata={"description": "Translated by a person"})
    outdated_pages = fields.List(fields.Nested(OutdatedPageRef), required=True)
    machine_pages = fields.List(fields.Nested(PageRef), required=True,
                                metadata={"description": "Pages drafted by machine, to review"})


class InterfaceStatus(Response):
    total = fields.Integer(required=True)
    translated = fields.Integer(required=True)
    fuzzy = fields.Integer(required=True, metadata={"description": "Entries to review (readers see English)"})
    untranslated = fields.Integer(required=True)
    percent = fields.Float(required=True, metadata={"description": "Translated share, 0-100"})


class LanguageStatus(Response):
    lang = LangField(required=True)
    name = fields.String(required=True, metadata={"description": "The language's name in that language"})
    interface = fields.Nested(InterfaceStatus, allow_none=True, required=True, metadata={
        "description": "Interface catalog coverage; null for English, the language the interface is written in"})
    kinds = fields.List(fields.Nested(KindStatus), required=True)
    web_url = PathField("/{obj.lang}/translations")


class TranslationStatus(Response):
    items = fields.List(fields.Nested(LanguageStatus), required=True,
                        metadata={"description": "Every language but the Portuguese source"})
    files = fields.String(required=True, metadata={
        "description": "How translators get PO/XLIFF files of the guides and glossary"})


FILES = ("flask --app wsgi content po-export <lang> [--outdated-only] [--format xliff] DIR "
         "(see docs/translators.md)")


@bp.route("/translation-status", tags=["translations"], **ROUTE)
@bp.arguments(TranslationStatusQuery, location="query", as_kwargs=True)
@bp.response(200, TranslationStatus, headers=success_headers())
@cacheable(bp)
@bp.doc(operationId="get_translation_status")
def translation_status_view(lang=None):
    """Per language: interface coverage, and each kind's translations by state, with the pages to review"""
    return {"items": translation_status(lang), "files": FILES}

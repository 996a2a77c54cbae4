"""Closed vocabularies shared by content validation and pages."""
from flask_babel import lazy_gettext as _l

# Kinds of place a guide can send the reader to; the directory of service
# points uses the same keys.
PLACE_TYPES = {
    # I18N: AIMA is the Agency for Integration, Migration and Asylum; keep the acronym.
    "aima": _l("AIMA (Agency for Integration, Migration and Asylum)"),
    # I18N: CNAIM: national one-stop centres for migrants; keep the acronym.
    "cnaim": _l("National Support Centre for Migrant Integration (CNAIM)"),
    # I18N: CLAIM: local centres run with municipalities and associations; keep the acronym.
    "claim": _l("Local Support Centre for Migrant Integration (CLAIM)"),
    "tax-office": _l("Tax office (Finanças)"),
    "citizen-shop": _l("Citizen Shop (Loja do Cidadão)"),
    "social-security": _l("Social Security (Segurança Social)"),
    "health-centre": _l("Health centre (Centro de Saúde)"),
    "parish-council": _l("Parish council (Junta de Freguesia)"),
    "school": _l("School"),
    "university": _l("University or higher education institution"),
    "iefp": _l("Employment and training centre (IEFP)"),
    "act": _l("Labour inspectorate (ACT)"),
    "imt": _l("Mobility and transport institute (IMT)"),
    "bank": _l("Bank"),
    "police": _l("Police station (PSP or GNR)"),
    "online": _l("Online"),
}

# The training offer (course programmes and sessions).
COURSE_AUDIENCES = {
    "newcomers": _l("People who have arrived in Portugal"),
    "staff": _l("Staff of the support network"),
}
COURSE_KINDS = {
    "portuguese": _l("Portuguese language"),
    "digital": _l("Digital skills"),
    "procedures": _l("Procedures and rights"),
    "mediation": _l("Intercultural mediation"),
    "other": _l("Other"),
}
COURSE_FORMATS = {
    "in-person": _l("In person"),
    "online": _l("Online"),
    "blended": _l("In person and online"),
}
COURSE_FREE = {
    "yes": _l("Free"),
    "usually": _l("Usually free"),
    "no": _l("Paid"),
    "unknown": _l("Cost not confirmed"),
}

# Kinds of service point (portal/content/services.py POINT_KINDS), for readers and editors.
POINT_KIND_LABELS = {
    "national-centre": _l("National support centre (CNAIM)"),
    "local-centre": _l("Local support centre (CLAIM)"),
    "helpline": _l("Helpline"),
    "aima-desk": _l("AIMA desk"),
    "citizen-shop": _l("Citizen Shop or Citizen Space"),
    "health-line": _l("Health line"),
    "other": _l("Other service"),
}

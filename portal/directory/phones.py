"""Phone numbers, validated and formatted with ``phonenumbers`` (Google's
libphonenumber metadata), and what a call costs where the numbering plan
says so (free, shared cost, premium); short numbers (112, 144) through its
short-number tables."""
from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberType, shortnumberinfo

REGION = "PT"


@dataclass(frozen=True)
class Phone:
    e164: str  # tel: target
    display: str  # as dialled in Portugal (national format), or the short number
    cost: str  # "free", "shared-cost", "premium", "standard", "mobile" or ""


def parse(number: str) -> Phone | None:
    """The number when libphonenumber accepts it, else ``None``."""
    text = number.strip()
    digits = text.replace(" ", "")
    if digits.isdigit() and len(digits) <= 6:
        try:
            short = phonenumbers.parse(digits, REGION)
        except phonenumbers.NumberParseException:
            return None
        if not shortnumberinfo.is_valid_short_number(short):
            return None
        cost = shortnumberinfo.expected_cost(short)
        return Phone(digits, digits, "free" if cost == shortnumberinfo.ShortNumberCost.TOLL_FREE else "")
    try:
        parsed = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    kind = phonenumbers.number_type(parsed)
    cost = {
        PhoneNumberType.TOLL_FREE: "free",
        PhoneNumberType.SHARED_COST: "shared-cost",
        PhoneNumberType.PREMIUM_RATE: "premium",
        PhoneNumberType.FIXED_LINE: "standard",
        PhoneNumberType.MOBILE: "mobile",
    }.get(kind, "")
    national = str(parsed.national_number)
    if parsed.country_code == 351 and len(national) == 9:
        shown = f"{national[:3]} {national[3:6]} {national[6:]}"  # as written in Portugal
    else:
        shown = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return Phone(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), shown, cost)

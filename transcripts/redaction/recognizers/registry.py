"""The registry: Presidio's recognizers that fit UK chat, and ours."""

from collections.abc import Iterable

from presidio_analyzer import (
    RecognizerRegistry,
)
from presidio_analyzer.nlp_engine import NlpEngine
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

from transcripts.redaction import redaction_defaults
from transcripts.redaction.recognizers.account_number import AccountNumberRecognizer
from transcripts.redaction.recognizers.card_number import CardNumberRecognizer
from transcripts.redaction.recognizers.cued_reference import CuedReferenceRecognizer
from transcripts.redaction.recognizers.date_of_birth import DateOfBirthRecognizer
from transcripts.redaction.recognizers.joint_names import JointNameRecognizer
from transcripts.redaction.recognizers.landlord_reference import LandlordReferenceRecognizer
from transcripts.redaction.recognizers.named_place import NamedPlaceRecognizer
from transcripts.redaction.recognizers.nhs_number import NhsNumberRecognizer
from transcripts.redaction.recognizers.nino import UkNinoRecognizer
from transcripts.redaction.recognizers.obfuscated_email import ObfuscatedEmailRecognizer
from transcripts.redaction.recognizers.partial_address import PartialAddressRecognizer
from transcripts.redaction.recognizers.person_name import PersonNameRecognizer
from transcripts.redaction.recognizers.phone import UkPhoneRecognizer
from transcripts.redaction.recognizers.postcode import UkPostcodeRecognizer
from transcripts.redaction.recognizers.shaped_reference import ShapedReferenceRecognizer
from transcripts.redaction.recognizers.sort_code import SortCodeRecognizer
from transcripts.redaction.recognizers.street_address import StreetAddressRecognizer
from transcripts.redaction.recognizers.titled_name import TitledNameRecognizer
from transcripts.redaction.recognizers.vocative import VocativeNameRecognizer
from transcripts.redaction.recognizers.welsh_street import WelshStreetRecognizer


def default_reference_patterns() -> list[str]:
    return list(redaction_defaults.REFERENCE_PATTERNS)


PREDEFINED_TO_DROP = frozenset(
    {
        # Dates in general are ordinary words here (appointments, "next Tuesday").
        "DateRecognizer",
        # Replaced by the UK recognizers above (drama ranges, spacing, context).
        "PhoneRecognizer",
        "CreditCardRecognizer",
        "NhsRecognizer",
        "UkNinoRecognizer",
        "UkPostcodeRecognizer",
        # URLs of the landlord's own pages are not personal data.
        "UrlRecognizer",
        "MedicalLicenseRecognizer",
        "CryptoRecognizer",
    }
)


def build_registry(
    nlp_engine: NlpEngine, reference_patterns: Iterable[str] | None = None
) -> RecognizerRegistry:
    """Presidio's recognizers that fit UK chat, the GB phone region, and ours."""
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine, countries=["uk"])
    for name in PREDEFINED_TO_DROP:
        if any(getattr(recognizer, "name", None) == name for recognizer in registry.recognizers):
            registry.remove_recognizer(name)
    registry.add_recognizer(PhoneRecognizer(supported_regions=("GB",), supported_language="en"))
    for recognizer in (
        UkPostcodeRecognizer(),
        UkPhoneRecognizer(),
        UkNinoRecognizer(),
        NhsNumberRecognizer(),
        SortCodeRecognizer(),
        AccountNumberRecognizer(),
        CardNumberRecognizer(),
        ObfuscatedEmailRecognizer(),
        DateOfBirthRecognizer(),
        StreetAddressRecognizer(),
        WelshStreetRecognizer(),
        PartialAddressRecognizer(),
        NamedPlaceRecognizer(),
        PersonNameRecognizer(),
        JointNameRecognizer(),
        VocativeNameRecognizer(),
        TitledNameRecognizer(),
        LandlordReferenceRecognizer(reference_patterns or default_reference_patterns()),
        CuedReferenceRecognizer(),
        ShapedReferenceRecognizer(),
    ):
        registry.add_recognizer(recognizer)
    return registry

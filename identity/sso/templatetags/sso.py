"""``{% sso_sign_in %}``: the single sign-on button on the sign-in page, when configured."""

from typing import Any

from django import template
from django.urls import reverse

from identity.sso import config

register = template.Library()


@register.inclusion_tag("identity/sso/sign_in_choices.html", takes_context=True)
def sso_sign_in(context: template.Context, next_url: str = "/console/") -> dict[str, Any]:
    provider = config.provider()
    login_url = (
        reverse("openid_connect_login", kwargs={"provider_id": provider.provider_id})
        if provider is not None
        else ""
    )
    return {
        "provider": provider,
        "login_url": login_url,
        "next": next_url,
        "sso_only": config.sso_only(),
        "csrf_token": context.get("csrf_token"),
    }

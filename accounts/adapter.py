from allauth.account.adapter import DefaultAccountAdapter
from rest_framework.throttling import BaseThrottle

from registry.services import outbox_enqueue


class AccountAdapter(DefaultAccountAdapter):
    """allauth's mail (verification, password reset) goes through the outbox like all mail."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = self.request
        ctx = {"request": request, "email": email, **context}
        message = self.render_mail(template_prefix, email, ctx)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        outbox_enqueue(
            to=email,
            subject=message.subject,
            body=message.body,
            html_body=html,
            kind=f"account:{template_prefix.rsplit('/', 1)[-1]}",
        )

    def get_client_ip(self, request) -> str:
        """The address allauth's rate limits count, as the API's throttles find it (NUM_PROXIES):
        allauth's own takes the first X-Forwarded-For entry, which any client can write."""
        return BaseThrottle().get_ident(request)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.name = form.cleaned_data.get("name", "")
        user.language = (getattr(request, "LANGUAGE_CODE", "") or "ko")[:2]
        if commit:
            user.save()
        return user

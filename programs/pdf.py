"""The bonus-points confirmation (가점 확인서) PDF. Placeholder until built (issue 7)."""


def render_bonus_confirmation(confirmation) -> None:
    """Render the confirmation's PDF into confirmation.file."""

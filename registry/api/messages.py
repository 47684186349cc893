"""Other packages' messages that this project translates itself.

DRF's Korean catalogue leaves words in English ("이 필드는 blank일 수 없습니다.") and speaks of
objects and pks; Django's says "bogus 이/가 선택가능항목에 없습니다."; allauth calls "remember
me" 아이디 저장 (save my ID), which is not what it does. The project's catalogue (LOCALE_PATHS)
takes precedence over the apps', so the Korean given for these message ids in locale/ko is what
people read. Listed here only so that makemessages keeps them; nothing imports this module.
"""

from django.utils.translation import gettext_noop as _

DRF_MESSAGES = [
    _("This field may not be blank."),
    _("This field may not be null."),
    _('"{input}" is not a valid choice.'),
    _("Object with {slug_name}={value} does not exist."),
    _('Invalid pk "{pk_value}" - object does not exist.'),
    _("Incorrect type. Expected pk value, received {data_type}."),
    _("Must be a valid boolean."),
    _("A valid integer is required."),
    _("A valid number is required."),
    _("Not a valid string."),
    _("Ensure this field has no more than {max_length} characters."),
    _("Ensure this field has at least {min_length} characters."),
    _("Ensure this value is greater than or equal to {min_value}."),
    _("Ensure this value is less than or equal to {max_value}."),
    _("Date has wrong format. Use one of these formats instead: {format}."),
    _("Datetime has wrong format. Use one of these formats instead: {format}."),
    _('Expected a list of items but got type "{input_type}".'),
    _("Invalid data. Expected a dictionary, but got {datatype}."),
    _("Malformed request."),
]

DJANGO_MESSAGES = [
    _("Select a valid choice. %(value)s is not one of the available choices."),
    _("Select a valid choice. That choice is not one of the available choices."),
]

ALLAUTH_MESSAGES = [
    _("Remember Me"),
    _("Successfully signed in as %(name)s."),
]

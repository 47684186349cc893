"""What a form is bound to: the submitted data on a POST, nothing (an unbound form) otherwise."""


def posted_data(request):
    return request.POST if request.method == "POST" else None


def posted_files(request):
    return request.FILES if request.method == "POST" else None

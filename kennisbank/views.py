def method_context(request, page):
    return {}

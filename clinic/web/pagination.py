from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """DRF's, except that a page given must be a page number: a blank one is refused (404,
    "Invalid page.") as any other that is not, rather than read as the first."""

    last_page_strings = ()

    def get_page_number(self, request, paginator):
        return request.query_params.get(self.page_query_param, 1)

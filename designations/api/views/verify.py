"""Public verification of a designation number and the certificate PDFs (placeholder)."""

from rest_framework.views import APIView


class VerifyView(APIView):
    pass


class CertificateView(APIView):
    pass

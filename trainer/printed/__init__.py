"""Printed material of the campaign: citizen guides per procedure, certificates, the workshop kit (all A4 PDFs).

`pdf` holds the shared page (fonts with Vietnamese glyphs, the practice mark, QR codes); each printed thing has its
own module and builds its content from data (the procedure catalogue, e-form definitions, certificates), never
from a hand-written page.
"""

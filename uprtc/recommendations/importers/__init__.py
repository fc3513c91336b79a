"""Parsers for the recommendation formats we import. Each parser turns a file
into plain :class:`~.base.ParsedRecommendation` records, or raises
:class:`~.base.ImportFormatError` naming the line and column, before anything
touches the database."""

from uprtc.recommendations.importers import ohchr_docx, uhri, upr_info

FORMATS = {
    "upr-info": upr_info.parse,
    "ohchr-docx": ohchr_docx.parse,
    "uhri": uhri.parse,
}

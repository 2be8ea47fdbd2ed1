"""The DCAT-AP_IT catalogue (RDF/XML) that the national catalogue dati.gov.it harvests.

One dcatapit:Dataset per record type, one dcatapit:Distribution per published file of it.
Built with ElementTree, so every text and address is escaped by the XML writer, never by
hand. The publisher, rights holder and contact point come from `[tool.rete]` (`editore`,
`email_contatto`): while they are unset they are left out, not invented, and the catalogue
says so in a comment (the build already warns about them).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from rete.core.settings import Settings
from rete.records.record_types import RECORD_TYPES
from rete.records.schemas import schema_name
from rete.web import datapackage, tables

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcatapit": "http://dati.gov.it/onto/dcatapit#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}
EU = "http://publications.europa.eu/resource/authority/"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
LICENCE_TYPE = "http://purl.org/adms/licencetype/Attribution"
THEMES = {"comune": ("GOVE", "SOCI"), "pratica": ("SOCI",), "accordo": ("GOVE",),
          "organizzazione": ("SOCI",), "vocabolario": ("SOCI",), "pagina": ("GOVE",),
          "corso": ("EDUC",), "modulo": ("EDUC",)}
"""EU data themes: GOVE government and public sector, SOCI population and society,
EDUC education, culture and sport."""
TITLES = {"comune": "Comuni e loro rapporti con la Rete", "pratica": "Buone pratiche",
          "accordo": "Accordi", "organizzazione": "Organizzazioni",
          "vocabolario": "Vocabolari delle buone pratiche", "pagina": "Pagine del sito",
          "corso": "Corsi della Scuola di formazione",
          "modulo": "Moduli della Scuola di formazione"}
FORMATS = {"csv": ("CSV", "text/csv"), "json": ("JSON", "application/json"),
           "geojson": ("GEOJSON", "application/geo+json")}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot hold even escaped: dropped from settings text."""
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _add(parent: ET.Element, name: str, text: str | None = None, *, resource: str = "",
         datatype: str = "", lang: str = "") -> ET.Element:
    element = ET.SubElement(parent, _q(name))
    if resource:
        element.set(_q("rdf:resource"), resource)
    if datatype:
        element.set(_q("rdf:datatype"), datatype)
    if lang:
        element.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    if text is not None:
        element.text = _NOT_XML.sub("", text)
    return element


def _node(root: ET.Element, cls: str, about: str, *also: str) -> ET.Element:
    node = ET.SubElement(root, _q(cls), {_q("rdf:about"): about})
    for other in also:
        _add(node, "rdf:type", resource=other)
    return node


def _files_of(type_name: str) -> list[str]:
    rtype = next(t for t in RECORD_TYPES if t.name == type_name)
    plural = tables.PLURALI[type_name]
    out = [f"{t.name}.csv" for t in tables.record_tables(rtype)]
    out += [f"{plural}.json", f"schemi/{schema_name(rtype)}"]
    return out + (["comuni.geojson"] if type_name == "comune" else [])


def catalogue(settings: Settings, dati_url: str, modified: dict[str, str],
              sizes: dict[str, int], descriptions: dict[str, str]) -> str:
    """The catalogue; `modified` is each record type's newest `ultima_verifica`, `sizes`
    and `descriptions` say each file's bytes and content."""
    newest = max((d for d in modified.values() if d), default="")
    root = ET.Element(_q("rdf:RDF"))
    catalog = _node(root, "dcatapit:Catalog", f"{dati_url}#catalogo", NS["dcat"] + "Catalog")
    _add(catalog, "dct:title", "Catalogo dei dati aperti della Rete dei Comuni amici della "
                               "Famiglia", lang="it")
    _add(catalog, "dct:description", datapackage.DESCRIZIONE, lang="it")
    _add(catalog, "foaf:homepage", resource=dati_url)
    _add(catalog, "dct:language", resource=EU + "language/ITA")
    _add(catalog, "dcat:themeTaxonomy", resource=EU + "data-theme")
    if newest:
        _add(catalog, "dct:modified", newest, datatype=XSD_DATE)
    agent = f"{dati_url}#editore"
    if settings.publisher:
        _add(catalog, "dct:publisher", resource=agent)
        node = _node(root, "dcatapit:Agent", agent, NS["foaf"] + "Agent")
        _add(node, "foaf:name", settings.publisher)
        if settings.publisher_id:  # DCAT-AP_IT: the agent's IPA code or tax code
            _add(node, "dct:identifier", settings.publisher_id)
        else:
            node.append(ET.Comment(" codice_editore non impostato in [tool.rete] "))
    else:
        catalog.append(ET.Comment(" editore non impostato in [tool.rete]: editore, titolare "
                                  "e punto di contatto mancano "))
    contact = f"{dati_url}#contatto"
    if settings.publisher and settings.contact_email:
        node = _node(root, "dcatapit:Organization", contact, NS["vcard"] + "Organization")
        _add(node, "vcard:fn", settings.publisher)
        _add(node, "vcard:hasEmail", resource=f"mailto:{settings.contact_email}")
    licence = datapackage.LICENZA["path"]
    node = _node(root, "dcatapit:LicenseDocument", licence, NS["dct"] + "LicenseDocument")
    _add(node, "dct:type", resource=LICENCE_TYPE)
    _add(node, "foaf:name", f"{datapackage.LICENZA['title']} (CC BY 4.0)", lang="it")
    for rtype in RECORD_TYPES:
        plural = tables.PLURALI[rtype.name]
        about = f"{dati_url}#{plural}"
        _add(catalog, "dcat:dataset", resource=about)
        dataset = _node(root, "dcatapit:Dataset", about, NS["dcat"] + "Dataset")
        _add(dataset, "dct:identifier", f"{datapackage.NOME}:{plural}")
        _add(dataset, "dct:title", TITLES[rtype.name], lang="it")
        _add(dataset, "dct:description", f"{TITLES[rtype.name]}: le schede pubblicate sul "
                                         "sito, con le loro fonti.", lang="it")
        _add(dataset, "dct:modified", modified.get(rtype.name) or newest, datatype=XSD_DATE)
        for theme in THEMES[rtype.name]:
            _add(dataset, "dcat:theme", resource=f"{EU}data-theme/{theme}")
        _add(dataset, "dct:accrualPeriodicity", resource=EU + "frequency/IRREG")
        _add(dataset, "dct:language", resource=EU + "language/ITA")
        _add(dataset, "dcat:landingPage", resource=dati_url)
        _add(dataset, "dcat:keyword", "famiglia", lang="it")
        if settings.publisher:
            _add(dataset, "dct:rightsHolder", resource=agent)
            _add(dataset, "dct:publisher", resource=agent)
        if settings.publisher and settings.contact_email:
            _add(dataset, "dcat:contactPoint", resource=contact)
        for rel in _files_of(rtype.name):
            dist_about = f"{dati_url}#{rel}"
            _add(dataset, "dcat:distribution", resource=dist_about)
            dist = _node(root, "dcatapit:Distribution", dist_about,
                         NS["dcat"] + "Distribution")
            code, mediatype = FORMATS[rel.rsplit(".", 1)[-1]]
            _add(dist, "dct:title", rel, lang="it")
            _add(dist, "dct:description", descriptions[rel], lang="it")
            _add(dist, "dct:format", resource=f"{EU}file-type/{code}")
            _add(dist, "dcat:mediaType",
                 resource=f"https://www.iana.org/assignments/media-types/{mediatype}")
            _add(dist, "dcat:accessURL", resource=dati_url)
            _add(dist, "dcat:downloadURL", resource=dati_url + rel)
            _add(dist, "dct:license", resource=licence)
            _add(dist, "dcat:byteSize", str(sizes[rel]), datatype=XSD_DECIMAL)
            if modified.get(rtype.name):
                _add(dist, "dct:modified", modified[rtype.name], datatype=XSD_DATE)
    ET.indent(root)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")

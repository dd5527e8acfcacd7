#!/usr/bin/env python3
"""Checks a FHIR R4 Bundle (JSON) against the R4 rules the bundles of
`tend export --format fhir` use, without a network or a validator: the
JSON representation's rules, the datatypes' regular expressions, the
Bundle invariants bdl-1..bdl-8 that apply to a collection, and the
required elements, value sets and invariants of the resources tend puts in
it (Patient, QuestionnaireResponse, Observation).  The regular expressions
and rules are the ones the R4 specification (hl7.org/fhir/R4) gives for
each datatype and resource.

    fhir_r4_check.py BUNDLE.json [BUNDLE2.json ...]

Prints one line per problem and exits 1 when there is any.  With two
bundles or more it also checks that no fullUrl appears in two of them.
"""
import json
import re
import sys

# R4 datatypes (hl7.org/fhir/R4/datatypes.html), anchored.
DATE_TIME = re.compile(
    r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)"
    r"(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])"
    r"(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?"
    r"(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?")
INSTANT = re.compile(
    r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-"
    r"(0[1-9]|[1-2][0-9]|3[0-1])T([01][0-9]|2[0-3]):[0-5][0-9]:"
    r"([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))")
ID = re.compile(r"[A-Za-z0-9\-\.]{1,64}")
URI = re.compile(r"\S*")
CODE = re.compile(r"[^\s]+(\s[^\s]+)*")
UUID_URN = re.compile(
    r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
ABSOLUTE_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")
INT32 = (-2147483648, 2147483647)

BUNDLE_TYPES = {"document", "message", "transaction", "transaction-response",
                "batch", "batch-response", "history", "searchset",
                "collection"}
QR_STATUS = {"in-progress", "completed", "amended", "entered-in-error",
             "stopped"}
OBS_STATUS = {"registered", "preliminary", "final", "amended", "corrected",
              "cancelled", "entered-in-error", "unknown"}
OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
OBS_CATEGORY_CODES = {"social-history", "vital-signs", "imaging",
                      "laboratory", "procedure", "survey", "exam",
                      "therapy", "activity"}
QR_ANSWER_TYPES = {"valueBoolean", "valueDecimal", "valueInteger",
                   "valueDate", "valueDateTime", "valueTime", "valueString",
                   "valueUri", "valueAttachment", "valueCoding",
                   "valueQuantity", "valueReference"}
OBS_VALUE_TYPES = {"valueQuantity", "valueCodeableConcept", "valueString",
                   "valueBoolean", "valueInteger", "valueRange",
                   "valueRatio", "valueSampledData", "valueTime",
                   "valueDateTime", "valuePeriod"}

problems = []


def bad(where, what):
    problems.append(f"{where}: {what}")


def full(regex, s):
    return isinstance(s, str) and regex.fullmatch(s) is not None


def json_rules(v, where):
    """The JSON representation (R4 json.html): no null, no empty string,
    array or object (ele-1: every element has a value or children)."""
    if v is None:
        bad(where, "null is not allowed in FHIR JSON")
    elif isinstance(v, str):
        if v == "":
            bad(where, "an empty string is not allowed")
        elif v != v.strip():
            bad(where, "a string may not start or end with white space")
    elif isinstance(v, list):
        if not v:
            bad(where, "an empty array is not allowed")
        for i, x in enumerate(v):
            json_rules(x, f"{where}[{i}]")
    elif isinstance(v, dict):
        if not v:
            bad(where, "an empty object is not allowed")
        for k, x in v.items():
            json_rules(x, f"{where}.{k}")


def coding(c, where):
    if not isinstance(c, dict):
        return bad(where, "a Coding must be an object")
    if "system" in c and not full(ABSOLUTE_URI, c["system"]):
        bad(where, "Coding.system must be an absolute URI")
    if "code" in c and not full(CODE, c["code"]):
        bad(where, "Coding.code is not a code")
    if not ({"code", "display"} & c.keys()):
        bad(where, "a Coding without code or display")


def codeable(cc, where):
    if not isinstance(cc, dict):
        return bad(where, "a CodeableConcept must be an object")
    if not ({"coding", "text"} & cc.keys()):
        bad(where, "a CodeableConcept needs coding or text")
    for i, c in enumerate(cc.get("coding", [])):
        coding(c, f"{where}.coding[{i}]")


def reference(r, where, urls):
    if not isinstance(r, dict) or "reference" not in r:
        return bad(where, "a Reference needs a reference here")
    ref = r["reference"]
    if ref.startswith("urn:uuid:") and ref not in urls:
        bad(where, f"{ref} does not resolve inside the bundle")


def qr_items(items, where):
    seen = set()
    for i, it in enumerate(items):
        w = f"{where}[{i}]"
        link = it.get("linkId")
        if not isinstance(link, str):
            bad(w, "item.linkId is required (string)")
        elif link in seen:
            bad(w, f"linkId {link} repeats among siblings (qrs-2)")
        seen.add(link)
        if "answer" in it and "item" in it:
            bad(w, "an item has both answer and item (qrs-1)")
        for k, a in enumerate(it.get("answer", [])):
            vals = [x for x in a if x.startswith("value")]
            if len(vals) != 1 or vals[0] not in QR_ANSWER_TYPES:
                bad(f"{w}.answer[{k}]", "exactly one value[x] of R4's types")
            iv = a.get("valueInteger")
            if iv is not None and (not isinstance(iv, int) or
                                   isinstance(iv, bool) or
                                   not INT32[0] <= iv <= INT32[1]):
                bad(f"{w}.answer[{k}]", "valueInteger is not a 32-bit integer")
        if "item" in it:
            qr_items(it["item"], f"{w}.item")


def questionnaire_response(r, where, urls):
    if r.get("status") not in QR_STATUS:
        bad(where, "status is required and must be in the R4 value set")
    q = r.get("questionnaire")
    if not full(ABSOLUTE_URI, q):
        bad(where, "questionnaire must be a canonical URL")
    if "authored" in r and not full(DATE_TIME, r["authored"]):
        bad(where, "authored is not a dateTime")
    if "subject" not in r:
        bad(where, "no subject")
    else:
        reference(r["subject"], f"{where}.subject", urls)
    qr_items(r.get("item", []), f"{where}.item")


def observation(r, where, urls):
    if r.get("status") not in OBS_STATUS:
        bad(where, "status is required and must be in the R4 value set")
    if "code" not in r:
        bad(where, "code is required")
    else:
        codeable(r["code"], f"{where}.code")
    cats = r.get("category", [])
    if not cats:
        bad(where, "no category")
    for i, c in enumerate(cats):
        codeable(c, f"{where}.category[{i}]")
        for cd in c.get("coding", []):
            if cd.get("system") == OBS_CATEGORY and \
                    cd.get("code") not in OBS_CATEGORY_CODES:
                bad(where, "category code not in observation-category")
    vals = [k for k in r if k.startswith("value")]
    if len(vals) > 1 or (vals and vals[0] not in OBS_VALUE_TYPES):
        bad(where, "at most one value[x] of R4's types")
    if vals and "dataAbsentReason" in r:
        bad(where, "dataAbsentReason with a value (obs-6)")
    iv = r.get("valueInteger")
    if iv is not None and (not isinstance(iv, int) or isinstance(iv, bool)
                           or not INT32[0] <= iv <= INT32[1]):
        bad(where, "valueInteger is not a 32-bit integer")
    for k in ("effectiveDateTime",):
        if k in r and not full(DATE_TIME, r[k]):
            bad(where, f"{k} is not a dateTime")
    if "subject" in r:
        reference(r["subject"], f"{where}.subject", urls)
    else:
        bad(where, "no subject")
    for i, d in enumerate(r.get("derivedFrom", [])):
        reference(d, f"{where}.derivedFrom[{i}]", urls)
    for i, c in enumerate(r.get("interpretation", [])):
        codeable(c, f"{where}.interpretation[{i}]")


def patient(r, where, urls):
    for i, ident in enumerate(r.get("identifier", [])):
        if not full(ABSOLUTE_URI, ident.get("system")):
            bad(f"{where}.identifier[{i}]", "system must be an absolute URI")
        if not isinstance(ident.get("value"), str):
            bad(f"{where}.identifier[{i}]", "no value")
    for k in ("name", "birthDate", "address", "telecom"):
        if k in r:
            bad(where, f"{k}: the subject must stay pseudonymous")


def bundle(b, name):
    json_rules(b, name)
    if b.get("resourceType") != "Bundle":
        bad(name, "not a Bundle")
        return []
    if "id" in b and not full(ID, b["id"]):
        bad(name, "Bundle.id is not an id")
    if b.get("type") not in BUNDLE_TYPES:
        bad(name, "Bundle.type is required and must be in the value set")
    if not full(INSTANT, b.get("timestamp")):
        bad(name, "Bundle.timestamp is not an instant")
    if "total" in b and b.get("type") not in ("searchset", "history"):
        bad(name, "total only in a searchset or history (bdl-1)")
    entries = b.get("entry", [])
    urls = [e.get("fullUrl") for e in entries]
    seen = set()
    for i, e in enumerate(entries):
        w = f"{name}.entry[{i}]"
        u = e.get("fullUrl")
        if not full(ABSOLUTE_URI, u):
            bad(w, "fullUrl must be an absolute URI")
        if isinstance(u, str) and u.startswith("urn:uuid:") and \
                not full(UUID_URN, u):
            bad(w, "a urn:uuid fullUrl must be a lower-case UUID")
        if isinstance(u, str) and "/_history/" in u:
            bad(w, "fullUrl may not be version specific (bdl-8)")
        if u in seen:
            bad(w, f"fullUrl {u} repeats (bdl-7)")
        seen.add(u)
        if "search" in e:
            bad(w, "search only in a searchset (bdl-2)")
        if "request" in e or "response" in e:
            bad(w, "request/response not in a collection (bdl-3, bdl-4)")
        r = e.get("resource")
        if not isinstance(r, dict):
            bad(w, "an entry needs a resource here (bdl-5)")
            continue
        rt = r.get("resourceType")
        if "id" in r and not full(ID, r["id"]):
            bad(w, "resource.id is not an id")
        if rt == "QuestionnaireResponse":
            questionnaire_response(r, w, urls)
        elif rt == "Observation":
            observation(r, w, urls)
        elif rt == "Patient":
            patient(r, w, urls)
        else:
            bad(w, f"unexpected resource {rt}")
    return urls


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    all_urls = {}
    for path in argv[1:]:
        with open(path, encoding="utf-8") as f:
            b = json.load(f)
        for u in bundle(b, path):
            if u in all_urls and all_urls[u] != path:
                bad(path, f"fullUrl {u} is also in {all_urls[u]}")
            all_urls.setdefault(u, path)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

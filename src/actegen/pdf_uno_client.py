"""The UNO client of the LibreOffice pool: run by a Python that has ``uno`` (Debian's
``python3-uno``, for the system's ``/usr/bin/python3``), never imported by actegen itself.

``python3 pdf_uno_client.py PIPE`` connects to the headless LibreOffice listening on the
named pipe ``PIPE`` (``--accept=pipe,name=PIPE;urp;``), then reads JSON lines on stdin,
one document each, and answers each with one JSON line on stdout:

    {"in": "/abs/a.docx", "out": "/abs/a.pdf", "version": 1}  →  {"ok": true}
    … a document LibreOffice cannot open or export           →  {"ok": false, "error": "…"}

First line written: {"ready": true} once connected (or {"ok": false, "error": …} and exit 2).
``version`` is LibreOffice's ``SelectPdfVersion`` (0 plain PDF, 1 PDF/A-1, 2 PDF/A-2).
End of stdin: LibreOffice is asked to terminate. Standard library and ``uno`` only: this
file runs outside actegen's virtual environment.
"""

import json
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

CONNECT_SECONDS = 60


def prop(name, value):
    return PropertyValue(Name=name, Value=value)


def connect(pipe):
    """The LibreOffice desktop, retried while LibreOffice starts."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def filter_data(version):
    """writer_pdf_Export's options: the PDF version, every font embedded, no thumbnails."""
    values = (
        prop("SelectPdfVersion", int(version)),
        prop("EmbedStandardFonts", True),
        prop("UseTaggedPDF", int(version) != 0),
        prop("ExportBookmarks", True),
    )
    return uno.Any("[]com.sun.star.beans.PropertyValue", values)


def convert(desktop, source, target, version):
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(source),
        "_blank",
        0,
        (prop("Hidden", True), prop("ReadOnly", True), prop("UpdateDocMode", 0)),
    )
    if document is None:
        raise RuntimeError("document illisible pour LibreOffice")
    try:
        args = (prop("FilterName", "writer_pdf_Export"), prop("FilterData", filter_data(version)))
        uno.invoke(document, "storeToURL", (uno.systemPathToFileUrl(target), args))
    finally:
        document.close(True)


def reply(message):
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main():
    try:
        desktop = connect(sys.argv[1])
    except Exception as exc:  # noqa: BLE001 - any failure to connect is told to the parent
        reply({"ok": False, "error": f"connexion à LibreOffice impossible ({type(exc).__name__})"})
        return 2
    reply({"ready": True})
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            convert(desktop, request["in"], request["out"], request.get("version", 1))
        except Exception as exc:  # noqa: BLE001 - UNO raises its own types: this document fails, not the client
            detail = getattr(exc, "Message", "") or str(exc) or type(exc).__name__
            reply({"ok": False, "error": detail.strip().splitlines()[0][:200] if detail.strip() else "?"})
        else:
            reply({"ok": True})
    try:
        desktop.terminate()
    except Exception:  # noqa: BLE001 - LibreOffice already gone: nothing to stop
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
